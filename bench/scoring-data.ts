/**
 * The files the scoring benchmark scores: a sample's rows, without its target column (a file
 * to score has none), repeated to the wanted row count, read with readCsv as the Deploy
 * screen's worker reads a dropped file.
 */
import { readCsv, type Table } from '../src/lib/index';

export interface ScoringFile {
  table: Table;
  bytes: number;
  /** readCsv of the file as a Blob, in seconds. */
  readSeconds: number;
}

/** The sample's header and data lines, the `target` column taken out. */
export async function sampleLines(
  dataset: string,
  target: string,
): Promise<{ header: string; lines: string[] }> {
  const response = await fetch(`/samples/${dataset}.csv`);
  if (!response.ok) throw new Error(`/samples/${dataset}.csv: HTTP ${response.status}`);
  // The samples hold no quoted fields, so splitting on commas is exact.
  const [header = '', ...lines] = (await response.text()).trim().split(/\r?\n/);
  const drop = header.split(',').indexOf(target);
  const keep = (line: string) =>
    line
      .split(',')
      .filter((_, i) => i !== drop)
      .join(',');
  return { header: keep(header), lines: lines.map(keep) };
}

/** `rows` data lines (the sample's, repeated) under the header, read with readCsv. */
export async function scoringFile(
  sample: { header: string; lines: string[] },
  rows: number,
): Promise<ScoringFile> {
  const parts = [`${sample.header}\n`];
  for (let start = 0; start < rows; start += sample.lines.length) {
    const count = Math.min(sample.lines.length, rows - start);
    parts.push(`${sample.lines.slice(0, count).join('\n')}\n`);
  }
  const blob = new Blob(parts, { type: 'text/csv' });
  const started = performance.now();
  const table = await readCsv(blob);
  const readSeconds = (performance.now() - started) / 1000;
  if (table.rowCount !== rows) throw new Error(`readCsv read ${table.rowCount} of ${rows} rows`);
  return { table, bytes: blob.size, readSeconds };
}
