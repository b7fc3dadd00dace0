import type { TableIssue } from '../table';

/** Individual warnings kept per kind of problem; the rest are counted in a summary. */
export const MAX_ROW_ISSUES = 20;

/**
 * Warnings about rows with too few or too many fields and text after closing quotes: the
 * first MAX_ROW_ISSUES of each kind one by one, then one summary each (a million ragged rows
 * must not make a million warnings). Row numbers are the file's 1-based data rows.
 */
export class RowIssues {
  readonly #issues: TableIssue[];
  #shortRows = 0;
  #longRows = 0;
  #strayQuotes = 0;

  /** Warnings go into `issues`, the table's list. */
  constructor(issues: TableIssue[]) {
    this.#issues = issues;
  }

  shortRow(row: number, fields: number, expected: number): void {
    if (++this.#shortRows > MAX_ROW_ISSUES) return;
    this.#issues.push({
      code: 'ragged_row',
      message: `Row ${row} has ${fields} field(s) but the header has ${expected}; the missing ones are treated as missing values.`,
      row,
    });
  }

  longRow(row: number, fields: number, expected: number): void {
    if (++this.#longRows > MAX_ROW_ISSUES) return;
    this.#issues.push({
      code: 'ragged_row',
      message: `Row ${row} has ${fields} fields but the header has ${expected}; the extra ones are ignored.`,
      row,
    });
  }

  strayQuote(row: number, column: string): void {
    if (++this.#strayQuotes > MAX_ROW_ISSUES) return;
    this.#issues.push({
      code: 'stray_quote',
      message: `Row ${row}, column "${column}": text follows a closing quote; it was kept as part of the value.`,
      row,
      column,
    });
  }

  /** Adds the summaries of the kinds that had more than MAX_ROW_ISSUES (call once, at the end). */
  summarise(): void {
    const summary = (count: number, what: string) => {
      if (count > MAX_ROW_ISSUES) {
        this.#issues.push({
          code: 'ragged_row',
          message: `${count} rows in all ${what} (the first ${MAX_ROW_ISSUES} are listed).`,
        });
      }
    };
    summary(this.#shortRows, 'have fewer fields than the header');
    summary(this.#longRows, 'have more fields than the header');
    if (this.#strayQuotes > MAX_ROW_ISSUES) {
      this.#issues.push({
        code: 'stray_quote',
        message: `${this.#strayQuotes} fields in all have text after a closing quote.`,
      });
    }
  }
}
