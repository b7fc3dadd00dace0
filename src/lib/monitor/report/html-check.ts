/**
 * Test helper: the tags of a document this module wrote, and a check that they nest. Not an HTML
 * parser: it relies on the writer escaping every `<` in text (which is what the tests check), so
 * that each `<` starts a tag, and on attribute values quoted with double quotes.
 */

/** Elements that have no end tag in HTML. */
const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input']);

export interface Tag {
  name: string;
  closing: boolean;
  /** Written as `<x />` (SVG): opens and closes at once. */
  selfClosing: boolean;
  attributes: string[];
}

/** Every tag, in order (the doctype and the text of `<style>` skipped). */
export function tagsOf(html: string): Tag[] {
  const withoutStyle = html.replace(/(<style>)[\s\S]*?(<\/style>)/g, '$1$2');
  const tags: Tag[] = [];
  for (const match of withoutStyle.matchAll(
    /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g,
  )) {
    const attributes = [...(match[3] ?? '').matchAll(/([\w:-]+)(?:="[^"]*")?/g)].map(
      (m) => m[1] ?? '',
    );
    tags.push({
      name: match[2]!.toLowerCase(),
      closing: match[1] === '/',
      selfClosing: match[4] === '/',
      attributes,
    });
  }
  return tags;
}

/** Problems with the nesting of the tags (empty when every element is closed in order). */
export function nestingProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  // Every `<` must start a tag the pattern above recognises, or text was not escaped.
  const opened = (
    html
      .replace(/<!DOCTYPE html>/i, '')
      .replace(/<style>[\s\S]*?<\/style>/g, '<style></style>')
      .match(/</g) ?? []
  ).length;
  const tags = tagsOf(html);
  if (opened !== tags.length) problems.push(`${opened} "<" but ${tags.length} tags`);
  for (const tag of tags) {
    if (VOID.has(tag.name) || tag.selfClosing) continue;
    if (!tag.closing) stack.push(tag.name);
    else if (stack.at(-1) === tag.name) stack.pop();
    else problems.push(`</${tag.name}> closes <${stack.at(-1) ?? 'nothing'}>`);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' ')}`);
  return problems;
}
