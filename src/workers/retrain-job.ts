/**
 * The retrain job: a challenger for a version, trained with its spec on its reference snapshot
 * plus the labelled rows of its prediction log, then compared with it on the common hold-out
 * (the reference's test rows and a share of the new rows), and saved as a new version beside it
 * (not promoted: that is the user's decision, with its evidence).
 */
import {
  compareModels,
  retrainTables,
  trainChallenger,
  type EpochReport,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { WorkbenchError } from '../lib/errors';
import { rowRange } from '../lib/deploy/score-table';
import { takeRows } from '../lib/reference/sample';
import { saveMeasured } from './measure-job';
import type { RetrainResult } from './protocol';

/** The logged rows of a version that have their label. */
function labelledRows(table: Table, target: string): Table {
  const column = table.columns.find((c) => c.name === target);
  const rows: number[] = [];
  for (let row = 0; column && row < table.rowCount; row++) {
    const has =
      column.storage === 'number'
        ? !Number.isNaN(column.values[row] ?? NaN)
        : (column.codes[row] ?? -1) >= 0;
    if (has) rows.push(row);
  }
  return takeRows(table, Uint32Array.from(rows));
}

export async function retrainVersion(
  registry: Registry,
  versionId: string,
  signal: AbortSignal,
  onEpoch: (report: EpochReport) => void,
): Promise<RetrainResult> {
  const [version, champion, reference, log] = await Promise.all([
    registry.getVersion(versionId),
    registry.loadVersion<TrainedModel>(versionId),
    registry.loadReference(versionId),
    registry.readPredictionLog({ versionId }),
  ]);
  const newData = labelledRows(log.table, version.target);
  if (newData.rowCount < 10) {
    throw new WorkbenchError(
      'too_few_rows',
      `v${version.number}'s log has ${newData.rowCount} labelled rows; retraining needs at least 10.`,
      {
        hint: `Add labelled rows on the Monitor screen (a CSV with "${version.target}"), then retrain.`,
      },
    );
  }
  const options = { reference, seed: champion.spec.seed, signal, onEpoch };
  const { holdout, training, counts } = retrainTables(champion, newData, options);
  const challenger = await trainChallenger(champion, training, options);
  // Categorical features slice the comparison (the first two), so a gain hiding a loss shows.
  const slices = champion.preprocessing.steps
    .filter((step) => step.kind === 'one-hot')
    .slice(0, 2)
    .map((step) => step.column);
  const comparison = await compareModels(champion, challenger, holdout, { slices });
  // The same rows in their two parts: the training sample's test rows, then the new ones.
  const split = counts.referenceTest;
  const part = async (start: number, end: number) =>
    end > start ? compareModels(champion, challenger, rowRange(holdout, start, end)) : null;
  const parts = {
    reference: await part(0, split),
    fresh: await part(split, holdout.rowCount),
  };
  const meta = {
    projectId: version.projectId,
    parentId: version.id,
    note: `Retrained from v${version.number} with ${counts.newTraining + counts.newHoldout} newly labelled rows.`,
    tags: ['challenger'],
    reference: training,
  };
  const saved = await saveMeasured(registry, challenger, meta, training);
  return { champion: version, challenger: saved, comparison, parts, counts };
}
