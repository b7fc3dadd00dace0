/**
 * Seeded CSV files for the ingest benchmarks, produced as many string parts so even the 150 MB
 * file is never one string: the parts go straight into a Blob.
 */
import { createRng } from '../src/lib/train/rng';
import type { CsvFileKind } from './types';

type Random = () => number;

export interface CsvColumnSpec {
  name: string;
  /** True for a column every parser should type as numbers (counts toward the payload). */
  numeric: boolean;
  cell(random: Random, row: number): string;
}

export interface CsvSpec {
  rows: number;
  columns: CsvColumnSpec[];
}

/** Rows per string part: about 0.5-1 MB of text, small next to the file, large next to a row. */
const ROWS_PER_PART = 8192;
/** Parts are folded into Blobs of about this size so their strings can be collected early. */
const BLOB_GROUP_BYTES = 16 * 1024 * 1024;

const CATEGORIES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const CITY_STARTS = [
  'North',
  'South',
  'East',
  'West',
  'New',
  'Old',
  'Lake',
  'Port',
  'Fort',
  'Glen',
];
const CITY_ENDS = ['field', 'ham', 'ton', 'bridge', 'ford', 'wood', 'haven', 'view', 'mouth'];
const WORDS = ['late', 'fine', 'broken', 'refund', 'great', 'slow', 'box', 'blue', 'call', 'ok'];

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A float of varying width, as real exports have: scale and decimals depend on the column. */
function floatColumn(name: string, scale: number, decimals: number): CsvColumnSpec {
  return {
    name,
    numeric: true,
    cell: (random) => ((random() * 2 - 1) * scale).toFixed(decimals),
  };
}

/** 10 float columns: the case typed columns are built for. ~15 MB at 200k rows. */
export function numericSpec(rows: number): CsvSpec {
  const columns = Array.from({ length: 10 }, (_, c) =>
    floatColumn(`x${c}`, 10 ** (1 + (c % 3)), 2 + (c % 4)),
  );
  return { rows, columns };
}

/**
 * Strings, categories, booleans, ISO timestamps and quoted text with commas and escaped quotes
 * beside a few numeric columns (one with 2% empty cells). ~11 MB at 100k rows.
 */
export function mixedSpec(rows: number): CsvSpec {
  const start = Date.UTC(2021, 0, 1);
  const text = (name: string, cell: CsvColumnSpec['cell']) => ({ name, numeric: false, cell });
  return {
    rows,
    columns: [
      { name: 'id', numeric: true, cell: (_, row) => String(row + 1) },
      // Seconds only and a Z: the ISO form all three parsers recognise as a date.
      text(
        'time',
        (random, row) =>
          new Date(start + row * 37_000 + Math.floor(random() * 30_000))
            .toISOString()
            .slice(0, 19) + 'Z',
      ),
      floatColumn('price', 500, 2),
      { name: 'quantity', numeric: true, cell: (random) => String(1 + Math.floor(random() * 20)) },
      {
        name: 'score',
        numeric: true,
        cell: (random) => (random() < 0.02 ? '' : ((random() - 0.5) * 10).toFixed(3)),
      },
      text('category', (random) => pick(random, CATEGORIES)),
      text('city', (random) => pick(random, CITY_STARTS) + pick(random, CITY_ENDS)),
      text('active', (random) => (random() < 0.5 ? 'true' : 'false')),
      text('user', (random) => `user_${Math.floor(random() * 50_000)}`),
      text('comment', comment),
    ],
  };
}

/** Six in ten comments are quoted and hold a comma; half of those also hold "" escapes. */
function comment(random: Random): string {
  const words = `${pick(random, WORDS)} ${pick(random, WORDS)}`;
  if (random() < 0.4) return words;
  const quote = random() < 0.5 ? `""${pick(random, WORDS)}""` : pick(random, WORDS);
  return `"${words}, said ${quote} on call ${Math.floor(random() * 1000)}"`;
}

/** 20 columns: 18 numeric (floats and integers) and 2 categorical. ~150 MB at 1M rows. */
export function wideSpec(rows: number): CsvSpec {
  const numeric = Array.from({ length: 18 }, (_, c) =>
    c % 6 === 5
      ? {
          name: `n${c}`,
          numeric: true,
          cell: (random: Random) => String(Math.floor(random() * 1e5)),
        }
      : floatColumn(`x${c}`, 10 ** (1 + (c % 3)), 3 + (c % 3)),
  );
  return {
    rows,
    columns: [
      ...numeric,
      { name: 'segment', numeric: false, cell: (random) => pick(random, CATEGORIES) },
      { name: 'region', numeric: false, cell: (random) => pick(random, CITY_STARTS) },
    ],
  };
}

/** Every generated file by name (the big-ingest benchmark can read any of them). */
export const CSV_SPECS: Record<CsvFileKind, (rows: number) => CsvSpec> = {
  numeric: numericSpec,
  mixed: mixedSpec,
  wide: wideSpec,
};

/** The file's text in parts: the header, then blocks of rows, each ending with a newline. */
export function* csvParts(spec: CsvSpec, seed: number): Generator<string> {
  const random = createRng(seed);
  const { columns } = spec;
  yield `${columns.map((column) => column.name).join(',')}\n`;
  const cells: string[] = new Array<string>(columns.length);
  for (let first = 0; first < spec.rows; first += ROWS_PER_PART) {
    const lines: string[] = [];
    for (let row = first; row < Math.min(spec.rows, first + ROWS_PER_PART); row++) {
      for (let c = 0; c < columns.length; c++)
        cells[c] = (columns[c] as CsvColumnSpec).cell(random, row);
      lines.push(cells.join(','));
    }
    yield `${lines.join('\n')}\n`;
  }
}

/** The whole file as UTF-8 bytes (for the throughput files, which fit in memory many times). */
export function csvBytes(spec: CsvSpec, seed: number): Uint8Array {
  return new TextEncoder().encode([...csvParts(spec, seed)].join(''));
}

/** The file as a Blob of Blobs, holding at most ~16 MB of strings at any time. */
export function csvBlob(spec: CsvSpec, seed: number): Blob {
  const groups: Blob[] = [];
  let parts: string[] = [];
  let size = 0;
  for (const part of csvParts(spec, seed)) {
    parts.push(part);
    size += part.length; // ASCII only: characters are bytes
    if (size >= BLOB_GROUP_BYTES) {
      groups.push(new Blob(parts, { type: 'text/csv' }));
      parts = [];
      size = 0;
    }
  }
  groups.push(new Blob(parts, { type: 'text/csv' }));
  return new Blob(groups, { type: 'text/csv' });
}
