/**
 * The real-data CSV corpus (issue 20): public datasets from the vega-datasets npm package
 * (BSD-3-Clause), read from node_modules, never committed. Text-heavy small files (airport and
 * species names, incident records), a numeric one, codes and coordinates, and two made here from
 * real rows: flights-200k (the package's JSON as CSV) and 1,000,000 rows of zipcodes (its rows
 * repeated, so strings stay real and distinct per block).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface CorpusFile {
  name: string;
  description: string;
  bytes: Uint8Array;
}

const require = createRequire(import.meta.url);
// The package exports only its build; the data folder sits beside it (build/index.js).
const DATA = join(dirname(require.resolve('vega-datasets')), '..', 'data');

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DATA, name)));

const FILES: { name: string; description: string }[] = [
  { name: 'airports.csv', description: 'codes, airport names, cities, states, coordinates' },
  { name: 'sp500-2000.csv', description: 'dates and prices' },
  { name: 'birdstrikes.csv', description: 'incident records: long names, models, dates' },
  { name: 'species.csv', description: 'ids, common and scientific names, codes' },
  { name: 'zipcodes.csv', description: 'zip codes, coordinates, cities, counties' },
  { name: 'seattle-weather-hourly-normals.csv', description: 'hourly times and readings' },
];

function flightsCsv(): Uint8Array {
  const rows = JSON.parse(readFileSync(join(DATA, 'flights-200k.json'), 'utf8')) as Record<
    string,
    unknown
  >[];
  const keys = Object.keys(rows[0] ?? {});
  const lines = [keys.join(',')];
  for (const row of rows) lines.push(keys.map((key) => String(row[key])).join(','));
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** zipcodes.csv's rows repeated to `rows` rows, each block's zip codes made distinct. */
function zipcodesRepeated(rows: number): Uint8Array {
  const [header = '', ...lines] = new TextDecoder()
    .decode(read('zipcodes.csv'))
    .trim()
    .split(/\r?\n/);
  const out = [header];
  for (let i = 0; out.length <= rows; i++) {
    const block = Math.floor(i / lines.length);
    const line = lines[i % lines.length] ?? '';
    out.push(block === 0 ? line : line.replace(/^(\d+)/, `$1-${block}`));
  }
  return new TextEncoder().encode(`${out.join('\n')}\n`);
}

export function corpus(options: { large?: boolean } = {}): CorpusFile[] {
  const files: CorpusFile[] = FILES.map(({ name, description }) => ({
    name,
    description,
    bytes: read(name),
  }));
  files.push({
    name: 'flights-200k.csv',
    description: 'the package’s flights-200k.json as CSV: 200,000 rows of numbers',
    bytes: flightsCsv(),
  });
  if (options.large !== false) {
    files.push({
      name: 'zipcodes-1m.csv',
      description: 'zipcodes.csv’s rows repeated to 1,000,000 rows',
      bytes: zipcodesRepeated(1_000_000),
    });
  }
  return files;
}
