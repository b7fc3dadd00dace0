import type { TableIssue } from '../table';

/**
 * Makes header names unique and non-empty, deterministically: a repeated "a" becomes "a_2",
 * "a_3", ... (skipping names already taken); an empty header becomes "column_N".
 */
export function uniqueHeaders(raw: string[]): { names: string[]; issues: TableIssue[] } {
  const issues: TableIssue[] = [];
  const taken = new Set(raw.map((name) => name.trim()).filter((name) => name !== ''));
  const used = new Set<string>();
  const names = raw.map((original, index) => {
    let name = original.trim();
    if (name === '') {
      name = freshName(`column_${index + 1}`, taken, used);
      issues.push({
        code: 'empty_header',
        message: `Column ${index + 1} has no header; it is called "${name}".`,
        column: name,
      });
    } else if (used.has(name)) {
      const renamed = freshName(name, taken, used);
      issues.push({
        code: 'duplicate_header',
        message: `The header "${name}" appears more than once; column ${index + 1} is called "${renamed}".`,
        column: renamed,
      });
      name = renamed;
    }
    used.add(name);
    return name;
  });
  return { names, issues };
}

function freshName(base: string, taken: Set<string>, used: Set<string>): string {
  if (!used.has(base) && !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate) && !taken.has(candidate)) return candidate;
  }
}
