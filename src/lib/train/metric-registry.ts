/**
 * Metrics as registered configs, the way tf.js registers kernels: each metric is one small
 * object in `metrics/defs/` (name, label, tasks, direction, format, and how to read it from a
 * `Metrics`), listed once in `metrics/register-metrics.ts`. The computations stay in
 * `metrics/*.ts`; the registry only describes and reads them, so lists, comparisons and result
 * panels need no hard-coded labels. No tfjs here: the page imports this module.
 */
import { WorkbenchError } from '../errors';
import type { Metrics } from './metrics/types';
import { METRIC_CONFIGS } from './metrics/register-metrics';
import type { Task } from './types';

/** How a metric's value is shown: 'percent' as 93.3%, 'number' with three decimals. */
export type MetricFormat = 'percent' | 'number';

/** One metric: what it is called, where it applies, which way is better, how to read it. */
export interface MetricConfig {
  /** Stable key; the same key under which a version record keeps the score (`scores.test`). */
  name: string;
  /** Short label that reads after "Test" or "Validation": 'accuracy', 'R²', 'log loss'. */
  label: string;
  tasks: readonly Task[];
  higherIsBetter: boolean;
  format: MetricFormat;
  /** The value in a set of scores, or undefined when they do not have it. */
  read(metrics: Metrics): number | undefined;
  /** The one number a list shows for its tasks (accuracy, R²). */
  headline?: boolean;
}

const registry = new Map<string, MetricConfig>();

/** Adds a metric; a name registered twice is a bug, so it throws. */
export function registerMetric(config: MetricConfig): void {
  if (registry.has(config.name)) {
    throw new WorkbenchError('internal', `The metric "${config.name}" is registered twice.`, {
      hint: 'This is a bug in the workbench; please report it.',
    });
  }
  registry.set(config.name, config);
}

/** Removes a metric (tests, or a plugin taking its metric back). */
export function unregisterMetric(name: string): void {
  registry.delete(name);
}

/** The metric registered under `name`, or undefined. */
export function getMetric(name: string): MetricConfig | undefined {
  return registry.get(name);
}

/** Every registered metric, in registration order. */
export function allMetrics(): MetricConfig[] {
  return [...registry.values()];
}

/** The metrics that apply to a task, in registration order (the order panels show them). */
export function metricsFor(task: Task): MetricConfig[] {
  return allMetrics().filter((metric) => metric.tasks.includes(task));
}

/** The one metric a list shows for a task: the headline one, else the first that applies. */
export function headlineMetric(task: Task): MetricConfig | undefined {
  const candidates = metricsFor(task);
  return candidates.find((metric) => metric.headline) ?? candidates[0];
}

/** A value as the UI shows it: 0.9333 as "93.3%" (percent) or "0.933" (number). */
export function formatMetric(metric: Pick<MetricConfig, 'format'>, value: number): string {
  return metric.format === 'percent' ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

// The built-ins, registered once here so that any importer of the registry sees them. The list
// imports this module for types only, so there is no cycle at run time.
for (const config of METRIC_CONFIGS) registerMetric(config);
