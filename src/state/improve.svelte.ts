// Imported module by module (not from lib/index) so the page bundle stays free of tfjs.
import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { DecisionKind, DecisionRecord } from '../lib/improve/decision-types';
import type { Registry } from '../lib/registry/registry';
import type { EpochReport } from '../lib/train/types';
import type { MonitorResult, RetrainResult } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/**
 * The improvement loop on the Monitor screen: retrain a challenger for the monitored version
 * (in the worker), show how it compares, and record the decision with its evidence.
 */
export class ImproveState {
  running = $state(false);
  epochs = $state.raw<EpochReport[]>([]);
  result = $state.raw<RetrainResult | null>(null);
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');
  /** The project's decisions, for its timeline. */
  decisions = $state.raw<DecisionRecord[]>([]);

  #client: WorkerClient;
  #jobs: JobsState;
  #job: RunningJob<RetrainResult> | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  async retrain(versionId: string, label: string): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.error = null;
    this.notice = '';
    this.result = null;
    this.epochs = [];
    const listed = this.#jobs.start('train', `Retraining ${label}`, () => this.cancel());
    const job = this.#client.job<RetrainResult>((api, jobId) =>
      api.retrain(
        jobId,
        versionId,
        this.#client.callback((report: EpochReport) => {
          this.epochs = [...this.epochs, report];
          listed.progress(report.epoch, report.epochs);
        }),
      ),
    );
    this.#job = job;
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') this.result = outcome.value;
      else if (outcome.status === 'failed') this.error = outcome.error;
      else this.notice = 'Retraining was cancelled; nothing was saved.';
    } finally {
      listed.end();
      this.#job = null;
      this.running = false;
    }
  }

  cancel(): void {
    this.#job?.cancel();
  }

  /** Records the decision on the last comparison (promote or keep), with its evidence. */
  async decide(
    registry: Registry,
    kind: DecisionKind,
    note: string,
    evidence: string[],
    automatic = false,
  ) {
    const result = this.result;
    if (!result) return;
    const { comparison: c, champion, challenger } = result;
    await this.#guard(registry, champion.projectId, async () => {
      await registry.recordDecision({
        projectId: champion.projectId,
        kind,
        championId: champion.id,
        challengerId: challenger.id,
        note,
        evidence,
        automatic,
        comparison: {
          rows: c.rows,
          metric: c.champion.metric,
          champion: c.champion.value,
          challenger: c.challenger.value,
          gain: c.gain,
          test: {
            kind: c.test.kind,
            statistic: 'statistic' in c.test ? c.test.statistic : null,
            pValue: c.pValue,
          },
        },
      });
      this.notice =
        kind === 'promote'
          ? `v${challenger.number} is in production now; v${champion.number} is archived. The decision is recorded.`
          : `v${champion.number} stays in production. The decision is recorded.`;
      this.result = null;
    });
  }

  /**
   * The project's policy, after a monitoring check: a dataset-drift or metric alert not acted on
   * before trains a challenger; a winner is promoted (with `autoPromote`) or offered, a loser kept.
   * Every automatic decision is recorded as such.
   */
  async autoImprove(registry: Registry, checked: MonitorResult): Promise<void> {
    if (this.running) return;
    const { version, alerts } = checked;
    const triggers = alerts.filter((a) => a.kind === 'dataset-drift' || a.kind === 'metric');
    if (triggers.length === 0) return;
    const policy = await registry.getImprovePolicy(version.projectId);
    if (!policy.enabled) return;
    const fresh = await registry.claimAlerts(
      version.id,
      triggers.map((a) => a.id),
    );
    if (fresh.length === 0) return;
    await this.retrain(version.id, `v${version.number}`);
    const outcome = this.result;
    if (!outcome) return;
    const evidence = triggers.map((a) => a.message);
    const { comparison: c, challenger } = outcome;
    const wins = c.challengerWins && c.gain >= policy.minGain;
    if (wins && policy.autoPromote) {
      await this.decide(
        registry,
        'promote',
        `Promoted automatically after: ${evidence[0] ?? 'an alert'}`,
        evidence,
        true,
      );
    } else if (!wins) {
      await this.decide(
        registry,
        'keep',
        "Kept automatically: the challenger did not win by the policy's margin with p < 0.05.",
        evidence,
        true,
      );
    } else {
      this.notice = `An alert trained v${challenger.number}, which is better: it is offered for promotion below.`;
    }
  }

  /** Puts an older version back in production, recorded as a rollback. */
  async rollback(
    registry: Registry,
    projectId: string,
    fromId: string | null,
    toId: string,
    label: string,
  ) {
    await this.#guard(registry, projectId, async () => {
      await registry.recordDecision({
        projectId,
        kind: 'rollback',
        championId: fromId,
        challengerId: toId,
        note: `Rolled back to ${label}.`,
      });
      this.notice = `Rolled back to ${label}; the decision is recorded.`;
    });
  }

  async loadDecisions(registry: Registry, projectId: string): Promise<void> {
    try {
      this.decisions = await registry.listDecisions(projectId);
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    }
  }

  async #guard(registry: Registry, projectId: string, work: () => Promise<void>) {
    try {
      this.error = null;
      await work();
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    }
    await this.loadDecisions(registry, projectId);
  }
}
