/**
 * A bounded walk over a value before any schema looks at it. Schemas iterate what they are
 * given: a sparse array of length 4e9, a cycle, a BigInt, a getter that throws or a Proxy would
 * hang them, overflow the stack or escape as a TypeError. This walk refuses all of these first,
 * touching at most `maxNodes` values, and says where.
 */
import { TYPED_ARRAYS } from '../typed-arrays';
export interface TreeLimits {
  /** Values visited in all (shared references are counted each time they are reached). */
  maxNodes: number;
  maxDepth: number;
  /** Longest array; checked before its items are read. */
  maxArrayLength: number;
  /** Whether typed arrays (Float32Array, ...) may appear as leaves. */
  typedArrays: boolean;
  /** Whether ArrayBuffers may appear as leaves (stored chunks). */
  buffers?: boolean;
}

export interface TreeProblem {
  path: string;
  problem: string;
}

class Refusal extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** The first thing in `root` that is not plain data within the limits, or null. */
export function treeProblem(root: unknown, limits: TreeLimits): TreeProblem | null {
  let nodes = 0;
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (++nodes > limits.maxNodes)
      throw new Refusal(path, `it has more than ${limits.maxNodes} values`);
    const type = typeof value;
    if (
      value === null ||
      type === 'string' ||
      type === 'number' ||
      type === 'boolean' ||
      type === 'undefined'
    )
      return;
    if (type !== 'object') throw new Refusal(path, `a ${type} is not plain data`);
    const object = value as object;
    if (depth >= limits.maxDepth)
      throw new Refusal(path, `it is nested more than ${limits.maxDepth} levels deep`);
    if (limits.buffers && object instanceof ArrayBuffer) return;
    if (ArrayBuffer.isView(object)) {
      if (limits.typedArrays && Object.values(TYPED_ARRAYS).some((Type) => object instanceof Type))
        return;
      throw new Refusal(path, 'binary data of this kind is not allowed here');
    }
    if (ancestors.has(object)) throw new Refusal(path, 'it contains itself');
    ancestors.add(object);
    if (Array.isArray(object)) {
      const items = object as unknown[];
      if (items.length > limits.maxArrayLength) {
        throw new Refusal(
          path,
          `a list of ${items.length} items is longer than ${limits.maxArrayLength}`,
        );
      }
      for (let i = 0; i < items.length; i++) {
        if (!(i in items)) throw new Refusal(`${path}[${i}]`, 'the list has a hole');
        visit(items[i], `${path}[${i}]`, depth + 1);
      }
    } else {
      const prototype = Object.getPrototypeOf(object) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        throw new Refusal(path, 'only plain objects are allowed');
      }
      for (const key of Object.keys(object)) {
        const inner = path ? `${path}.${key}` : key;
        // A getter could answer differently when the value is used than when it was checked.
        const descriptor = Object.getOwnPropertyDescriptor(object, key);
        if (descriptor && !('value' in descriptor))
          throw new Refusal(inner, 'a getter is not plain data');
        visit(descriptor?.value, inner, depth + 1);
      }
    }
    ancestors.delete(object);
  };
  try {
    visit(root, '', 0);
    return null;
  } catch (error) {
    if (error instanceof Refusal) return { path: error.path, problem: error.problem };
    // A getter or a Proxy trap threw while the value was read.
    return { path: '', problem: 'reading it failed' };
  }
}

/** Limits for a model value: the largest lists are one-hot categories and input names. */
export const MODEL_TREE: TreeLimits = {
  maxNodes: 5_000_000,
  maxDepth: 32,
  maxArrayLength: 1_000_000,
  typedArrays: true,
};

/** Limits for a small registry record (a version or a project). */
export const RECORD_TREE: TreeLimits = {
  maxNodes: 500_000,
  maxDepth: 8,
  maxArrayLength: 200_000,
  typedArrays: false,
};

/** Limits for a stored model record: its JSON half and its chunks (ArrayBuffers). */
export const STORED_MODEL_TREE: TreeLimits = {
  ...MODEL_TREE,
  typedArrays: false,
  buffers: true,
};
