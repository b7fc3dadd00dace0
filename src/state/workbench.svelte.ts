import {
  fastestBackend,
  type BackendInfo,
  type BackendMeasurement,
  type BackendName,
} from '../lib/backends/choice';
import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { ColumnKind, Delimiter, EpochReport, FeatureChoice, ReadProgress } from '../lib/index';
import type { VersionRecord } from '../lib/registry/types';
import type { DatasetInfo, LoadOptions, ModelSummary } from '../workers/protocol';
import {
  deviceKey,
  loadMeasurements,
  loadOverride,
  saveMeasurements,
  saveOverride,
} from './backend-cache';
import { SAMPLES, type SampleId } from './samples';
import { DEFAULT_SETTINGS, toSpec, type TrainSettings } from './train-settings';
import { Comlink, TrainingClient } from './training-client';

export type Phase =
  'starting' | 'loading' | 'measuring' | 'switching' | 'ready' | 'training' | 'cancelling';

/** How long a cancelled run may take to stop before its worker is replaced. */
const CANCEL_GRACE_MS = 4000;

/** All state of the training screen; components read it and call its methods. */
export class WorkbenchState {
  phase = $state<Phase>('starting');
  backends = $state.raw<BackendInfo[]>([]);
  measurements = $state.raw<BackendMeasurement[]>([]);
  measuring = $state<{ done: number; total: number; name: string } | null>(null);
  backendMode = $state<BackendName | 'auto'>('auto');
  active = $state.raw<BackendInfo | null>(null);
  dataset = $state.raw<DatasetInfo | null>(null);
  target = $state('');
  features = $state.raw<FeatureChoice[]>([]);
  /** Features the user ticked or unticked, overriding the defaults (by column name). */
  featureOverrides = $state<Record<string, boolean>>({});
  settings = $state<TrainSettings>({ ...DEFAULT_SETTINGS });
  paused = $state(false);
  /** Cross-validation progress while folds train. */
  fold = $state<{ done: number; total: number } | null>(null);
  history = $state.raw<EpochReport[]>([]);
  model = $state.raw<ModelSummary | null>(null);
  /** Whether the last trained model is in the registry yet. */
  saved = $state.raw<
    | { status: 'saving' }
    | { status: 'saved'; version: VersionRecord }
    | { status: 'failed'; error: SerializedError }
    | null
  >(null);
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');
  /** Progress of the file being read, with when it started (for the time left). */
  ingest = $state.raw<(ReadProgress & { startedAt: number; name: string }) | null>(null);

  #client = new TrainingClient();
  #source = $state.raw<{ blob: Blob; name: string; options: LoadOptions } | null>(null);
  #storage: Storage;

  constructor(storage: Storage = localStorage) {
    this.#storage = storage;
    this.backendMode = loadOverride(storage);
  }

  /** The backend the workbench would pick by measurement. */
  get fastest(): BackendMeasurement | undefined {
    return fastestBackend(this.measurements);
  }

  get busy(): boolean {
    return this.phase !== 'ready';
  }

