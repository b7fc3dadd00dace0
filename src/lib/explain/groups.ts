/**
 * Which model inputs belong to which input column: a one-hot column writes several inputs and
 * is explained as one feature (its inputs move together), a number writes one or two.
 */
import { stepWidth } from '../features/preprocess';
import type { Preprocessing } from '../features/types';

export interface InputGroup {
  /** The column's name, or the input's when grouped by input. */
  name: string;
  /** The column the inputs come from. */
  column: string;
  /** First input and how many. */
  start: number;
  width: number;
}

/** One group per column (`'column'`), or one per model input (`'input'`). */
export function inputGroups(prep: Preprocessing, by: 'column' | 'input' = 'column'): InputGroup[] {
  const groups: InputGroup[] = [];
  let start = 0;
  for (const step of prep.steps) {
    const width = stepWidth(step);
    if (by === 'column') groups.push({ name: step.column, column: step.column, start, width });
    else {
      for (let i = 0; i < width; i++) {
        groups.push({
          name: prep.inputs[start + i] ?? `${step.column}#${i}`,
          column: step.column,
          start: start + i,
          width: 1,
        });
      }
    }
    start += width;
  }
  return groups;
}

/** Copies a group's inputs of row `from` of `source` into row `to` of `target`. */
export function copyGroup(
  group: InputGroup,
  width: number,
  source: Float32Array,
  from: number,
  target: Float32Array,
  to: number,
): void {
  const s = from * width + group.start;
  target.set(source.subarray(s, s + group.width), to * width + group.start);
}
