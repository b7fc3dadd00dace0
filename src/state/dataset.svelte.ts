import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { ColumnKind, Delimiter, MaskMethod, ReadProgress } from '../lib/page';
import type { DatasetInfo, LoadOptions } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import { SAMPLES, type SampleId } from './samples';
import type { RunningJob, WorkerClient } from './worker-client';

/** A file to read, with the options to read it with and the target to prefer. */
interface LoadRequest {
  blob: Blob;
  name: string;
  options: LoadOptions;
  preferredTarget: string;
}

/** What the owner is told: a table was read (and which target to pick), or a read failed. */
export interface DatasetEvents {
  loaded(info: DatasetInfo, preferredTarget: string): Promise<void>;
  failed(error: SerializedError): void;
  notice(text: string): void;
}

/**
 * The dataset: reading files (one at a time, later ones queued, never dropped), the options they
 * were read with, and the profile of the table the worker holds.
 */
export class DatasetState {
  dataset = $state.raw<DatasetInfo | null>(null);
  /** Progress of the file being read, with when it started (for the time left). */
  ingest = $state.raw<(ReadProgress & { startedAt: number; name: string }) | null>(null);
  /** Files waiting for the current read to end, by name. */
  readonly queued = $derived(this.#queueNames());
  cancelling = $state(false);

  #client: WorkerClient;
  #jobs: JobsState;
  #events: DatasetEvents;
  #source = $state.raw<{ blob: Blob; name: string; options: LoadOptions } | null>(null);
  #queue = $state.raw<LoadRequest[]>([]);
  #running: RunningJob<DatasetInfo> | null = null;
  #preferredTarget = '';
  /** The user opened something: the sample shown at first open must not replace it. */
  #userChose = false;

  constructor(client: WorkerClient, jobs: JobsState, events: DatasetEvents) {
    this.#client = client;
    this.#jobs = jobs;
    this.#events = events;
  }

  #queueNames(): string[] {
    return this.#queue.map((request) => request.name);
  }

  /** Whether a file is being read (or waits to be). */
  get loading(): boolean {
    return this.ingest !== null || this.queued.length > 0;
  }

  /** The options the current dataset was read with. */
  get loadOptions(): LoadOptions {
    return this.#source?.options ?? {};
  }

  /** The current file, to read again after the worker was replaced. */
  get source(): { blob: Blob; name: string; options: LoadOptions } | null {
    return this.#source;
  }

  async loadSample(id: SampleId): Promise<void> {
    this.#userChose = true;
    await this.#fetchSample(id, false);
  }

