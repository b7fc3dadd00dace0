/// <reference lib="webworker" />
/**
 * CSV ingest throughput: our readCsv against uDSV and PapaParse on the same bytes, in one worker
 * so all three run on the same engine, thread and heap state. Also builds the big file for the
 * large-ingest benchmark (in a worker, so generating it never blocks the page).
 *
 * uDSV compiles its row converters with `new Function`: the runner serves this worker, and only
 * this one, with 'unsafe-eval' added to its CSP (bench/run.mjs).
 */
import * as Comlink from 'comlink';
import { CSV_SPECS, csvBlob, csvBytes, mixedSpec, numericSpec, type CsvSpec } from './csv-data';
import { PARSER_NAMES, PARSERS, type ParsedShape } from './csv-parsers';
import type { CsvBenchApi, CsvParserName, CsvParserRun, CsvThroughputResult } from './types';

const SEED = 7;
const REPEATS = 3;
const MIB = 1024 * 1024;

type Log = (line: string) => void;

interface BenchFile {
  file: CsvThroughputResult['file'];
  description: string;
  spec: CsvSpec;
}

const FILES: BenchFile[] = [
  { file: 'numeric', description: '200k rows x 10 float columns', spec: numericSpec(200_000) },
  {
    file: 'mixed',
    description: '100k rows: 4 numeric, ISO time, boolean, 2 categorical, id-like, quoted text',
    spec: mixedSpec(100_000),
  },
];

const api: CsvBenchApi = {
  async throughput(onProgress) {
    const results: CsvThroughputResult[] = [];
    for (const file of FILES) results.push(await measureFile(file, onProgress));
    return results;
  },

  largeFile(rows, kind) {
    const started = performance.now();
    const spec = CSV_SPECS[kind](rows);
    const blob = csvBlob(spec, SEED);
    return Promise.resolve({
      kind,
      blob,
      rows,
      columns: spec.columns.length,
      numericColumns: spec.columns.filter((column) => column.numeric).length,
      seconds: (performance.now() - started) / 1000,
    });
  },
};

Comlink.expose(api);

async function measureFile(file: BenchFile, log: Log): Promise<CsvThroughputResult> {
  const empty = {
    file: file.file,
    description: file.description,
    rows: file.spec.rows,
    columns: file.spec.columns.length,
    repeats: REPEATS,
  };
  try {
    const bytes = csvBytes(file.spec, SEED);
    log(`csv ${file.file}: ${(bytes.byteLength / MIB).toFixed(1)} MiB, warming up each parser`);
    // The warm-up run also checks that every parser read every row.
    const shapes = new Map<CsvParserName, ParsedShape>();
    const first = new Map<CsvParserName, number>();
    for (const name of PARSER_NAMES) {
      globalThis.gc?.();
      const started = performance.now();
      const shape = await PARSERS[name](bytes);
      first.set(name, (performance.now() - started) / 1000);
      shapes.set(name, checked(name, shape, file));
    }
    const seconds = await timeRounds(bytes, (line) => log(`csv ${file.file}: ${line}`));
    const runs = PARSER_NAMES.map((name): CsvParserRun => {
      const times = seconds.get(name) ?? [];
      const best = Math.min(...times);
      return {
        parser: name,
        bestSeconds: best,
        mibPerSecond: bytes.byteLength / MIB / best,
        seconds: times,
        firstSeconds: first.get(name) ?? NaN,
        typed: shapes.get(name)?.typed ?? { numbers: 0, dates: 0, booleans: 0, strings: 0 },
      };
    });
    const rate = (name: CsvParserName) =>
      runs.find((run) => run.parser === name)?.mibPerSecond ?? 0;
    const ours = rate('workbench readCsv');
    return {
      ...empty,
      bytes: bytes.byteLength,
      parsers: runs,
      ratioToUdsv: ours / rate('uDSV typedCols'),
      ratioToPapa: ours / rate('PapaParse dynamicTyping'),
      firstRatioToUdsv:
        (first.get('uDSV typedCols') ?? NaN) / (first.get('workbench readCsv') ?? NaN),
      error: '',
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`csv ${file.file}: failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return {
      ...empty,
      bytes: 0,
      parsers: [],
      ratioToUdsv: 0,
      ratioToPapa: 0,
      firstRatioToUdsv: 0,
      error: message,
    };
  }
}

/** REPEATS timed runs of every parser, the order rotated each round so each runs first once. */
async function timeRounds(bytes: Uint8Array, log: Log): Promise<Map<CsvParserName, number[]>> {
  const seconds = new Map<CsvParserName, number[]>(PARSER_NAMES.map((name) => [name, []]));
  for (let round = 0; round < REPEATS; round++) {
    for (const name of rotate(PARSER_NAMES, round)) {
      const time = await timeParser(name, bytes);
      seconds.get(name)?.push(time);
      log(`${name} ${time.toFixed(3)} s`);
    }
  }
  return seconds;
}

async function timeParser(name: CsvParserName, bytes: Uint8Array): Promise<number> {
  // Collect the previous run's garbage first (the runner starts Chromium with --expose-gc), so
  // no parser pays for another's.
  globalThis.gc?.();
  const started = performance.now();
  await PARSERS[name](bytes);
  return (performance.now() - started) / 1000;
}

function checked(name: CsvParserName, shape: ParsedShape, file: BenchFile): ParsedShape {
  if (shape.rows !== file.spec.rows) {
    throw new Error(`${name} read ${shape.rows} rows of ${file.file}, expected ${file.spec.rows}`);
  }
  return shape;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
