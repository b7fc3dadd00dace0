/**
 * The preprocessing inside an exported ONNX graph: from the raw feature columns (`features`
 * [N, F], plus `dates` [N, 5 x D] when the model has date columns) to the network's input
 * [N, width], as `transformRows` computes it. Arithmetic on numbers runs in float64, as the
 * workbench's does, and is cast to float32 at the end; so a value that float32 holds gives the
 * workbench's input exactly.
 *
 * Encoding of `features`, column by column in `preprocess.json`'s `features` order:
 * - number (and true/false as 1/0): the value; NaN when missing;
 * - category: its index in the step's `categories`; -1 (or NaN) when missing; any other number
 *   (for example `categories.length`) for a value that is not listed, which the workbench puts
 *   in the "other" slot (rare in training, or never seen);
 * - date: ignored (any number); the column's parts come from `dates` (see date-parts.ts).
 */
import type { DatetimeStep, NumericStep, OneHotStep, Preprocessing } from '../../features/types';
import { DATE_PARTS, dateParts } from './date-parts';
import type { GraphBuilder } from './graph-builder';

export const FEATURES_INPUT = 'features';
export const DATES_INPUT = 'dates';

/** The date columns of a model's preprocessing, in order (each has DATE_PARTS.length inputs). */
export function dateColumns(preprocessing: Preprocessing): string[] {
  return preprocessing.steps.filter((step) => step.kind === 'datetime').map((s) => s.column);
}

/** Column `index` of a [N, C] input as [N, 1]. */
function column(graph: GraphBuilder, input: string, indices: number[], hint: string): string {
  const at = graph.int64s(`${hint}_index`, indices);
  return graph.op('Gather', [input, at], hint, [{ name: 'axis', int: 1 }]);
}

function numeric(graph: GraphBuilder, step: NumericStep, value: string): string[] {
  const x = graph.cast(value, 'double', `${step.column}_f64`);
  const missing = graph.op('IsNaN', [x], `${step.column}_missing`);
  const fill = graph.doubles(`${step.column}_fill`, [step.fill], []);
  const filled = graph.op('Where', [missing, fill, x], `${step.column}_filled`);
  const mean = graph.doubles(`${step.column}_mean`, [step.mean], []);
  const std = graph.doubles(`${step.column}_std`, [step.std], []);
  const centred = graph.op('Sub', [filled, mean], `${step.column}_centred`);
  const outputs = [graph.op('Div', [centred, std], `${step.column}_scaled`)];
  if (step.indicator) outputs.push(graph.cast(missing, 'double', `${step.column}_indicator`));
  return outputs;
}

function oneHot(graph: GraphBuilder, step: OneHotStep, value: string): string[] {
  const name = step.column;
  const slots = step.categories.length;
  const other = slots; // the "other" slot's index
  const fillSlot = step.categories.indexOf(step.fill);
  const noneIndex = graph.floats(`${name}_missing_code`, [-1], []);
  const isNaN = graph.op('IsNaN', [value], `${name}_nan`);
  const isMinusOne = graph.op('Equal', [value, noneIndex], `${name}_minus_one`);
  const missing = graph.op('Or', [isNaN, isMinusOne], `${name}_missing`);
  // Indices outside [0, slots) go to "other"; missing cells go to the fill category's slot.
  const zero = graph.floats(`${name}_zero`, [0], []);
  const count = graph.floats(`${name}_count`, [slots], []);
  const atLeastZero = graph.op('GreaterOrEqual', [value, zero], `${name}_ge0`);
  const belowCount = graph.op('Less', [value, count], `${name}_lt_count`);
  const listed = graph.op('And', [atLeastZero, belowCount], `${name}_listed`);
  const otherSlot = graph.floats(`${name}_other`, [other], []);
  const known = graph.op('Where', [listed, value, otherSlot], `${name}_known`);
  const fill = graph.floats(`${name}_fill_slot`, [fillSlot >= 0 ? fillSlot : other], []);
  const slot = graph.op('Where', [missing, fill, known], `${name}_slot`);
  const every = graph.floats(
    `${name}_slots`,
    Array.from({ length: slots + 1 }, (_, i) => i),
    [1, slots + 1],
  );
  const hot = graph.op('Equal', [slot, every], `${name}_hot`);
  const outputs = [graph.cast(hot, 'double', `${name}_one_hot`)];
  if (step.indicator) outputs.push(graph.cast(missing, 'double', `${name}_indicator`));
  return outputs;
}

