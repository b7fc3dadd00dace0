/**
 * readCsv against uDSV (typedCols, after inferSchema) and PapaParse (dynamicTyping) on the real
 * corpus, in Node (issue 20): `npx tsx bench/csv-real/node.ts`. For each file and parser:
 * - first: the first read in a fresh process (module loading not counted, every fixed cost of
 *   the read itself counted: the JIT has seen nothing yet);
 * - median: of 7 reads in one process, the parsers in rotation, the first round included.
 * MiB/s of the median, and the ratio uDSV time / readCsv time (goal >= 1.0).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PARSERS, PARSER_NAMES } from '../csv-parsers';
import type { CsvParserName } from '../types';
import { corpus } from './corpus';

const ROUNDS = 7;
const MIB = 1024 * 1024;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function timed(parser: CsvParserName, bytes: Uint8Array): Promise<number> {
  const started = performance.now();
  await PARSERS[parser](bytes);
  return performance.now() - started;
}

/** `--first <file> <parser>`: one read in this fresh process, its time printed. */
async function firstRead(name: string, parser: CsvParserName): Promise<void> {
  const file = corpus({ large: name === 'zipcodes-1m.csv' }).find((f) => f.name === name);
  if (!file) throw new Error(`no file ${name}`);
  process.stdout.write(`${await timed(parser, file.bytes)}\n`);
}

function firstInFreshProcess(name: string, parser: CsvParserName): number {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--first', name, parser], {
    encoding: 'utf8',
  });
  return Number(out.trim().split('\n').at(-1));
}

async function main(): Promise<void> {
  const lines = [
    '| file | rows | MiB | readCsv first / median (ms) | uDSV first / median (ms) | PapaParse first / median (ms) | readCsv MiB/s | uDSV MiB/s | PapaParse MiB/s | ratio (uDSV / readCsv, median) | ratio, first read |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const file of corpus()) {
    const rows = (await PARSERS['workbench readCsv'](file.bytes)).rows;
    const times = Object.fromEntries(PARSER_NAMES.map((p) => [p, [] as number[]])) as Record<
      CsvParserName,
      number[]
    >;
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < PARSER_NAMES.length; k++) {
        const parser = PARSER_NAMES[(round + k) % PARSER_NAMES.length] as CsvParserName;
        times[parser].push(await timed(parser, file.bytes));
      }
    }
    const first = Object.fromEntries(
      PARSER_NAMES.map((p) => [p, firstInFreshProcess(file.name, p)]),
    ) as Record<CsvParserName, number>;
    const med = (p: CsvParserName) => median(times[p]);
    const mib = file.bytes.length / MIB;
    const cell = (p: CsvParserName) => `${first[p].toFixed(1)} / ${med(p).toFixed(1)}`;
    const rate = (p: CsvParserName) => (mib / (med(p) / 1000)).toFixed(0);
    lines.push(
      `| ${file.name} | ${rows.toLocaleString('en-US')} | ${mib.toFixed(2)} | ${cell('workbench readCsv')} | ${cell('uDSV typedCols')} | ${cell('PapaParse dynamicTyping')} | ${rate('workbench readCsv')} | ${rate('uDSV typedCols')} | ${rate('PapaParse dynamicTyping')} | ${(med('uDSV typedCols') / med('workbench readCsv')).toFixed(2)} | ${(first['uDSV typedCols'] / first['workbench readCsv']).toFixed(2)} |`,
    );
    console.error(lines.at(-1));
  }
  console.log(lines.join('\n'));
}

const args = process.argv.slice(2);
if (args[0] === '--first') await firstRead(args[1] ?? '', args[2] as CsvParserName);
else await main();
