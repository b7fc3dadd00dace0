import { describe, expect, it } from 'vitest';
import type { ColumnDrift } from '../drift/types';
import { DEFAULT_ALERT_RULES, evaluateAlerts } from './alerts';
import type { MonitorReport, MonitorWindow } from './types';

function column(
  name: string,
  drifted: boolean,
  missing = { reference: 0, current: 0 },
): ColumnDrift {
  return {
    name,
    kind: 'numeric',
    columnKind: 'numeric',
    test: 'ks',
    statistic: drifted ? 0.4 : 0.05,
    pValue: drifted ? 0.001 : 0.6,
    threshold: 0.05,
    drifted,
    psi: null,
    flags: {
      unseenCategories: null,
      missingRate: { ...missing, jumped: missing.current - missing.reference >= 0.1 },
      outOfRange: null,
    },
    referenceCount: 100,
    currentCount: 100,
  };
}

function window(
  index: number,
  rows: number,
  columns: ColumnDrift[],
  accuracy: number | null,
): MonitorWindow {
  const drifted = columns.filter((c) => c.drifted).length;
  return {
    index,
    from: 1000 * index,
    to: 1000 * index + 999,
    rows,
    drift: {
      columns,
      share: drifted / columns.length,
      drifted: drifted / columns.length >= 0.5,
      shareThreshold: 0.5,
      referenceRows: 100,
      currentRows: rows,
    },
    predictionDrift: null,
    targetDrift: null,
    performance: accuracy === null ? null : { metric: 'accuracy', value: accuracy, rows },
    distributions: [],
  };
}

const report = (
  windows: MonitorWindow[],
  windowing: MonitorReport['windowing'],
): MonitorReport => ({
  windows,
  windowing,
  features: ['a', 'b'],
  referenceRows: 100,
  loggedRows: windows.reduce((s, w) => s + w.rows, 0),
  baseline: { metric: 'accuracy', value: 0.9 },
});

describe('monitoring alerts', () => {
  it('raises dataset drift, a metric drop, a missing-rate jump and low volume, each tied to its window', () => {
    const windows = [
      window(0, 100, [column('a', false), column('b', false)], 0.9),
      window(1, 100, [column('a', true), column('b', true)], 0.88),
      window(2, 30, [column('a', false), column('b', false, { reference: 0, current: 0.3 })], 0.8),
      window(3, 100, [column('a', false), column('b', false)], null),
    ];
    const alerts = evaluateAlerts(report(windows, { ms: 1000 }), 'multiclass');
    expect(alerts.map((a) => [a.kind, a.window, a.column])).toEqual([
      ['dataset-drift', 1, null],
      ['missing', 2, 'b'],
      ['metric', 2, null],
      ['volume', 2, null],
    ]);
    expect(alerts[0]?.message).toBe('100% of the features drifted (a, b).');
    expect(alerts[2]?.message).toBe('accuracy fell to 0.800 on 30 labelled rows (test: 0.900).');
    expect(alerts[1]?.message).toBe('b is missing in 30% of the rows (0% in training).');
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
  });

  it('follows its rules: column drift on, metric and volume off; no volume alerts for windows of rows', () => {
    const windows = [
      window(0, 100, [column('a', true), column('b', false)], 0.5),
      window(1, 10, [column('a', false), column('b', false)], null),
    ];
    const rules = {
      ...DEFAULT_ALERT_RULES,
      columnDrift: true,
      metricDrop: null,
      volumeBelow: null,
    };
    expect(
      evaluateAlerts(report(windows, { ms: 1000 }), 'binary', rules).map((a) => a.kind),
    ).toEqual(['dataset-drift', 'column-drift']);
    const byRows = evaluateAlerts(
      report([...windows, window(2, 100, [column('a', false)], null)], { rows: 100 }),
      'binary',
    );
    expect(byRows.map((a) => a.kind)).toEqual(['dataset-drift', 'metric']);
  });

  it('reads a regression metric the right way round (R², higher is better)', () => {
    const r2 = {
      ...report([window(0, 50, [column('a', false)], null)], { rows: 50 }),
      baseline: { metric: 'r2', value: 0.8 },
    };
    r2.windows[0]!.performance = { metric: 'r2', value: 0.7, rows: 50 };
    expect(evaluateAlerts(r2, 'regression').map((a) => a.kind)).toEqual(['metric']);
    r2.windows[0]!.performance = { metric: 'r2', value: 0.79, rows: 50 };
    expect(evaluateAlerts(r2, 'regression')).toEqual([]);
  });
});
