/**
 * The batch-scoring job: reads a CSV (streamed, with progress), scores it with a saved version
 * (refusing a file that lacks or mistypes a feature column before scoring anything), and writes
 * the scored CSV as a Blob for the page to download. The predictions go into the log.
 */
import {
  readCsv,
  scoreTable,
  scoredCsvParts,
  toWorkbenchError,
  WorkbenchError,
  type Registry,
  type ScoreResult,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { Pacer } from '../lib/pace';
import type { ScoreFileResult, ScoreProgress } from './protocol';
import { maskedLike } from './masking';

/** Rows per part of the scored CSV (scoredCsvParts' size), for progress. */
const CSV_PART_ROWS = 4096;

/** Failures listed in the result (all are in the CSV's `score_error` column). */
const LISTED_FAILURES = 50;

/** The scored CSV as a Blob, written part by part between which a Cancel is heard. */
async function writeCsv(
  model: TrainedModel,
  table: Table,
  result: ScoreResult,
  signal: AbortSignal,
  onRows: (done: number) => void,
): Promise<Blob> {
  const pacer = new Pacer();
  const parts: string[] = [];
  for (const part of scoredCsvParts(model, table, result)) {
    // parts[0] is the header; each later part holds CSV_PART_ROWS rows.
    parts.push(part);
    if (signal.aborted) throw cancelled();
    if (pacer.due) {
      onRows(Math.min((parts.length - 1) * CSV_PART_ROWS, table.rowCount));
      await pacer.pause();
      if (signal.aborted) throw cancelled();
    }
  }
  return new Blob(parts, { type: 'text/csv' });
}

const cancelled = () =>
  new WorkbenchError('aborted', 'Scoring was cancelled.', {
    hint: 'Nothing was kept; score the file again when you are ready.',
  });

export async function scoreFile(
  registry: Registry,
  versionId: string,
  file: Blob,
  name: string,
  signal: AbortSignal,
  onProgress: (progress: ScoreProgress) => void,
): Promise<ScoreFileResult> {
  const [record, model] = await Promise.all([
    registry.getVersion(versionId),
    registry.loadVersion<TrainedModel>(versionId),
  ]);
  let last = 0;
  const report = (progress: ScoreProgress) => {
    const now = performance.now();
    if (now - last < 100 && progress.done < progress.total) return;
    last = now;
    onProgress(progress);
  };
  const read = await readCsv(file, {
    signal,
    onProgress: (read) => report({ phase: 'read', done: read.bytesRead, total: read.totalBytes }),
  });
  // Masked as the training data was, before anything scores, writes or logs it.
  const table = await maskedLike(registry, model, read);
  const started = performance.now();
  const result = await scoreTable(model, table, {
    signal,
    onProgress: (done, total) => report({ phase: 'score', done, total }),
  });
  const scoreMs = performance.now() - started;
  const csv = await writeCsv(model, table, result, signal, (done) =>
    report({ phase: 'write', done, total: table.rowCount }),
  );
  // The log is written last, once nothing can be cancelled any more: a cancelled run keeps
  // nothing. A log that cannot be written (a full disk) does not cost the user the scored file:
  // the result says so.
  let logged: ScoreFileResult['logged'];
  try {
    const written = await registry.logPredictions({
      versionId,
      table,
      predictions: result.outputs,
      latencyMs: scoreMs,
      source: 'batch',
      file: name,
    });
    logged = { ok: true, rows: written.rows, trimmedRows: written.trimmed.rows };
  } catch (error) {
    logged = { ok: false, error: toWorkbenchError(error).toJSON() };
  }
  const base = name.replace(/\.[^.]*$/, '') || 'scored';
  return {
    fileName: `${base}-scored-v${record.number}.csv`,
    csv,
    rows: table.rowCount,
    scored: result.scored,
    failures: result.failures.slice(0, LISTED_FAILURES),
    failureCount: result.failures.length,
    scoreMs,
    preview: result.predictions.slice(0, 5),
    version: record,
    logged,
  };
}
