/** What the drift benchmark (bench/drift-bench.worker.ts) reports. Types only. */
import type { DriftTest } from '../src/lib/page';
import type { LongTaskFigures } from './scoring-types';
import type { ProbeReport } from './types';

/** One compared column of a detectDrift run, in the order detectDrift compared them. */
export interface DriftColumnTiming {
  name: string;
  kind: 'numeric' | 'categorical';
  test: DriftTest;
  /** From the previous column's onProgress to this one's: the column's share of the run. */
  ms: number;
  statistic: number | null;
  pValue: number | null;
  drifted: boolean;
  psi: number | null;
}

/** One case: detectDrift of two tables, or monitorDrift of a log in windows. */
export interface DriftCaseResult {
  kind: 'detectDrift' | 'monitorDrift';
  /** What is compared, for the table. */
  label: string;
  referenceRows: number;
  /** Current rows (detectDrift) or logged rows (monitorDrift). */
  currentRows: number;
  features: number;
  /** Drawing the tables (or the log) in the worker: outside the timing. */
  generateSeconds: number;
  /** The call, end to end, on the worker's clock. */
  seconds: number;
  /** currentRows / seconds. */
  rowsPerSecond: number;
  /** monitorDrift only: windows, rows per window, windows per second. */
  windows: number | null;
  windowRows: number | null;
  windowsPerSecond: number | null;
  /** monitorDrift only: each window's ms (from onProgress to onProgress). */
  windowMs: number[];
  /** detectDrift only: each column's test, figures and ms (empty for monitorDrift). */
  columns: DriftColumnTiming[];
  /** Compared columns that drifted, and whether the dataset drifted (first window for monitor). */
  driftedColumns: number;
  datasetDrifted: boolean;
  /** Long tasks on the page's main thread while the worker ran this case. */
  mainThread: LongTaskFigures | null;
  /** The worker's heap peak (and CPU profile with BENCH_PROFILE=1), from the Node runner. */
  probe: ProbeReport | null;
  /** No long task over 100 ms on the page (and the observer proved it can see one). */
  goalMet: boolean;
  /** Why this case could not be measured; '' when it was. */
  error: string;
  file?: never;
}

/** The page's side of a case: long tasks watched, and the runner's probe of the worker. */
export interface DriftWatch {
  start(): Promise<void>;
  stop(): Promise<{ mainThread: LongTaskFigures; probe: ProbeReport | null }>;
}

/** The drift benchmark's worker, called through Comlink. */
export interface DriftBenchApi {
  run(onProgress: (line: string) => void, watch: DriftWatch): Promise<DriftCaseResult[]>;
}
