// Imported module by module (not from lib/index) so the page bundle stays free of tfjs.
import type { SerializedError } from '../lib/errors';
import type { MonitorWindowing } from '../lib/monitor/types';
import type { VersionRecord } from '../lib/registry/types';
import { defaultDeployVersion } from './deploy.svelte';
import type { LabelJoin } from '../lib/prediction-log/join-labels';
import type { MonitorResult } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/** The window choices the Monitor screen offers. */
export const WINDOW_CHOICES = {
  auto: { label: 'each scored file (about 20 windows at most)', windowing: 'auto' },
  rows1000: { label: '1,000 rows', windowing: { rows: 1000 } },
  rows10000: { label: '10,000 rows', windowing: { rows: 10_000 } },
  hour: { label: 'an hour', windowing: { ms: 3_600_000 } },
  day: { label: 'a day', windowing: { ms: 86_400_000 } },
  week: { label: 'a week', windowing: { ms: 7 * 86_400_000 } },
} as const satisfies Record<string, { label: string; windowing: MonitorWindowing | 'auto' }>;

export type WindowChoice = keyof typeof WINDOW_CHOICES;

/** The version monitored: the one chosen (here or on Deploy), else the one serving. */
export function monitoredVersion(
  versions: readonly VersionRecord[],
  chosen: string | null,
): VersionRecord | null {
  return versions.find((v) => v.id === chosen) ?? defaultDeployVersion(versions);
}

/**
 * The Monitor screen: which version, how its log is cut into windows, the last result (drift,
 * performance, alerts) and the job computing it. It runs again whenever the log changes (a
 * scored file, a form prediction, an import), so alerts follow every scoring run.
 */
export class MonitorState {
  /** The chosen version; null follows the Deploy screen's serving version. */
  chosen = $state<string | null>(null);
  windowChoice = $state<WindowChoice>('auto');
  result = $state.raw<MonitorResult | null>(null);
  error = $state.raw<SerializedError | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  running = $state(false);
  /** What the screen shows in detail: a window and a feature. */
  selectedWindow = $state<number | null>(null);
  selectedFeature = $state<string | null>(null);

  #client: WorkerClient;
  #jobs: JobsState;
  #job: RunningJob<MonitorResult> | null = null;
  #again: string | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  /** Alerts of the last result, for the navigation's badge. */
  get alertCount(): number {
    return this.result?.alerts.length ?? 0;
  }

  /** Monitors a version (a run in flight finishes first, then the newest request runs). */
  async run(versionId: string): Promise<void> {
    if (this.running) {
      this.#again = versionId;
      return;
    }
    this.running = true;
    this.error = null;
    this.progress = null;
    const listed = this.#jobs.start('monitor', 'Checking drift', () => this.cancel());
    const { windowing } = WINDOW_CHOICES[this.windowChoice];
    const job = this.#client.job<MonitorResult>((api, jobId) =>
      api.monitorVersion(
        jobId,
        versionId,
        windowing,
        this.#client.callback((done: number, total: number) => {
          this.progress = { done, total };
          listed.progress(done, total);
        }),
      ),
    );
    this.#job = job;
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') {
        this.#show(outcome.value);
      } else if (outcome.status === 'failed') {
        this.result = null;
        this.error = outcome.error;
      }
    } finally {
      listed.end();
      this.#job = null;
      this.running = false;
      this.progress = null;
    }
    const again = this.#again;
    this.#again = null;
    if (again) await this.run(again);
  }

  /** What the last labels file did, in a sentence (or why it failed). */
  labelsNotice = $state('');
  joining = $state(false);

  /** Joins a CSV of labels to the version's logged rows by key, in the worker. */
  async joinLabels(versionId: string, file: File): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    this.labelsNotice = `Joining ${file.name}…`;
    const listed = this.#jobs.start('monitor', `Joining labels from ${file.name}`, null);
    try {
      const outcome = await this.#client.job<LabelJoin>((api, jobId) =>
        api.joinLabels(jobId, versionId, file),
      ).outcome;
      if (outcome.status === 'done') {
        const { key, labelled, unmatched } = outcome.value;
        const count = (n: number) => n.toLocaleString('en-US');
        this.labelsNotice = `${file.name}: ${count(labelled)} logged rows got their label by ${key}${unmatched > 0 ? `; ${count(unmatched)} ${unmatched === 1 ? 'key is' : 'keys are'} not in the log` : ''}.`;
      } else if (outcome.status === 'failed') {
        this.labelsNotice = `${file.name}: ${outcome.error.message} ${outcome.error.hint}`;
      }
    } finally {
      listed.end();
      this.joining = false;
    }
  }

  cancel(): void {
    this.#again = null;
    this.#job?.cancel();
  }

  /** Keeps the selection where it still exists; else the newest window and its most drifted feature. */
  #show(result: MonitorResult): void {
    const previous = this.result;
    this.result = result;
    const windows = result.report.windows;
    const sameVersion = previous?.version.id === result.version.id;
    if (!sameVersion || this.selectedWindow === null || this.selectedWindow >= windows.length) {
      this.selectedWindow = windows.length > 0 ? windows.length - 1 : null;
    }
    const features = result.report.features;
    if (!sameVersion || !this.selectedFeature || !features.includes(this.selectedFeature)) {
      const latest = windows.at(-1);
      const worst = latest?.drift.columns.find((c) => c.drifted) ?? latest?.drift.columns[0];
      this.selectedFeature = worst?.name ?? features[0] ?? null;
    }
  }
}
