import { describe, expect, it } from 'vitest';
import { headlineScores } from '../registry/records';
import {
  allMetrics,
  formatMetric,
  getMetric,
  headlineMetric,
  metricsFor,
  registerMetric,
  unregisterMetric,
  type MetricConfig,
} from './metric-registry';
import { binary, multiclass, regression } from './metrics/spec-helpers';

const names = (metrics: MetricConfig[]) => metrics.map((metric) => metric.name);

describe('metric registry', () => {
  it('lists the built-in metrics of each task in the order panels show them', () => {
    expect(names(metricsFor('binary'))).toEqual(['accuracy', 'f1Macro', 'rocAuc', 'logLoss']);
    expect(names(metricsFor('multiclass'))).toEqual(names(metricsFor('binary')));
    expect(names(metricsFor('regression'))).toEqual(['r2', 'rmse', 'mae']);
    expect(headlineMetric('binary')?.name).toBe('accuracy');
    expect(headlineMetric('regression')?.name).toBe('r2');
  });

  it('describes each metric as the Models and Train screens did', () => {
    const shape = (name: string) => {
      const { label, higherIsBetter, format } = getMetric(name) ?? {};
      return { label, higherIsBetter, format };
    };
    expect(shape('accuracy')).toEqual({
      label: 'accuracy',
      higherIsBetter: true,
      format: 'percent',
    });
    expect(shape('f1Macro')).toEqual({
      label: 'macro F1',
      higherIsBetter: true,
      format: 'number',
    });
    expect(shape('rocAuc')).toEqual({ label: 'ROC-AUC', higherIsBetter: true, format: 'number' });
    expect(shape('logLoss')).toEqual({
      label: 'log loss',
      higherIsBetter: false,
      format: 'number',
    });
    expect(shape('r2')).toEqual({ label: 'R²', higherIsBetter: true, format: 'number' });
    expect(shape('rmse')).toEqual({ label: 'RMSE', higherIsBetter: false, format: 'number' });
    expect(shape('mae')).toEqual({ label: 'MAE', higherIsBetter: false, format: 'number' });
    expect(getMetric('nope')).toBeUndefined();
  });

  it('formats as the UI does: percent with one decimal, numbers with three', () => {
    const accuracy = getMetric('accuracy');
    const r2 = getMetric('r2');
    if (!accuracy || !r2) throw new Error('built-ins missing');
    expect(formatMetric(accuracy, 14 / 15)).toBe('93.3%');
    expect(formatMetric(accuracy, 1)).toBe('100.0%');
    expect(formatMetric(r2, 0.9123456)).toBe('0.912');
    expect(formatMetric(r2, -3)).toBe('-3.000');
  });

  it('reads each score from scorePredictions under the key version records keep it', () => {
    const sets = [
      binary([0, 1, 1, 0, 1], [0.2, 0.7, 0.4, 0.1, 0.9]),
      multiclass(
        [0, 1, 2, 1],
        [
          [0.7, 0.2, 0.1],
          [0.1, 0.8, 0.1],
          [0.2, 0.5, 0.3],
          [0.3, 0.4, 0.3],
        ],
      ),
      regression([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
    ];
    for (const metrics of sets) {
      const kept = headlineScores(metrics);
      const task = metrics.r2 !== undefined ? 'regression' : 'binary';
      for (const metric of metricsFor(task)) {
        const value = metric.read(metrics);
        expect(typeof value, metric.name).toBe('number');
        expect(kept[metric.name], metric.name).toBe(value);
      }
    }
    expect(getMetric('f1Macro')?.read(sets[0]!)).toBe(sets[0]!.macro?.f1);
    // ROC-AUC is null when a class it needs is absent from the truth: nothing to read.
    expect(getMetric('rocAuc')?.read(binary([1, 1], [0.3, 0.8]))).toBeUndefined();
    expect(getMetric('accuracy')?.read(sets[2]!)).toBeUndefined();
  });

  it('takes a new metric as one config, and gives it back', () => {
    const mse: MetricConfig = {
      name: 'mseForTest',
      label: 'MSE',
      tasks: ['regression'],
      higherIsBetter: false,
      format: 'number',
      read: (metrics) => metrics.mse,
    };
    registerMetric(mse);
    try {
      expect(names(metricsFor('regression'))).toEqual(['r2', 'rmse', 'mae', 'mseForTest']);
      expect(getMetric('mseForTest')?.read(regression([1, 2], [1, 4]))).toBe(2);
      expect(() => registerMetric(mse)).toThrow(/registered twice/);
    } finally {
      unregisterMetric('mseForTest');
    }
    expect(names(allMetrics())).not.toContain('mseForTest');
  });
});
