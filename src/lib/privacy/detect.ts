/**
 * Personal data found in a table: for each text column, the kind most of its values look like
 * (e-mail addresses, phone numbers, card numbers, IBANs, IP addresses, person names, street
 * addresses), with the evidence: how many rows match and one example with most of it hidden.
 * Each distinct value is tested once and counted by its rows, so a large file costs its
 * dictionary, not its rows.
 */
import type { Table } from '../data/table';
import { DETECTORS, type PersonalDataKind } from './detectors';

export interface PersonalDataFinding {
  column: string;
  kind: PersonalDataKind;
  /** "e-mail addresses". */
  label: string;
  /** Rows whose value looks like this kind, of the rows with a value. */
  matches: number;
  rows: number;
  /** One matching value, mostly hidden: "j•••@e•••.com". */
  example: string;
}

export interface DetectOptions {
  /** Share of a column's values (by rows) that must match (default 0.5). */
  minShare?: number;
  /** Distinct values tested at most per column (default 5,000, the most frequent first). */
  maxValues?: number;
}

/** The personal data each text column holds, if any (one finding per column at most). */
export function detectPersonalData(
  table: Table,
  options: DetectOptions = {},
): PersonalDataFinding[] {
  const minShare = options.minShare ?? 0.5;
  const maxValues = options.maxValues ?? 5000;
  const findings: PersonalDataFinding[] = [];
  for (const column of table.columns) {
    if (column.storage !== 'dictionary') continue;
    const counts = new Float64Array(column.categories.length);
    let rows = 0;
    for (let row = 0; row < table.rowCount; row++) {
      const code = column.codes[row] ?? -1;
      if (code >= 0) {
        counts[code] = (counts[code] ?? 0) + 1;
        rows++;
      }
    }
    if (rows === 0) continue;
    // The most frequent values, so a sample of the dictionary still covers most rows.
    const order = Array.from(counts.keys())
      .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))
      .slice(0, maxValues);
    const covered = order.reduce((sum, code) => sum + (counts[code] ?? 0), 0);
    let best: PersonalDataFinding | null = null;
    for (const detector of DETECTORS) {
      if (detector.header && !detector.header.test(column.name)) continue;
      let matches = 0;
      let example = '';
      for (const code of order) {
        const value = (column.categories[code] ?? '').trim();
        if (!detector.test(value)) continue;
        matches += counts[code] ?? 0;
        example ||= detector.mask(value);
      }
      // Judged on the rows the tested values cover; counted as found.
      if (matches / covered >= minShare && (!best || matches > best.matches)) {
        best = {
          column: column.name,
          kind: detector.kind,
          label: detector.label,
          matches,
          rows,
          example,
        };
      }
    }
    if (best) findings.push(best);
  }
  return findings;
}
