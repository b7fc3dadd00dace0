/**
 * Gradual magnitude pruning during fine-tuning, on the training loop every model trains with
 * (`fitLoop`): masks recomputed on the schedule's steps and re-applied after every step.
 */
import * as tf from '@tensorflow/tfjs';
import { fitLoop, type FitResult } from '../train/fit-loop';
import { makeBatchSource } from '../train/training-data';
import type { EpochReport, ResolvedSpec, Task } from '../train/types';
import { magnitudeMasks } from './masks';
import type { MaskedNetwork } from './masked-network';
import type { PruneRows } from './prune-rows';
import { firstFinalEpoch, maskUpdateDue, sparsityAt } from './schedule';
import type { PruningSchedule, PruningScope } from './types';

export interface FineTune {
  net: MaskedNetwork;
  rows: PruneRows;
  task: Task;
  schedule: PruningSchedule;
  scope: PruningScope;
  /** The parent's batch size, l2 and patience. */
  spec: Pick<ResolvedSpec, 'batchSize' | 'l2' | 'patience'>;
  epochs: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
}

/**
 * Masks at the schedule's sparsity for `step`, from the masked weights: a pruned weight is 0,
 * the smallest, so it stays pruned as sparsity rises (TFMOT recomputes from the stepped weights,
 * where a pruned weight could come back).
 */
async function updateMasks(run: FineTune, step: number): Promise<void> {
  const kernels = await run.net.kernelValues();
  run.net.setMasks(magnitudeMasks(kernels, sparsityAt(run.schedule, step), run.scope));
  run.net.applyMasks();
}

/**
 * Fine-tunes the network's weights with Adam while pruning them on the schedule. Early stopping
 * and the best-weight restore look only at epochs that end at the final sparsity. The network
 * ends with its final masks applied.
 */
export async function fineTune(run: FineTune): Promise<FitResult> {
  const { net, rows, schedule } = run;
  const optimizer = tf.train.adam(run.learningRate);
  try {
    if (maskUpdateDue(schedule, 0)) await updateMasks(run, 0);
    const fit = await fitLoop({
      model: net.network,
      optimizer,
      task: run.task,
      source: makeBatchSource(rows.data),
      trainRows: rows.train,
      validationRows: rows.validation,
      epochs: run.epochs,
      batchSize: run.spec.batchSize,
      patience: run.spec.patience,
      l2: run.spec.l2,
      seed: run.seed,
      watchFrom: firstFinalEpoch(schedule),
      // Adam's moments keep moving pruned weights: put them back to 0 after every step first.
      afterStep: async (step) => {
        net.applyMasks();
        if (maskUpdateDue(schedule, step)) await updateMasks(run, step);
      },
      ...(run.signal ? { signal: run.signal } : {}),
      ...(run.onEpoch ? { onEpoch: run.onEpoch } : {}),
    });
    // The restored best weights were masked already; this makes sure of it.
    net.applyMasks();
    return fit;
  } finally {
    // network.dispose() leaves the optimizer's slot variables (Adam keeps two per weight).
    optimizer.dispose();
  }
}
