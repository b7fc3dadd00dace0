import { WorkbenchError } from '../errors';
import { findColumn, type Table } from '../data/table';
import { defaultFeatures } from './default-features';
import { DEFAULT_MODEL_KIND, requireModelKind } from './model-kinds/registry';
import type { ResolvedSpec, TrainSpec } from './types';

/** Fills in every default of a training spec, checking the values a user can get wrong. */
export function resolveSpec(table: Table, spec: TrainSpec, trainRows: number): ResolvedSpec {
  const kind = requireModelKind(spec.model ?? DEFAULT_MODEL_KIND);
  const features =
    spec.features ??
    defaultFeatures(table, spec.target)
      .filter((choice) => choice.included)
      .map((choice) => choice.name);
  const resolved: ResolvedSpec = {
    target: spec.target,
    features: features.filter((name) => name !== spec.target),
    model: kind.kind,
    seed: spec.seed ?? 42,
    epochs: spec.epochs ?? 200,
    batchSize: spec.batchSize ?? defaultBatchSize(trainRows),
    learningRate: spec.learningRate ?? 0.01,
    hidden: kind.layers(spec).hidden,
    activation: spec.activation ?? 'relu',
    dropout: spec.dropout ?? 0,
    l2: spec.l2 ?? 0,
    patience: spec.patience ?? 20,
    imputation: spec.imputation ?? 'mean',
    missingIndicators: spec.missingIndicators ?? false,
    classWeights: spec.classWeights ?? 'none',
    folds: spec.folds ?? 0,
  };
  check(
    Number.isInteger(resolved.epochs) && resolved.epochs >= 1,
    'epochs',
    'a whole number of at least 1',
  );
  check(
    Number.isInteger(resolved.batchSize) && resolved.batchSize >= 1,
    'batchSize',
    'a whole number of at least 1',
  );
  check(
    resolved.learningRate > 0 && resolved.learningRate <= 1e4,
    'learningRate',
    'above 0 and at most 10000',
  );
  check(resolved.dropout >= 0 && resolved.dropout < 0.95, 'dropout', 'between 0 and 0.95');
  check(resolved.l2 >= 0, 'l2', '0 or more');
  check(
    resolved.hidden.every((units) => Number.isInteger(units) && units >= 1),
    'hidden',
    'whole numbers of units',
  );
  check(
    resolved.folds === 0 || (Number.isInteger(resolved.folds) && resolved.folds >= 2),
    'folds',
    '0 (off) or at least 2',
  );
  for (const name of resolved.features) {
    const column = findColumn(table, name);
    if (!column) {
      throw new WorkbenchError('unknown_column', `No column is named "${name}".`, {
        hint: `Pick features from: ${table.columns.map((c) => c.name).join(', ')}.`,
        details: { column: name },
      });
    }
    if (column.missing === table.rowCount) {
      throw new WorkbenchError(
        'feature_all_missing',
        `The feature "${name}" has no values at all.`,
        {
          hint: `Untick "${name}": a column with every cell missing cannot teach the model anything.`,
          details: { column: name },
        },
      );
    }
  }
  if (resolved.features.length === 0) {
    throw new WorkbenchError('no_features', 'No usable feature columns remain.', {
      hint: 'Choose at least one feature column besides the target.',
    });
  }
  return resolved;
}

/** Small batches for small data (more steps per epoch), larger ones when rows are plenty. */
function defaultBatchSize(rows: number): number {
  if (rows < 1000) return 32;
  if (rows < 10_000) return 64;
  if (rows < 100_000) return 128;
  return 256;
}

function check(ok: boolean, name: string, expected: string): void {
  if (!ok) {
    throw new WorkbenchError(
      'invalid_spec',
      `The training setting "${name}" must be ${expected}.`,
      {
        hint: `Change ${name} and train again.`,
        details: { setting: name },
      },
    );
  }
}
