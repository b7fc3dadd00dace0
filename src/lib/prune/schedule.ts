/**
 * The sparsity schedule of TensorFlow Model Optimization's `PolynomialDecay`
 * (tfmot.sparsity.keras, pruning_schedule.py): sparsity rises from `initialSparsity` at
 * `beginStep` to the final one at `endStep`, fast at first, then levelling off, so the network
 * has steps to adapt between mask updates instead of losing half its weights at once.
 */
import { badPruneOption } from './options';
import type { PruningSchedule, PruningScheduleOptions } from './types';

const KEYS = new Set(['initialSparsity', 'power', 'beginStep', 'endStep', 'frequency']);

/** Share of the fine-tuning epochs spent reaching the final sparsity (the rest hold it). */
const RAMP_SHARE = 2 / 3;

const isStep = (value: number) => Number.isSafeInteger(value) && value >= 0;

/** Fills in the schedule's defaults and checks it against the run's steps. */
export function resolveSchedule(
  options: PruningScheduleOptions | undefined,
  run: { sparsity: number; epochs: number; stepsPerEpoch: number },
): PruningSchedule {
  const given: PruningScheduleOptions = options ?? {};
  if (typeof given !== 'object' || given === null) {
    throw badPruneOption('the schedule is not an object', {});
  }
  const unknown = Object.keys(given).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) {
    throw badPruneOption(`the schedule has no setting "${unknown[0]}"`, { setting: unknown[0] });
  }
  const totalSteps = run.epochs * run.stepsPerEpoch;
  const initialSparsity = given.initialSparsity ?? 0;
  const power = given.power ?? 3;
  const beginStep = given.beginStep ?? 0;
  // Ends on an epoch boundary, so the epochs after it are wholly at the final sparsity.
  const rampEnd = Math.max(1, Math.round(run.epochs * RAMP_SHARE)) * run.stepsPerEpoch;
  const endStep = given.endStep ?? Math.max(beginStep, rampEnd);
  const frequency = given.frequency ?? run.stepsPerEpoch;
  if (!(initialSparsity >= 0 && initialSparsity <= run.sparsity)) {
    throw badPruneOption(
      `initialSparsity ${initialSparsity} is not between 0 and the sparsity (${run.sparsity})`,
      { initialSparsity },
    );
  }
  if (!(Number.isFinite(power) && power > 0)) {
    throw badPruneOption(`power ${power} is not a number above 0`, { power });
  }
  if (!isStep(beginStep) || !isStep(endStep) || endStep < beginStep || endStep > totalSteps) {
    throw badPruneOption(
      `the steps ${beginStep} to ${endStep} are not whole steps within the ${totalSteps} of fine-tuning`,
      { beginStep, endStep, totalSteps },
    );
  }
  if (!(Number.isSafeInteger(frequency) && frequency >= 1)) {
    throw badPruneOption(`frequency ${frequency} is not a whole number of at least 1`, {
      frequency,
    });
  }
  return {
    kind: 'polynomial_decay',
    initialSparsity,
    finalSparsity: run.sparsity,
    power,
    beginStep,
    endStep,
    frequency,
    stepsPerEpoch: run.stepsPerEpoch,
    totalSteps,
  };
}

/** s_t = s_f + (s_i - s_f) * (1 - p)^power, p = (t - t0) / (t1 - t0) clamped to [0, 1]. */
export function sparsityAt(schedule: PruningSchedule, step: number): number {
  const { beginStep, endStep, initialSparsity, finalSparsity, power } = schedule;
  const progress =
    endStep === beginStep
      ? step >= endStep
        ? 1
        : 0
      : Math.min(1, Math.max(0, (step - beginStep) / (endStep - beginStep)));
  return finalSparsity + (initialSparsity - finalSparsity) * (1 - progress) ** power;
}

/**
 * Whether masks are recomputed after `step` steps: TFMOT's rule (within [t0, t1], every
 * `frequency` steps from t0), plus t1 itself, which TFMOT skips when t1 - t0 is not a multiple
 * of the frequency; here the final sparsity is always reached.
 */
export function maskUpdateDue(schedule: PruningSchedule, step: number): boolean {
  const { beginStep, endStep, frequency } = schedule;
  if (step < beginStep || step > endStep) return false;
  return (step - beginStep) % frequency === 0 || step === endStep;
}

/** The first epoch that ends with the final sparsity: where early stopping may start looking. */
export function firstFinalEpoch(schedule: PruningSchedule): number {
  return Math.max(1, Math.ceil(schedule.endStep / schedule.stepsPerEpoch));
}
