import type { Column, TableIssue } from '../table';

/** More distinct categories than this (or more than half the values) is a lot for one-hot. */
const HIGH_CARDINALITY = 100;

/** Characters of a cell quoted in a warning. */
const QUOTED_CHARS = 40;

/**
 * A cell as a warning quotes it: at most QUOTED_CHARS characters, copied, so that a warning
 * neither holds a 60 MB cell nor keeps alive the text it was cut from.
 */
export function clipped(text: string): string {
  if (text.length <= QUOTED_CHARS) return text;
  return Array.from(text.slice(0, QUOTED_CHARS)).join('') + '…';
}

/** Warnings about a whole column: no values, one value, an ID, or very many categories. */
export function columnIssues(column: Column): TableIssue[] {
  const name = column.name;
  const cells = column.storage === 'number' ? column.values.length : column.codes.length;
  const present = cells - column.missing;
  const issue = (code: string, message: string): TableIssue[] => [
    { code, message: `Column "${name}" ${message}`, column: name },
  ];
  if (present === 0) return issue('all_missing', 'has no values: every cell is missing.');
  if (column.kind === 'constant') {
    const value =
      column.storage === 'number'
        ? String(column.values.find((v) => !Number.isNaN(v)))
        : clipped(column.categories[0] ?? '');
    return issue(
      'constant_column',
      `has the same value ("${value}") in every row; it cannot help a model.`,
    );
  }
  if (column.kind === 'identifier') {
    return issue(
      'id_like_column',
      'looks like an ID: almost every value differs; it rarely helps a model.',
    );
  }
  const distinct = column.storage === 'dictionary' ? column.categories.length : 0;
  if (
    column.kind === 'categorical' &&
    (distinct > HIGH_CARDINALITY || (distinct > 20 && distinct > present / 2))
  ) {
    return issue(
      'high_cardinality',
      `has ${distinct} different values; as categories they make many sparse inputs. Consider grouping rare values or leaving it out.`,
    );
  }
  return [];
}
