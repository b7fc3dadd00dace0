import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { predictWithoutTfjs } from '../train/forward-pass';
import { trainModel } from '../train/train-model';
import type { TrainedModel } from '../train/types';
import { monitorDrift } from './monitor';
import { autoWindowing, windowRanges } from './windows';

const freshRegistry = freshRegistries('monitor-test');
const csv = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');
const [header = '', ...lines] = csv.trim().split(/\r?\n/);

/** iris with petal length moved by `shift` cm, and the labels kept or all set to one class. */
function iris(shift: number, label?: string): Promise<Table> {
  const rows = lines.map((line) => {
    const cells = line.split(',');
    cells[2] = String(Number(cells[2]) + shift);
    if (label) cells[4] = label;
    return cells.join(',');
  });
  return readCsv([header, ...rows].join('\n'));
}

describe('monitoring a version from its reference and its log', () => {
  let model: TrainedModel;
  let training: Table;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    training = await readCsv(csv);
    model = await trainModel(training, { target: 'species', seed: 7, epochs: 40 });
  }, 60_000);

  async function monitored(currents: Table[], window = { rows: 150 }) {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(model, { reference: training });
    const now = Date.now();
    for (const [i, table] of currents.entries()) {
      const predictions = await predictWithoutTfjs(model, table);
      await registry.logPredictions({
        versionId: version.id,
        table,
        predictions,
        latencyMs: 1,
        time: now - 10_000 + i * 1000,
      });
    }
    const [reference, log] = await Promise.all([
      registry.loadReference(version.id),
      registry.readPredictionLog({ versionId: version.id }),
    ]);
    const accuracy = model.metrics.test.accuracy ?? null;
    return monitorDrift(reference, log, {
      window,
      target: 'species',
      task: model.task,
      features: model.spec.features,
      baseline: { metric: 'accuracy', value: accuracy },
    });
  }

  it('finds nothing in the same data, and the shift, the prediction drift and the decay in moved data', async () => {
    const report = await monitored([await iris(0), await iris(2.5), await iris(0, 'setosa')]);
    expect(report.windows.map((w) => w.rows)).toEqual([150, 150, 150]);
    expect(report.features).toEqual(model.spec.features);
    const [same, moved, relabelled] = report.windows;
    expect(same?.drift.drifted).toBe(false);
    expect(same?.drift.columns.every((c) => !c.drifted)).toBe(true);
    expect(same?.predictionDrift?.drifted).toBe(false);
    expect(same?.targetDrift?.drifted).toBe(false);
    expect(same?.performance?.metric).toBe('accuracy');
    expect(same?.performance?.value).toBeGreaterThan(0.85);

    const petal = moved?.drift.columns.find((c) => c.name === 'petal_length_(cm)');
    expect(petal).toMatchObject({ test: 'ks', drifted: true });
    expect(petal?.flags.outOfRange?.above).toBeGreaterThan(0);
    expect(moved?.predictionDrift?.drifted).toBe(true);
    expect(moved?.performance?.value).toBeLessThan((same?.performance?.value ?? 0) - 0.2);
    // Labels flipped to one class: the target drifts, the inputs do not.
    expect(relabelled?.targetDrift?.drifted).toBe(true);
    expect(relabelled?.drift.drifted).toBe(false);
    expect(report.baseline.value).toBe(model.metrics.test.accuracy);
    const shape = moved?.distributions.find((d) => d.name === 'petal_length_(cm)');
    expect(shape?.bins).toHaveLength(20);
    const sum = (values: number[] = []) => values.reduce((a, b) => a + b, 0);
    expect(sum(shape?.reference)).toBeCloseTo(1, 12);
    expect(sum(shape?.current)).toBeCloseTo(1, 12);
    // Moved 2.5 cm up: the top bins hold current rows the reference barely has.
    expect(sum(shape?.current.slice(15))).toBeGreaterThan(sum(shape?.reference.slice(15)) + 0.2);
  });

  it('finds the labels of a window wherever the log has unlabelled rows', async () => {
    const labelled = await iris(0);
    const unlabelled = {
      ...labelled,
      columns: labelled.columns.filter((c) => c.name !== 'species'),
    };
    const report = await monitored([unlabelled, unlabelled, labelled]);
    expect(report.windows.map((w) => w.targetDrift !== null)).toEqual([false, false, true]);
    expect(report.windows[2]?.performance?.rows).toBe(150);
  });

  it('cuts windows by time, and has no performance without labels', async () => {
    const unlabelled = await iris(0);
    const noLabels = {
      ...unlabelled,
      columns: unlabelled.columns.filter((c) => c.name !== 'species'),
    };
    const report = await monitored([noLabels, noLabels], { ms: 500 } as never);
    expect(report.windows.map((w) => w.rows)).toEqual([150, 150]);
    expect(report.windows[1]!.from - report.windows[0]!.from).toBe(1000);
    expect(report.windows.every((w) => w.performance === null && w.targetDrift === null)).toBe(
      true,
    );
    expect((await refusal(monitored([noLabels], { rows: 0 }))).code).toBe('invalid_drift_options');
  });

  it('groups rows into windows by count or by period', () => {
    const time = Float64Array.from([0, 10, 20, 1000, 1005, 3000, 2999]);
    expect(windowRanges(time, { rows: 3 })).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
    expect(
      [0, 150, 2000, 100_000, 1_000_000, 40_000_000].map((n) => autoWindowing(n).batchRows),
    ).toEqual([100, 100, 100, 5000, 50_000, 2_000_000]);
    // Whole batches, joined until a window holds enough rows; the newest rows always count.
    expect(windowRanges(time, { batchRows: 3 }, [1, 1, 2, 2, 1])).toEqual([
      [0, 4],
      [4, 7],
    ]);
    expect(windowRanges(time, { batchRows: 2 }, [5, 1, 1])).toEqual([
      [0, 5],
      [5, 7],
    ]);
    expect(windowRanges(time, { ms: 1000 })).toEqual([
      [0, 3],
      [3, 5],
      [5, 7],
    ]);
  });
});
