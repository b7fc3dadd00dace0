/**
 * The search space: defaults, checks and seeded sampling. No tfjs here, so the page can show
 * the space without loading the training code.
 */
import { getModelKind, requireModelKind } from '../train/model-kinds/registry';
import type { Activation, ResolvedSpec } from '../train/types';
import { refuse } from './refuse';
import type { SearchParams, SearchSpace } from './types';

/**
 * The default space. Learning rate and L2 are log-uniform because their effect scales with
 * their order of magnitude (Bergstra and Bengio 2012); a quarter of configurations have no L2.
 */
export const DEFAULT_SEARCH_SPACE: Readonly<SearchSpace> = Object.freeze({
  learningRate: [1e-4, 3e-2],
  batchSize: [16, 32, 64, 128],
  model: ['mlp', 'linear'],
  layers: [1, 3],
  units: [8, 16, 32, 64, 128],
  activation: ['relu', 'tanh', 'elu'],
  dropout: [0, 0.5],
  l2: [1e-6, 1e-2],
  l2Off: 0.25,
} satisfies SearchSpace);

const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'elu'];
/** Bounds of the training spec (resolve-spec.ts), and sizes a browser can train in a search. */
const LIMITS = { learningRate: 1e4, layers: 8, units: 4096, batchSize: 65_536, dropout: 0.9 };

/** The default space with `overrides` applied, or `invalid_search_options` naming the bad key. */
export function resolveSpace(overrides: unknown = {}): SearchSpace {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    refuse('space', 'an object of search ranges and choices');
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_SEARCH_SPACE)) {
      refuse(`space.${key}`, `one of ${Object.keys(DEFAULT_SEARCH_SPACE).join(', ')}`);
    }
  }
  const space: SearchSpace = { ...DEFAULT_SEARCH_SPACE, ...overrides };
  const isInt = (n: unknown, min: number, max: number) =>
    Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
  checkRange(space.learningRate, 'learningRate', (n) => n > 0 && n <= LIMITS.learningRate);
  checkList(space.batchSize, 'batchSize', (n) => isInt(n, 1, LIMITS.batchSize));
  checkList(space.model, 'model', (kind) => typeof kind === 'string' && !!getModelKind(kind));
  checkRange(space.layers, 'layers', (n) => isInt(n, 1, LIMITS.layers));
  checkList(space.units, 'units', (n) => isInt(n, 1, LIMITS.units));
  checkList<Activation>(space.activation, 'activation', (a) => ACTIVATIONS.includes(a));
  checkRange(space.dropout, 'dropout', (n) => n >= 0 && n <= LIMITS.dropout);
  checkRange(space.l2, 'l2', (n) => n > 0 && n <= 1);
  if (!(typeof space.l2Off === 'number' && space.l2Off >= 0 && space.l2Off <= 1)) {
    refuse('space.l2Off', 'a share from 0 to 1');
  }
  return space;
}

/** One configuration drawn from the space; settings the drawn kind ignores are not drawn. */
export function sampleParams(space: SearchSpace, random: () => number): SearchParams {
  const model = pick(space.model, random);
  const params: SearchParams = {
    model,
    learningRate: roundTo3(logUniform(space.learningRate, random), space.learningRate),
    batchSize: pick(space.batchSize, random),
    l2: random() < space.l2Off ? 0 : roundTo3(logUniform(space.l2, random), space.l2),
  };
  const reads = requireModelKind(model).settings;
  if (reads.includes('hidden')) {
    const [least, most] = space.layers;
    const layers = least + Math.floor(random() * (most - least + 1));
    params.hidden = Array.from({ length: layers }, () => pick(space.units, random));
  }
  if (reads.includes('activation')) params.activation = pick(space.activation, random);
  if (reads.includes('dropout')) {
    const [low, high] = space.dropout;
    params.dropout = Math.round((low + random() * (high - low)) * 100) / 100;
  }
  return params;
}

/** The searched settings of a resolved spec: what the baseline trial records. */
export function paramsOfSpec(spec: ResolvedSpec): SearchParams {
  const params: SearchParams = {
    model: spec.model,
    learningRate: spec.learningRate,
    batchSize: spec.batchSize,
    l2: spec.l2,
  };
  const reads = requireModelKind(spec.model).settings;
  if (reads.includes('hidden')) params.hidden = [...spec.hidden];
  if (reads.includes('activation')) params.activation = spec.activation;
  if (reads.includes('dropout')) params.dropout = spec.dropout;
  return params;
}

function logUniform([low, high]: [number, number], random: () => number): number {
  return Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
}

/** Three significant digits read better in a leaderboard and change nothing that matters. */
function roundTo3(value: number, [low, high]: [number, number]): number {
  return Math.min(high, Math.max(low, Number(value.toPrecision(3))));
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function checkRange(range: unknown, name: string, valid: (n: number) => boolean): void {
  const ok =
    Array.isArray(range) &&
    range.length === 2 &&
    range.every((n) => typeof n === 'number' && valid(n)) &&
    (range[0] as number) <= (range[1] as number);
  if (!ok) refuse(`space.${name}`, 'a [min, max] pair within the training limits, min <= max');
}

function checkList<T>(list: unknown, name: string, valid: (item: T) => boolean): void {
  const ok = Array.isArray(list) && list.length > 0 && (list as T[]).every(valid);
  if (!ok) refuse(`space.${name}`, 'a non-empty list of valid choices');
}
