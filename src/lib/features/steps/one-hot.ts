import type { CategoricalColumn } from '../../data/table';
import type { OneHotStep } from '../types';

/** Fits the one-hot categories of a dictionary column on the training rows. */
export function fitOneHot(
  column: CategoricalColumn,
  rows: number[],
  minCount: number,
  indicators: boolean,
): OneHotStep {
  const counts = new Map<number, number>();
  let missing = 0;
  for (const row of rows) {
    const code = column.codes[row] ?? -1;
    if (code < 0) missing++;
    else counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const name = (code: number) => column.categories[code] ?? '';
  let fill = '';
  let fillCount = 0;
  for (const [code, count] of counts) {
    if (count > fillCount || (count === fillCount && name(code) < fill)) {
      fill = name(code);
      fillCount = count;
    }
  }
  // Sorted by name, so the encoding does not depend on the order rows arrive in.
  const categories = [...counts]
    .filter(([, count]) => count >= minCount)
    .map(([code]) => name(code))
    .sort();
  return {
    column: column.name,
    kind: 'one-hot',
    categories,
    fill,
    indicator: indicators && missing > 0,
  };
}

/** One slot per category, one "other" slot, and the optional missing indicator. */
export function oneHotWidth(step: OneHotStep): number {
  return step.categories.length + 1 + (step.indicator ? 1 : 0);
}

export function oneHotInputs(step: OneHotStep): string[] {
  const inputs = [...step.categories.map((c) => `${step.column}=${c}`), `${step.column}=(other)`];
  return step.indicator ? [...inputs, `${step.column}.missing`] : inputs;
}

export function applyOneHot(
  step: OneHotStep,
  column: CategoricalColumn,
  rows: ArrayLike<number>,
  out: Float32Array,
  width: number,
  offset: number,
): void {
  const { slotOfCode, fillSlot } = slotsFor(step, column);
  const other = step.categories.length;
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i] ?? 0] ?? -1;
    const slot = code < 0 ? fillSlot : (slotOfCode[code] ?? other);
    out[i * width + offset + slot] = 1;
    if (step.indicator && code < 0) out[i * width + offset + other + 1] = 1;
  }
}

/**
 * The one-hot slot of each code of this table's dictionary (which may differ from the training
 * table's), built once per step and column: `applyOneHot` runs for every training batch.
 */
const slotCache = new WeakMap<
  OneHotStep,
  { column: CategoricalColumn; slotOfCode: Int32Array; fillSlot: number }
>();

function slotsFor(
  step: OneHotStep,
  column: CategoricalColumn,
): { slotOfCode: Int32Array; fillSlot: number } {
  const cached = slotCache.get(step);
  // A dictionary only grows while a table is built; compare lengths too in case it was reused.
  if (cached?.column === column && cached.slotOfCode.length === column.categories.length)
    return cached;
  const position = new Map(step.categories.map((category, index) => [category, index]));
  const other = step.categories.length;
  const slots = {
    column,
    slotOfCode: Int32Array.from(column.categories, (category) => position.get(category) ?? other),
    fillSlot: position.get(step.fill) ?? other,
  };
  slotCache.set(step, slots);
  return slots;
}
