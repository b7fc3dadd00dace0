/**
 * A markdown table with padded cells, so the report also reads well in a terminal; columns from
 * `firstNumeric` on are right-aligned.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {number} firstNumeric
 */
export function markdownTable(header, rows, firstNumeric) {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  /** @param {string[]} cells */
  const line = (cells) =>
    `| ${cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column >= firstNumeric ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column >= firstNumeric ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)];
}
