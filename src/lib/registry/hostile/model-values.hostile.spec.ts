/**
 * Hostile model values and predict inputs (issue 9): a model edited by hand or read from
 * someone else's file, and rows or tables of the wrong shape, are refused with a code before
 * anything is built or allocated from them; a refused save writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRead } from '../../data/csv/spec-measure';
import { predict } from '../../train/predict';
import type { TrainedModel } from '../../train/types';
import type { Registry } from '../registry';
import { fakeModel } from '../fake-model';
import {
  dump,
  isSame,
  expectRefused,
  freshRegistry,
  populate,
  printFigures,
  type Refusal,
} from './hostile-helpers';

const rows = [{ x: 1, colour: 'red' }];
const figures: Record<string, Refusal> = {};

afterAll(() => {
  printFigures(figures);
});

type Edit = (model: Record<string, unknown> & TrainedModel) => unknown;
const layer = (model: TrainedModel, index: number) => model.weights[index] ?? model.weights[0]!;

const edits: [string, Edit][] = [
  ['null', () => null],
  ['a number', () => 42],
  ['an array', () => []],
  ['no architecture', (m) => ({ ...m, architecture: undefined })],
  [
    'an unknown activation',
    (m) => ({ ...m, architecture: { ...m.architecture, activation: 'swish' } }),
  ],
  ['a layer of 1e9 units', (m) => ({ ...m, architecture: { ...m.architecture, hidden: [1e9] } })],
  ['preprocessing width 1e9', (m) => ({ ...m, preprocessing: { ...m.preprocessing, width: 1e9 } })],
  [
    'a network wider than its inputs',
    (m) => ({ ...m, architecture: { ...m.architecture, inputWidth: 4 } }),
  ],
  [
    'a shape that disagrees with its values',
    (m) => {
      m.weights[0] = { ...layer(m, 0), shape: [3, 1000] };
      return m;
    },
  ],
  [
    'a kernel shaped for another layer',
    (m) => {
      m.weights[2] = { ...layer(m, 2), shape: [1, layer(m, 2).values.length] };
      return m;
    },
  ],
  ['a missing bias', (m) => ({ ...m, weights: m.weights.slice(0, 3) })],
  [
    'weights as plain arrays',
    (m) => ({ ...m, weights: m.weights.map((w) => ({ ...w, values: [...w.values] })) }),
  ],
  [
    'float64 weights',
    (m) => ({
      ...m,
      weights: m.weights.map((w) => ({ ...w, values: Float64Array.from(w.values) })),
    }),
  ],
  [
    'a NaN weight',
    (m) => {
      layer(m, 0).values[1] = NaN;
      return m;
    },
  ],
  [
    'an infinite weight',
    (m) => {
      layer(m, 3).values[0] = -Infinity;
      return m;
    },
  ],
  [
    'an unknown step kind',
    (m) => ({
      ...m,
      preprocessing: {
        ...m.preprocessing,
        steps: [{ ...m.preprocessing.steps[0], kind: 'bucket' }, m.preprocessing.steps[1]],
      },
    }),
  ],
  [
    'a zero standard deviation',
    (m) => ({
      ...m,
      preprocessing: {
        ...m.preprocessing,
        steps: [{ ...m.preprocessing.steps[0], std: 0 }, m.preprocessing.steps[1]],
      },
    }),
  ],
  ['a target scale of NaN', (m) => ({ ...m, targetScale: { mean: 0, std: NaN } })],
  ['three classes for a binary task', (m) => ({ ...m, classes: ['a', 'b', 'c'] })],
  [
    'softmax on a binary task',
    (m) => ({ ...m, architecture: { ...m.architecture, outputActivation: 'softmax' } }),
  ],
  ['an unknown format', (m) => ({ ...m, format: 'keras/h5' })],
  ['an unknown task', (m) => ({ ...m, task: 'clustering' })],
  ['an unknown model kind', (m) => ({ ...m, kind: 'tree' })],
  ['an extra field', (m) => ({ ...m, predictFn: () => 1 })],
  [
    'categories that are not a list',
    (m) => ({
      ...m,
      preprocessing: {
        ...m.preprocessing,
        steps: [m.preprocessing.steps[0], { ...m.preprocessing.steps[1], categories: 'red' }],
      },
    }),
  ],
  ['bytes that disagree with the weights', (m) => ({ ...m, bytes: 1 })],
  [
    'a cycle',
    (m) => {
      (m.spec as unknown as Record<string, unknown>).self = m;
      return m;
    },
  ],
  ['a BigInt', (m) => ({ ...m, bestEpoch: 10n })],
  [
    'categories as a sparse list of 4e9',
    (m) => {
      const categories: string[] = [];
      categories.length = 4e9;
      return {
        ...m,
        preprocessing: {
          ...m.preprocessing,
          steps: [m.preprocessing.steps[0], { ...m.preprocessing.steps[1], categories }],
        },
      };
    },
  ],
  [
    'a getter that throws',
    (m) =>
      Object.defineProperty({ ...m }, 'target', {
        get: () => {
          throw new Error('boom');
        },
        enumerable: true,
      }),
  ],
  [
    'a Proxy that throws',
    (m) =>
      new Proxy(m, {
        get: () => {
          throw new Error('trap');
        },
      }),
  ],
  ['a Date as the trained time', (m) => ({ ...m, trainedAt: new Date() })],
];

describe('edited model values', () => {
  let registry: Registry;
  let before: unknown;
  beforeAll(async () => {
    registry = await freshRegistry('values');
    await populate(registry);
    before = await dump(registry);
  });
  afterAll(() => registry.close());

  it('the unedited model predicts', async () => {
    expect(await predict(fakeModel(), rows)).toHaveLength(1);
  });

  it.each(edits)(
    'refuses %s in predict and in saveVersion, writing nothing',
    async (name, edit) => {
      const edited = edit(fakeModel() as Record<string, unknown> & TrainedModel);
      figures[`predict: ${name}`] = await expectRefused(
        () => predict(edited as TrainedModel, rows),
        'invalid_model',
        0,
      );
      figures[`save: ${name}`] = await expectRefused(
        () => registry.saveVersion(edited),
        'invalid_model',
        0,
      );
      expect(isSame(await dump(registry), before)).toBe(true);
    },
  );
});

describe('outputs that are not finite', () => {
  it('refuses an overflow inside the network instead of a NaN label', async () => {
    const model = fakeModel();
    layer(model, 0).values.fill(2);
    await expectRefused(
      () => predict(model, [{ x: 3e38, colour: 'red' }]),
      'prediction_not_finite',
      0,
    );
    const regression = fakeModel({ task: 'regression', targetScale: { mean: 0, std: 1e300 } });
    await expectRefused(() => predict(regression, rows), 'prediction_not_finite', 0);
  });

  it('predicts 200,000 rows without blocking the event loop for 200 ms', async () => {
    const model = fakeModel();
    const n = 200_000;
    const big = {
      rowCount: n,
      issues: [],
      columns: [
        {
          name: 'x',
          kind: 'numeric',
          storage: 'number',
          values: new Float64Array(n).fill(1),
          missing: 0,
        },
        {
          name: 'colour',
          kind: 'categorical',
          storage: 'dictionary',
          codes: new Int32Array(n),
          categories: ['red'],
          missing: 0,
        },
      ],
    } as never;
    const measure = await measureRead(() => predict(model, big));
    expect(measure.outcome.ok && measure.outcome.value.length).toBe(n);
    expect(measure.longestStallMs).toBeLessThan(200);
  });
});

describe('options and inputs of the wrong shape', () => {
  it('refuses them with a code, writing nothing', async () => {
    const registry = await freshRegistry('options');
    await populate(registry);
    const before = await dump(registry);
    const id = (await registry.listVersions())[0]?.id ?? '';
    const model = fakeModel();
    await expectRefused(
      () => registry.saveVersion(model, { tags: 'a,b' } as never),
      'invalid_spec',
      0,
    );
    await expectRefused(
      () => registry.saveVersion(model, { note: {} } as never),
      'invalid_spec',
      0,
    );
    await expectRefused(
      () => registry.saveVersion(model, { colour: 1 } as never),
      'invalid_spec',
      0,
    );
    await expectRefused(
      () => registry.updateVersion(id, { tags: [1] } as never),
      'invalid_spec',
      0,
    );
    await expectRefused(() => registry.importBackup('a string' as never), 'backup_foreign', 0);
    await expectRefused(() => registry.importBackup(null as never), 'backup_foreign', 0);
    await expectRefused(() => predict(undefined as never, rows), 'invalid_model', 0);
    await expectRefused(() => predict(model, 'rows' as never), 'invalid_rows', 0);
    // A list with a hole, as [a, , b] makes it.
    const holey: unknown[] = [];
    holey[2] = rows[0];
    await expectRefused(() => predict(model, holey as never), 'invalid_rows', 0);
    await expectRefused(
      () => predict(model, Array(50_001).fill(rows[0]) as never),
      'invalid_rows',
      0,
    );
    const table = (columns: unknown[]) => ({ rowCount: 1, columns, issues: [] }) as never;
    const x = {
      name: 'x',
      kind: 'numeric',
      storage: 'number',
      values: Float64Array.of(1),
      missing: 0,
    };
    const colour = {
      name: 'colour',
      kind: 'categorical',
      storage: 'dictionary',
      codes: Int32Array.of(0),
      categories: ['red'],
      missing: 0,
    };
    expect(await predict(model, table([x, colour]))).toHaveLength(1);
    await expectRefused(() => predict(model, table([null, x, colour])), 'invalid_rows', 0);
    await expectRefused(
      () => predict(model, table([x, { ...colour, categories: null }])),
      'invalid_rows',
      0,
    );
    await expectRefused(
      () => predict(model, table([{ ...x, values: [1] }, colour])),
      'invalid_rows',
      0,
    );
    const sparse: never[] = [];
    sparse.length = 4e9;
    await expectRefused(() => predict(model, sparse), 'invalid_rows', 0);
    const proxy = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        has: () => {
          throw new Error('trap');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('trap');
        },
      },
    );
    await expectRefused(() => predict(model, [proxy]), 'invalid_rows', 0);
    const getter = Object.defineProperty({}, 'x', {
      get: () => {
        throw new Error('boom');
      },
      enumerable: true,
    });
    await expectRefused(() => predict(model, [getter]), 'invalid_rows', 0);
    await expectRefused(
      () => predict(model, { rowCount: 5, columns: [] } as never),
      'unknown_column',
      0,
    );
    expect(isSame(await dump(registry), before)).toBe(true);
    registry.close();
  });
});