  /** Probes backends, loads the default sample, and picks a backend (measuring once per device). */
  async start(): Promise<void> {
    await this.#guard(async () => {
      this.backends = await this.#client.call((api) => api.probeBackends());
      await this.#loadSample('iris');
      const cached = loadMeasurements(this.#storage, this.#deviceKey());
      if (cached) this.measurements = cached.measurements;
      else await this.#measure();
      await this.#activate();
    });
    this.phase = 'ready';
  }

  /** Measures every backend again (the user asked, e.g. after plugging in a GPU). */
  async remeasure(): Promise<void> {
    await this.#guard(async () => {
      await this.#measure();
      await this.#activate();
    });
    this.phase = 'ready';
  }

  /** Sets 'auto' or a specific backend, remembered for next time. */
  async chooseBackend(mode: BackendName | 'auto'): Promise<void> {
    this.backendMode = mode;
    saveOverride(this.#storage, mode);
    this.phase = 'switching';
    await this.#guard(() => this.#activate());
    this.phase = 'ready';
  }

  async loadSample(id: SampleId): Promise<void> {
    await this.#guard(() => this.#loadSample(id));
    this.phase = 'ready';
  }

  /** Reads a dropped, picked or pasted file; on failure or cancel the current dataset stays. */
  async loadFile(file: Blob, name: string, options: LoadOptions = {}): Promise<void> {
    if (this.busy) return;
    await this.#guard(() => this.#load(file, name, this.target, options));
    this.phase = 'ready';
  }

  /** Reads the current file again with a column's kind chosen by the user. */
  async setColumnKind(column: string, kind: ColumnKind | 'auto'): Promise<void> {
    const source = this.#source;
    if (!source) return;
    const columnKinds = { ...source.options.columnKinds };
    if (kind === 'auto') delete columnKinds[column];
    else columnKinds[column] = kind;
    await this.loadFile(source.blob, source.name, { ...source.options, columnKinds });
  }

  /** Reads the current file again with another delimiter ('auto' to sniff it). */
  async setDelimiter(delimiter: Delimiter | 'auto'): Promise<void> {
    const source = this.#source;
    if (!source) return;
    const options: LoadOptions = { ...source.options };
    if (delimiter === 'auto') delete options.delimiter;
    else options.delimiter = delimiter;
    // Column names may change with the delimiter: kinds chosen for the old ones no longer apply.
    delete options.columnKinds;
    await this.loadFile(source.blob, source.name, options);
  }

  /** Reads the current file again with other missing-value markers. */
  async setMissingMarkers(markers: string[]): Promise<void> {
    const source = this.#source;
    if (!source) return;
    await this.loadFile(source.blob, source.name, { ...source.options, missingMarkers: markers });
  }

  /** The options the current dataset was read with. */
  get loadOptions(): LoadOptions {
    return this.#source?.options ?? {};
  }

  /** The features training will use: defaults, changed by the user's ticks. */
  get selectedFeatures(): string[] {
    return this.features
      .filter((f) => this.featureOverrides[f.name] ?? f.included)
      .map((f) => f.name);
  }

  toggleFeature(name: string, included: boolean): void {
    this.featureOverrides = { ...this.featureOverrides, [name]: included };
  }

  async setTarget(target: string): Promise<void> {
    this.target = target;
    this.featureOverrides = {};
    await this.#guard(async () => {
      this.features = await this.#client.call((api) => api.featureChoices(target));
    });
  }

  /** Trains on the current dataset in the worker, streaming epoch reports into `history`. */
  async train(): Promise<void> {
    if (this.phase !== 'ready' || !this.dataset) return;
    this.phase = 'training';
    this.history = [];
    this.model = null;
    this.saved = null;
    this.error = null;
    this.notice = '';
    this.paused = false;
    this.fold = null;
    const onEpoch = Comlink.proxy((report: EpochReport) => {
      this.history = [...this.history, report];
    });
    const spec = toSpec($state.snapshot(this.settings), this.target, this.selectedFeatures);
    try {
      const onFold = Comlink.proxy((done: number, total: number) => {
        this.fold = { done, total };
      });
      const outcome = await this.#client.call((api) => api.train(spec, onEpoch, onFold));
      if (outcome.status === 'done') {
        this.model = outcome.model;
        await this.saveModel();
      } else this.notice = 'Training cancelled. Nothing was changed; press Train to start again.';
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    }
    this.paused = false;
    this.fold = null;
    this.phase = 'ready';
  }

  /**
   * Saves the last trained model as a registry version (training does this by itself). A failure
   * (a full disk, say) keeps the model in the worker, so saving can be tried again.
   */
  async saveModel(): Promise<void> {
    if (!this.model || this.saved?.status === 'saving' || this.saved?.status === 'saved') return;
    this.saved = { status: 'saving' };
    const projectName = `${this.dataset?.name ?? 'data'} → ${this.model.target}`;
    try {
      const version = await this.#client.call((api) => api.saveModel({ projectName }));
      this.saved = { status: 'saved', version };
    } catch (error) {
      this.saved = { status: 'failed', error: toWorkbenchError(error).toJSON() };
    }
  }

  /** Pauses or resumes the running training (between batches). */
  togglePause(): void {
    if (this.phase !== 'training') return;
    this.paused = !this.paused;
    this.#client.setPaused(this.paused);
  }

  /** Restores every training setting to its default. */
  resetSettings(): void {
    this.settings = { ...DEFAULT_SETTINGS };
  }

  /** Stops loading or training; a worker that does not stop in time is replaced. */
  cancel(): void {
    if (this.phase !== 'training' && this.phase !== 'loading') return;
    this.phase = 'cancelling';
    this.#client.cancel();
    setTimeout(() => {
      if (this.phase === 'cancelling') void this.#recoverFromStuckWorker();
    }, CANCEL_GRACE_MS);
  }

  dismissError(): void {
    this.error = null;
  }

  async #recoverFromStuckWorker(): Promise<void> {
    this.#client.restart();
    this.notice = 'Cancelled (the background worker was restarted).';
    await this.#guard(async () => {
      this.backends = await this.#client.call((api) => api.probeBackends());
      await this.#activate();
      const source = this.#source;
      if (source) await this.#load(source.blob, source.name, this.target, source.options);
    });
    this.phase = 'ready';
  }

  async #loadSample(id: SampleId): Promise<void> {
    const sample = SAMPLES.find((s) => s.id === id) ?? SAMPLES[0];
    const response = await fetch(`${import.meta.env.BASE_URL}samples/${sample.file}`);
    if (!response.ok)
      throw new Error(`Could not load the sample ${sample.file} (HTTP ${response.status}).`);
    await this.#load(await response.blob(), sample.file, sample.target, {});
  }

  async #load(
    blob: Blob,
    name: string,
    preferredTarget: string,
    options: LoadOptions,
  ): Promise<void> {
    this.phase = 'loading';
    this.error = null;
    this.notice = '';
    this.ingest = {
      bytesRead: 0,
      totalBytes: blob.size,
      rows: 0,
      startedAt: performance.now(),
      name,
    };
    const onProgress = Comlink.proxy((progress: ReadProgress) => {
      if (this.ingest) this.ingest = { ...this.ingest, ...progress };
    });
    try {
      const info = await this.#client.call((api) => api.loadCsv(blob, name, options, onProgress));
      if (!info) {
        this.notice = `Reading ${name} was cancelled; the previous data is still loaded.`;
        return;
      }
      this.#source = { blob, name, options };
      this.dataset = info;
      this.model = null;
      this.saved = null;
      this.history = [];
      const names = info.profile.columns.map((c) => c.name);
      await this.setTarget(
        names.includes(preferredTarget) ? preferredTarget : (names.at(-1) ?? ''),
      );
    } finally {
      this.ingest = null;
    }
  }

  async #measure(): Promise<void> {
    this.phase = 'measuring';
    const onProgress = Comlink.proxy((done: number, total: number, name: string) => {
      this.measuring = { done, total, name };
    });
    this.measurements = await this.#client.call((api) => api.measureBackends(onProgress));
    this.measuring = null;
    saveMeasurements(this.#storage, this.#deviceKey(), this.measurements);
  }

  async #activate(): Promise<void> {
    const name = this.backendMode === 'auto' ? (this.fastest?.name ?? 'cpu') : this.backendMode;
    this.active = await this.#client.call((api) => api.useBackend(name));
  }

  #deviceKey(): string {
    return deviceKey(this.backends, navigator);
  }

  /** Runs a step, turning any failure into a visible, dismissible error instead of a crash. */
  async #guard(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
      this.measuring = null;
      this.phase = 'ready';
    }
  }
}
