/**
 * Model kinds as registered configs, the way tf.js registers kernels: each kind is one small
 * object (`linear.ts`, `mlp.ts`) listed once in `register-model-kinds.ts`. What varies by kind
 * is only which hidden layers (and dropout) its network has, and which settings it reads; the
 * network is built from the resulting `Architecture` the same way for every kind. No tfjs here:
 * the page imports this module to list the kinds.
 */
import { WorkbenchError } from '../../errors';
import { MODEL_KIND_CONFIGS } from './register-model-kinds';

/** The settings of a `TrainSpec` that only some kinds read; the Train screen greys out the rest. */
export type KindSetting = 'hidden' | 'activation' | 'dropout';

/** One model kind: its name in specs and records, its label, and its layers. */
export interface ModelKindConfig {
  /** Stable key: `TrainSpec.model`, `TrainedModel.kind`. */
  kind: string;
  /** How the Train screen names it: 'neural network (MLP)'. */
  label: string;
  /** The kind-specific settings it reads; the others are ignored. */
  settings: readonly KindSetting[];
  /**
   * Hidden layer widths and dropout rate, defaults filled in, from a spec's settings. It reads
   * the user's spec and then the resolved one, so given its own output it must return it.
   */
  layers(settings: { hidden?: number[] | undefined; dropout?: number | undefined }): {
    hidden: number[];
    dropout: number;
  };
}

/** The kind a spec gets when it names none. */
export const DEFAULT_MODEL_KIND = 'mlp';

const registry = new Map<string, ModelKindConfig>();

/** Adds a model kind; a kind registered twice is a bug, so it throws. */
export function registerModelKind(config: ModelKindConfig): void {
  if (registry.has(config.kind)) {
    throw new WorkbenchError('internal', `The model kind "${config.kind}" is registered twice.`, {
      hint: 'This is a bug in the workbench; please report it.',
    });
  }
  registry.set(config.kind, config);
}

/** Removes a model kind (tests, or a plugin taking its kind back). */
export function unregisterModelKind(kind: string): void {
  registry.delete(kind);
}

/** The kind registered under `kind`, or undefined. */
export function getModelKind(kind: string): ModelKindConfig | undefined {
  return registry.get(kind);
}

/** Every registered kind, in registration order (the order the Train screen lists them). */
export function modelKinds(): ModelKindConfig[] {
  return [...registry.values()];
}

/** The kind a spec names, or `invalid_spec` naming the kinds there are. */
export function requireModelKind(kind: unknown): ModelKindConfig {
  const config = typeof kind === 'string' ? registry.get(kind) : undefined;
  if (config) return config;
  const known = [...registry.keys()];
  throw new WorkbenchError(
    'invalid_spec',
    `The training setting "model" must be one of ${known.join(', ')}, not "${String(kind)}".`,
    {
      hint: `Set model to ${known.map((k) => `'${k}'`).join(' or ')} and train again.`,
      details: { setting: 'model', known },
    },
  );
}

// The built-ins, registered once here so that any importer of the registry sees them. The list
// imports this module for types only, so there is no cycle at run time.
for (const config of MODEL_KIND_CONFIGS) registerModelKind(config);
