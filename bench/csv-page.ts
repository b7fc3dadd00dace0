/**
 * The page side of the CSV benchmarks: throughput runs wholly in a worker; the big ingest is
 * driven from here, because the page's own main thread is what it watches for long tasks.
 */
import * as Comlink from 'comlink';
import { withWorker } from './worker-call';
import type {
  CsvBenchApi,
  CsvFileKind,
  CsvIngestApi,
  CsvLargeIngestResult,
  CsvThroughputResult,
  LargeCsvFile,
  LongTaskSummary,
  ProbeReport,
  ProbeRequest,
} from './types';

type Log = (line: string) => void;

const MIB = 1024 * 1024;
/** The runner finds the ingest worker's CDP target by this part of its script URL. */
const INGEST_WORKER_URL_PART = 'csv-ingest.worker';

export function runCsvThroughput(log: Log): Promise<CsvThroughputResult[]> {
  const worker = new Worker(new URL('./csv-bench.worker.ts', import.meta.url), { type: 'module' });
  return withWorker<CsvBenchApi, CsvThroughputResult[]>(worker, (bench) =>
    bench.throughput(Comlink.proxy(log)),
  );
}

/** Builds the big file in one worker, then times a fresh worker's readCsv on it. */
export async function runCsvLarge(
  rows: number,
  kind: CsvFileKind,
  log: Log,
): Promise<CsvLargeIngestResult> {
  try {
    log(`csv large: generating ${rows.toLocaleString('en-US')} rows of the ${kind} file`);
    const generator = new Worker(new URL('./csv-bench.worker.ts', import.meta.url), {
      type: 'module',
    });
    const file = await withWorker<CsvBenchApi, LargeCsvFile>(generator, (bench) =>
      bench.largeFile(rows, kind),
    );
    log(
      `csv large: ${(file.blob.size / MIB).toFixed(0)} MiB built in ${file.seconds.toFixed(1)} s`,
    );
    const worker = new Worker(new URL('./csv-ingest.worker.ts', import.meta.url), {
      type: 'module',
    });
    const result = await withWorker<CsvIngestApi, CsvLargeIngestResult>(worker, (ingest) =>
      timeIngest(ingest, file),
    );
    log(
      `csv large: read in ${result.seconds.toFixed(1)} s (${result.mibPerSecond.toFixed(1)} MiB/s), ` +
        `longest main-thread task ${result.longTasks.maxMs.toFixed(0)} ms`,
    );
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`csv large: failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return { ...emptyResult(rows, kind), error: message };
  }
}

async function timeIngest(
  ingest: Comlink.Remote<CsvIngestApi>,
  file: LargeCsvFile,
): Promise<CsvLargeIngestResult> {
  // The worker must be loaded (and known to the runner) before the window opens.
  await ingest.ready();
  await probe({ command: 'start', workerUrlPart: INGEST_WORKER_URL_PART });
  const stopWatching = watchLongTasks();
  const started = performance.now();
  let answer: Awaited<ReturnType<CsvIngestApi['ingest']>>;
  let longTasks: LongTaskSummary;
  let report: ProbeReport;
  let seconds: number;
  try {
    answer = await ingest.ingest(file.blob);
  } finally {
    seconds = (performance.now() - started) / 1000;
    longTasks = stopWatching();
    report = await probe({ command: 'stop' });
  }
  if (answer.rows !== file.rows) {
    throw new Error(`readCsv read ${answer.rows} rows, the file has ${file.rows}`);
  }
  return {
    ...emptyResult(file.rows, file.kind),
    columns: file.columns,
    numericColumns: file.numericColumns,
    bytes: file.blob.size,
    numericPayloadBytes: file.rows * file.numericColumns * 8,
    generateSeconds: file.seconds,
    seconds,
    workerSeconds: answer.seconds,
    mibPerSecond: file.blob.size / MIB / seconds,
    rowsRead: answer.rows,
    kinds: answer.kinds,
    longTasks,
    heap: report.heap,
    profile: report.profile,
    note: report.note,
  };
}

/** Asks the Node runner (over window.__benchProbe) to sample the worker; a no-op without it. */
async function probe(request: ProbeRequest): Promise<ProbeReport> {
  const ask = window.__benchProbe;
  if (!ask) return { heap: null, profile: null, note: '' };
  return ask(request);
}

/** Starts collecting main-thread long tasks; the returned function stops and summarises. */
function watchLongTasks(): () => LongTaskSummary {
  const supported = PerformanceObserver.supportedEntryTypes.includes('longtask');
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  if (supported) observer.observe({ type: 'longtask', buffered: false });
  return () => {
    // Entries are delivered asynchronously: take the ones still queued before disconnecting.
    for (const entry of observer.takeRecords()) durations.push(entry.duration);
    observer.disconnect();
    return {
      supported,
      count: durations.length,
      maxMs: Math.max(0, ...durations),
      totalMs: durations.reduce((sum, duration) => sum + duration, 0),
    };
  };
}

function emptyResult(rows: number, file: CsvFileKind): CsvLargeIngestResult {
  return {
    file,
    rows,
    columns: 0,
    numericColumns: 0,
    bytes: 0,
    numericPayloadBytes: 0,
    generateSeconds: 0,
    seconds: 0,
    workerSeconds: 0,
    mibPerSecond: 0,
    rowsRead: 0,
    kinds: {},
    longTasks: { supported: false, count: 0, maxMs: 0, totalMs: 0 },
    heap: null,
    profile: null,
    note: '',
    error: '',
  };
}
