/**
 * The batch-scoring job: reads a CSV (streamed, with progress), scores it with a saved version
 * (refusing a file that lacks or mistypes a feature column before scoring anything), and writes
 * the scored CSV as a Blob for the page to download. The predictions go into the log.
 */
import {
  readCsv,
  scoreTable,
  scoredCsv,
  toWorkbenchError,
  type Registry,
  type TrainedModel,
} from '../lib/index';
import type { ScoreFileResult, ScoreProgress } from './protocol';

/** Failures listed in the result (all are in the CSV's `score_error` column). */
const LISTED_FAILURES = 50;

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
  const table = await readCsv(file, {
    signal,
    onProgress: (read) => report({ phase: 'read', done: read.bytesRead, total: read.totalBytes }),
  });
  const started = performance.now();
  const result = await scoreTable(model, table, {
    signal,
    onProgress: (done, total) => report({ phase: 'score', done, total }),
  });
  const scoreMs = performance.now() - started;
  // Logged only once the whole file is scored: a cancelled run keeps nothing. A log that cannot
  // be written (a full disk) does not cost the user the scored file: the result says so.
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
  const csv = new Blob(scoredCsv(model, table, result), { type: 'text/csv' });
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