  /** Shows the first sample at first open, unless the user has opened a file meanwhile. */
  async loadDefaultSample(): Promise<void> {
    if (this.#userChose || this.dataset) return;
    await this.#fetchSample(SAMPLES[0].id, true);
  }

  async #fetchSample(id: SampleId, onlyIfUntouched: boolean): Promise<void> {
    const sample = SAMPLES.find((s) => s.id === id) ?? SAMPLES[0];
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}samples/${sample.file}`);
      if (!response.ok) {
        throw new Error(`Could not load the sample ${sample.file} (HTTP ${response.status}).`);
      }
      const blob = await response.blob();
      if (onlyIfUntouched && this.#userChose) return;
      await this.#enqueue({
        blob,
        name: sample.file,
        options: {},
        preferredTarget: sample.target,
      });
    } catch (error) {
      this.#events.failed(toWorkbenchError(error).toJSON());
    }
  }

  /**
   * Reads a dropped, picked or pasted file. While another file is being read it waits its turn
   * (with a visible notice); on failure or cancel the current dataset stays.
   */
  async loadFile(file: Blob, name: string, options: LoadOptions = {}): Promise<void> {
    this.#userChose = true;
    await this.#enqueue({ blob: file, name, options, preferredTarget: this.#preferredTarget });
  }

  /** Reads the current file again with a column's kind chosen by the user. */
  async setColumnKind(column: string, kind: ColumnKind | 'auto'): Promise<void> {
    const source = this.#source;
    if (!source) return;
    // Built from entries: assigning to a column named "__proto__" would set the prototype.
    const entries = Object.entries(source.options.columnKinds ?? {}).filter(([n]) => n !== column);
    if (kind !== 'auto') entries.push([column, kind]);
    const columnKinds = Object.fromEntries(entries) as Record<string, ColumnKind>;
    await this.loadFile(source.blob, source.name, { ...source.options, columnKinds });
  }

  /**
   * Masks a column (read again, masked as it is read): hashing under the workspace's secret
   * salt, truncation, or generalisation; `null` reads it unmasked again.
   */
  async setMask(column: string, method: MaskMethod | null): Promise<void> {
    const source = this.#source;
    if (!source) return;
    const masks = (source.options.masks ?? []).filter((mask) => mask.column !== column);
    if (method) masks.push({ column, method });
    const options: LoadOptions = { ...source.options, masks };
    if (masks.length === 0) delete options.masks;
    await this.loadFile(source.blob, source.name, options);
  }

  /** Reads the current file again with another delimiter ('auto' to sniff it). */
  async setDelimiter(delimiter: Delimiter | 'auto'): Promise<void> {
    const source = this.#source;
    if (!source) return;
    const options: LoadOptions = { ...source.options };
    if (delimiter === 'auto') delete options.delimiter;
    else options.delimiter = delimiter;
    // Column names may change with the delimiter: kinds and masks chosen for the old ones go.
    delete options.columnKinds;
    delete options.masks;
    await this.loadFile(source.blob, source.name, options);
  }

  /** Reads the current file again with other missing-value markers. */
  async setMissingMarkers(markers: string[]): Promise<void> {
    const source = this.#source;
    if (!source) return;
    await this.loadFile(source.blob, source.name, { ...source.options, missingMarkers: markers });
  }

  /** Remembers the target the user picked, so a new file with that column keeps it. */
  preferTarget(target: string): void {
    this.#preferredTarget = target;
  }

  /** Stops the read in progress and drops the files waiting after it. */
  cancel(): void {
    if (!this.#running) return;
    this.#queue = [];
    this.cancelling = true;
    this.#running.cancel();
  }

  /** Forgets the read in progress (its worker is gone); the owner reads `source` again. */
  abandon(): void {
    this.#queue = [];
    this.#running = null;
    this.ingest = null;
    this.cancelling = false;
  }

  async #enqueue(request: LoadRequest): Promise<void> {
    if (this.#running) {
      this.#queue = [...this.#queue, request];
      // The Data screen shows the queue next to the progress bar, until each file opens.
      return;
    }
    let next: LoadRequest | undefined = request;
    while (next) {
      await this.#read(next);
      [next] = this.#queue;
      this.#queue = this.#queue.slice(1);
    }
  }

  async #read(request: LoadRequest): Promise<void> {
    const { blob, name, options } = request;
    this.ingest = {
      bytesRead: 0,
      totalBytes: blob.size,
      rows: 0,
      startedAt: performance.now(),
      name,
    };
    const listed = this.#jobs.start('load', `Reading ${name}`, () => this.cancel());
    const job = this.#client.job<DatasetInfo>((api, jobId) =>
      api.loadCsv(
        jobId,
        blob,
        name,
        options,
        this.#client.callback((progress: ReadProgress) => {
          if (this.ingest) this.ingest = { ...this.ingest, ...progress };
          listed.progress(progress.bytesRead, progress.totalBytes);
        }),
      ),
    );
    this.#running = job;
    try {
      const outcome = await job.outcome;
      if (this.#running !== job) return; // abandoned: the worker was replaced meanwhile
      if (outcome.status === 'cancelled') {
        this.#events.notice(`Reading ${name} was cancelled; the previous data is still loaded.`);
      } else if (outcome.status === 'failed') {
        this.#events.failed(outcome.error);
      } else {
        this.#source = { blob, name, options };
        this.dataset = outcome.value;
        await this.#events.loaded(outcome.value, request.preferredTarget);
      }
    } finally {
      listed.end();
      if (this.#running === job) {
        this.#running = null;
        this.ingest = null;
        this.cancelling = false;
      }
    }
  }
}
