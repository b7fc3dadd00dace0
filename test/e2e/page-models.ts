import type { Page } from 'playwright-core';

/**
 * Defines `window.testModel(hidden)` in the page: a valid binary model (one numeric input x,
 * the given hidden layers, one sigmoid output) whose every weight is Math.sin(i), so a test can
 * store models of any size and check every value came back intact.
 */
export async function defineTestModel(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tensor = (name: string, shape: number[]) => {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i));
      return { name, shape, values };
    };
    (window as unknown as { testModel: unknown }).testModel = (hidden: number[]) => {
      const widths = [1, ...hidden, 1];
      const weights = widths
        .slice(1)
        .flatMap((units, i) => [
          tensor(`dense_${i}/kernel`, [widths[i] ?? 1, units]),
          tensor(`dense_${i}/bias`, [units]),
        ]);
      const test = { rowCount: 1, accuracy: 1 };
      return {
        format: 'tabular-workbench/model@1',
        task: 'binary',
        kind: 'mlp',
        target: 'y',
        classes: ['no', 'yes'],
        preprocessing: {
          steps: [{ column: 'x', kind: 'numeric', fill: 0, mean: 0, std: 1, indicator: false }],
          width: 1,
          inputs: ['x'],
        },
        targetScale: { mean: 0, std: 1 },
        architecture: {
          inputWidth: 1,
          hidden,
          activation: 'relu',
          dropout: 0,
          outputUnits: 1,
          outputActivation: 'sigmoid',
        },
        weights,
        bytes: weights.reduce((sum, w) => sum + w.values.byteLength, 0),
        spec: {
          target: 'y',
          features: ['x'],
          model: 'mlp',
          seed: 1,
          epochs: 1,
          batchSize: 32,
          learningRate: 0.01,
          hidden,
          activation: 'relu',
          dropout: 0,
          l2: 0,
          patience: 5,
          imputation: 'mean',
          missingIndicators: false,
          classWeights: 'none',
          folds: 0,
        },
        metrics: { validation: null, test, crossValidation: null },
        history: [],
        bestEpoch: 1,
        backend: 'cpu',
        trainedAt: new Date(0).toISOString(),
        samplesPerSecond: 1,
        datasetSha256: null,
      };
    };
  });
}

/** Weights in a test model with these hidden layers. */
export function parametersOf(hidden: number[]): number {
  const widths = [1, ...hidden, 1];
  return widths.slice(1).reduce((sum, units, i) => sum + (widths[i] ?? 1) * units + units, 0);
}
