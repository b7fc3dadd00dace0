import * as tf from '@tensorflow/tfjs';
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { buildNetwork } from './build-model';
import { argmax, classProbabilities, unscale } from './metrics';
import { tableFromRecords, type RecordRow } from './records';
import type { Prediction, TrainedModel } from './types';

/**
 * Predicts every row of a table, or of plain objects ({ column: value }): `{ label,
 * probabilities }` for classes (in the order of `model.classes`), `{ value }` otherwise.
 */
export async function predict(
  model: TrainedModel,
  rowsOrTable: Table | RecordRow[],
): Promise<Prediction[]> {
  const table = Array.isArray(rowsOrTable)
    ? tableFromRecords(rowsOrTable, model.preprocessing)
    : rowsOrTable;
  const rows = Array.from({ length: table.rowCount }, (_, row) => row);
  const inputs = transformRows(model.preprocessing, table, rows);
  const network = buildNetwork(model.architecture, 0);
  try {
    tf.tidy(() => network.setWeights(model.weights.map((w) => tf.tensor(w.values, w.shape))));
    const output = tf.tidy(
      () =>
        network.predict(
          tf.tensor2d(inputs, [rows.length, model.architecture.inputWidth]),
        ) as tf.Tensor,
    );
    const values = unscale((await output.data()) as Float32Array, model.task, model.targetScale);
    const width = output.shape[1] ?? 1;
    output.dispose();
    if (model.task === 'regression') return rows.map((row) => ({ value: values[row] ?? NaN }));
    return rows.map((row) => {
      const probabilities = classProbabilities(values, row, width, model.task);
      return { label: model.classes[argmax(probabilities)] ?? '', probabilities };
    });
  } finally {
    network.dispose();
  }
}
