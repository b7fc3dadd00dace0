/**
 * Model formats the workbench knows, each with the check its values must pass. A new kind of
 * model (quantized, pruned, imported) registers its format here and every door (save, load,
 * import, predict) checks it the same way.
 */
import type { StorableModel } from '../registry/types';
import { WorkbenchError } from '../errors';
import { invalidModel } from './invalid-model';
import { MODEL_TREE, treeProblem } from './value-tree';
import { validateTrainedModel } from './validate-trained-model';

export interface ModelFormat {
  /** The value's `format` tag, e.g. 'tabular-workbench/model@1'. */
  format: string;
  /** Throws `invalid_model` (naming the field) unless the value is sound. */
  validate(value: unknown): void;
}

const FORMATS = new Map<string, ModelFormat>();

export function registerModelFormat(format: ModelFormat): void {
  FORMATS.set(format.format, format);
}

registerModelFormat({ format: 'tabular-workbench/model@1', validate: validateTrainedModel });

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function checkModel(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidModel(`it is ${describe(value)}, not a model object`);
  }
  // Plain data within bounds first: a schema would hang on a sparse array of 4e9 items.
  const problem = treeProblem(value, MODEL_TREE);
  if (problem) throw invalidModel(problem.problem, problem.path);
  const tag = (value as { format?: unknown }).format;
  const format = typeof tag === 'string' ? FORMATS.get(tag) : undefined;
  if (!format) {
    throw invalidModel(
      `its format ${typeof tag === 'string' ? `"${tag.slice(0, 80)}"` : 'tag is missing'} is not one this workbench reads`,
      'format',
    );
  }
  format.validate(value);
}

/** Refuses anything that is not a sound model of a known format, before it is used or stored. */
export function validateModel(value: unknown): asserts value is StorableModel {
  try {
    checkModel(value);
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    // A Proxy trap or a getter threw while the value was read.
    throw invalidModel('reading it failed');
  }
}
