/**
 * The hyperparameter search job: runs `searchHyperparameters` on the loaded table and keeps the
 * best trials' models here (never in the registry) until the page asks to save some of them.
 */
import {
  searchHyperparameters,
  WorkbenchError,
  type Registry,
  type SearchOptions,
  type SearchParams,
  type SearchProgress,
  type SearchSpec,
  type SearchTrial,
  type Table,
  type TrainedModel,
  type VersionRecord,
} from '../lib/index';
import { saveMeasured } from './measure-job';
import type { SearchSummary } from './protocol';

/** The last search's savable models and the table they were trained on. */
let kept: { models: Map<number, TrainedModel>; table: Table; trials: SearchTrial[] } | null = null;

/** Searches; a cancel resolves with the trials so far (the search itself never throws for it). */
export async function runSearch(
  table: Table,
  spec: SearchSpec,
  options: Pick<SearchOptions, 'trials' | 'minutes' | 'strategy' | 'seed' | 'keep'>,
  signal: AbortSignal,
  onTrial: (trial: SearchTrial, progress: SearchProgress) => void,
): Promise<SearchSummary> {
  kept = null;
  const result = await searchHyperparameters(table, spec, { ...options, signal, onTrial });
  kept = { models: result.models, table, trials: result.trials };
  return {
    trials: result.trials,
    savable: [...result.models.keys()],
    baselineId: result.baselineId,
    strategy: result.strategy,
    seed: result.seed,
    maxEpochs: result.maxEpochs,
    elapsedMs: result.elapsedMs,
    stoppedBy: result.stoppedBy,
  };
}

/** "mlp 64×32 relu, learning rate 0.0031, batch 32, dropout 0.1, L2 0.0001". */
export function describeParams(params: SearchParams): string {
  const layers = params.hidden?.length ? ` ${params.hidden.join('×')}` : '';
  const parts = [
    `${params.model}${layers}${params.activation ? ` ${params.activation}` : ''}`,
    `learning rate ${params.learningRate.toPrecision(2)}`,
    `batch ${params.batchSize}`,
    params.dropout !== undefined ? `dropout ${params.dropout}` : '',
    `L2 ${params.l2 === 0 ? 'off' : params.l2.toPrecision(2)}`,
  ];
  return parts.filter(Boolean).join(', ');
}

/** Saves the models of the given trials as versions (tagged "tuned"), in the order given. */
export async function saveTrials(
  registry: Registry,
  trialIds: readonly number[],
  projectName: string,
): Promise<VersionRecord[]> {
  if (!kept) {
    throw new WorkbenchError('no_trained_model', 'There is no search to save models from.', {
      hint: 'Run a search first; its best models are kept until the next search or a reload.',
    });
  }
  const { models, table, trials } = kept;
  const saved: VersionRecord[] = [];
  for (const id of trialIds) {
    const model = models.get(id);
    const trial = trials.find((t) => t.id === id);
    if (!model || !trial) {
      throw new WorkbenchError('no_trained_model', `Trial ${id}'s model is not kept.`, {
        hint: 'Only the best trials of the last search keep their models; save one of those.',
      });
    }
    const note = `Search trial #${id}${trial.baseline ? ' (the defaults)' : ''}: ${describeParams(trial.params)}.`;
    saved.push(
      await saveMeasured(
        registry,
        model,
        { projectName, note, tags: ['tuned'], reference: table },
        table,
      ),
    );
  }
  return saved;
}
