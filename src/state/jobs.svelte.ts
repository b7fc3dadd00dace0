/** What runs: reading a file, training, measuring, backups, model bundles in and out. */
export type JobKind =
  | 'load'
  | 'train'
  | 'quantize'
  | 'measure'
  | 'backup-export'
  | 'backup-import'
  | 'model-export'
  | 'model-import'
  | 'score'
  | 'log-export'
  | 'log-import'
  | 'monitor'
  | 'explain';

/** A running job as the "Running" list shows it. */
export interface JobView {
  id: number;
  kind: JobKind;
  label: string;
  /** Progress so far, when the job can tell; null while it cannot. */
  done: number | null;
  total: number | null;
  /** Stops the job; null when it cannot be stopped. */
  cancel: (() => void) | null;
}

/** The page's handle on one listed job: report progress, then end it (always, in a finally). */
export interface JobHandle {
  readonly id: number;
  progress(done: number, total: number): void;
  end(): void;
}

/**
 * Every job running in this tab, whichever worker or module runs it, so the header can show
 * what is going on and each job can be stopped on its own.
 */
export class JobsState {
  running = $state.raw<JobView[]>([]);
  #next = 1;

  start(kind: JobKind, label: string, cancel: (() => void) | null = null): JobHandle {
    const id = this.#next++;
    this.running = [...this.running, { id, kind, label, done: null, total: null, cancel }];
    return {
      id,
      progress: (done, total) => {
        this.running = this.running.map((job) => (job.id === id ? { ...job, done, total } : job));
      },
      end: () => {
        this.running = this.running.filter((job) => job.id !== id);
      },
    };
  }
}