const TWO_PI = 2 * Math.PI;
/** Periods of the cyclic parts (month, weekday, day of year, hour), as the workbench's. */
const PERIODS = [12, 7, 365.25, 24];

function datetime(graph: GraphBuilder, step: DatetimeStep, parts: string): string[] {
  const name = step.column;
  const x = graph.cast(parts, 'double', `${name}_parts_f64`);
  const years = column(graph, x, [0], `${name}_years_raw`);
  const missing = graph.op('IsNaN', [years], `${name}_missing`);
  const fill = graph.doubles(`${name}_fill`, dateParts(step.fill), [1, DATE_PARTS.length]);
  const filled = graph.op('Where', [missing, fill, x], `${name}_filled`);
  // (1970 + years - yearMean) / yearStd, in the workbench's order of operations.
  const year = column(graph, filled, [0], `${name}_years`);
  const epoch = graph.doubles(`${name}_epoch`, [1970], []);
  const calendarYear = graph.op('Add', [year, epoch], `${name}_year`);
  const yearMean = graph.doubles(`${name}_year_mean`, [step.yearMean], []);
  const yearStd = graph.doubles(`${name}_year_std`, [step.yearStd], []);
  const centred = graph.op('Sub', [calendarYear, yearMean], `${name}_year_centred`);
  const scaledYear = graph.op('Div', [centred, yearStd], `${name}_year_scaled`);
  // sin and cos of (2 pi x value) / period for each cyclic part, interleaved sin, cos.
  const count = step.hasTime ? 4 : 3;
  const cyclic = column(
    graph,
    filled,
    Array.from({ length: count }, (_, i) => i + 1),
    `${name}_cyclic`,
  );
  const turns = graph.op(
    'Mul',
    [cyclic, graph.doubles(`${name}_two_pi`, [TWO_PI], [])],
    `${name}_turns`,
  );
  const periods = graph.doubles(`${name}_periods`, PERIODS.slice(0, count), [1, count]);
  const angle = graph.op('Div', [turns, periods], `${name}_angle`);
  const sin = graph.op('Sin', [angle], `${name}_sin`);
  const cos = graph.op('Cos', [angle], `${name}_cos`);
  const both = graph.op('Concat', [sin, cos], `${name}_sin_cos`, [{ name: 'axis', int: 1 }]);
  const order = Array.from({ length: count }, (_, i) => [i, count + i]).flat();
  const outputs = [scaledYear, column(graph, both, order, `${name}_cyclic_parts`)];
  if (step.indicator) outputs.push(graph.cast(missing, 'double', `${name}_indicator`));
  return outputs;
}

/**
 * Adds the preprocessing to `graph` and returns the name of its output, the network's input
 * [N, width] in float32.
 */
export function addPreprocessing(graph: GraphBuilder, preprocessing: Preprocessing): string {
  const features = graph.reserve(FEATURES_INPUT);
  const dates = dateColumns(preprocessing);
  const pieces: string[] = [];
  for (const [index, step] of preprocessing.steps.entries()) {
    if (step.kind === 'datetime') {
      const at = dates.indexOf(step.column) * DATE_PARTS.length;
      const parts = Array.from({ length: DATE_PARTS.length }, (_, i) => at + i);
      const input = graph.reserve(DATES_INPUT);
      pieces.push(...datetime(graph, step, column(graph, input, parts, `${step.column}_parts`)));
      continue;
    }
    const value = column(graph, features, [index], step.column);
    pieces.push(
      ...(step.kind === 'numeric' ? numeric(graph, step, value) : oneHot(graph, step, value)),
    );
  }
  const joined =
    pieces.length === 1
      ? (pieces[0] as string)
      : graph.op('Concat', pieces, 'preprocessed_f64', [{ name: 'axis', int: 1 }]);
  return graph.cast(joined, 'float', 'preprocessed');
}
