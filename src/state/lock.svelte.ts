/**
 * The workspace lock (issue 19): whether the workspace is encrypted, locked or open; unlocking
 * hands the key to the worker; locking (now, or after the idle time) takes it back from both.
 * While locked the app shows the lock screen only.
 */
import { toWorkbenchError, WorkbenchError, type SerializedError } from '../lib/errors';
import type { Registry } from '../lib/registry/registry';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../lib/registry/encryption';
import type { WorkerClient } from './worker-client';

/** `unknown` until the registry has said; `off` when not encrypted (or no storage). */
export type LockStatus = 'unknown' | 'off' | 'locked' | 'unlocked';

/** The idle times offered, in seconds. */
export const IDLE_CHOICES = [60, 5 * 60, 15 * 60, 30 * 60, 60 * 60, 4 * 60 * 60] as const;

/** How often the idle time is checked; activity only stamps a time, so events stay cheap. */
const IDLE_CHECK_MS = 1000;

function mismatch(): WorkbenchError {
  return new WorkbenchError('passphrase_mismatch', 'The two passphrases differ.', {
    hint: 'Type the same passphrase in both fields.',
  });
}

export class LockState {
  status = $state<LockStatus>('unknown');
  busy = $state(false);
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');
  idleSeconds = $state(DEFAULT_IDLE_LOCK_SECONDS);
  /** Records sealed or opened so far while turning encryption on or off. */
  progress = $state.raw<{ done: number; total: number } | null>(null);

  #registry: Registry | null = null;
  #client: WorkerClient;
  #lastActivity = Date.now();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(client: WorkerClient) {
    this.#client = client;
  }

  /** Reads the workspace's state once its registry is open (null: no storage, nothing to lock). */
  async start(registry: Registry | null): Promise<void> {
    this.#registry = registry;
    if (!registry) {
      this.status = 'off';
      return;
    }
    try {
      const [state, idle] = await Promise.all([
        registry.encryptionStatus(),
        registry.getIdleLockSeconds(),
      ]);
      this.idleSeconds = idle;
      this.status = !state.enabled ? 'off' : state.locked ? 'locked' : 'unlocked';
    } catch (error) {
      // A damaged stored key counts as encrypted: fail closed, and say why on the lock screen.
      this.status = 'locked';
      this.error = toWorkbenchError(error).toJSON();
    }
  }

  /**
   * Another tab may turn encryption on: when the registry says something changed, a workspace
   * seen as not encrypted is checked again, and locks here if it now is (this tab has no key).
   */
  async recheck(): Promise<void> {
    const registry = this.#registry;
    if (!registry || this.status !== 'off' || this.busy) return;
    const state = await registry.encryptionStatus().catch(() => null);
    if (state?.enabled && state.locked && this.status === 'off') this.status = 'locked';
  }

  async unlock(passphrase: string): Promise<boolean> {
    return this.#run(async (registry) => {
      await registry.unlock(passphrase, (done, total) => (this.progress = { done, total }));
      await this.#client.setWorkspaceKey(registry.workspaceKey);
      this.status = 'unlocked';
      this.#lastActivity = Date.now();
    });
  }

  /** Forgets the key here and in the worker; the lock screen shows at once. */
  lockNow(): void {
    if (this.status !== 'unlocked') return;
    this.#registry?.lock();
    this.status = 'locked';
    this.notice = '';
    this.error = null;
    void this.#client.setWorkspaceKey(null).catch(() => undefined);
  }

  async enable(passphrase: string, repeat: string): Promise<boolean> {
    return this.#run(async (registry) => {
      if (passphrase !== repeat) throw mismatch();
      const sealed = await registry.enableEncryption(passphrase, (done, total) => {
        this.progress = { done, total };
      });
      await this.#client.setWorkspaceKey(registry.workspaceKey);
      this.status = 'unlocked';
      const records =
        sealed === 0
          ? ''
          : ` ${sealed} stored record${sealed === 1 ? ' was' : 's were'} encrypted.`;
      this.notice = `Encryption is on.${records} Keep the passphrase safe: without it the data cannot be recovered.`;
    });
  }

  async changePassphrase(current: string, next: string, repeat: string): Promise<boolean> {
    return this.#run(async (registry) => {
      if (next !== repeat) throw mismatch();
      await registry.changePassphrase(current, next);
      this.notice = 'The passphrase is changed. Backups made before open with the old passphrase.';
    });
  }

  async disable(passphrase: string): Promise<boolean> {
    return this.#run(async (registry) => {
      await registry.disableEncryption(passphrase, (done, total) => {
        this.progress = { done, total };
      });
      this.status = 'off';
      this.notice = 'Encryption is off: the stored models and logs are no longer encrypted.';
    });
  }

  async setIdleSeconds(seconds: number): Promise<void> {
    await this.#run(async (registry) => {
      this.idleSeconds = await registry.setIdleLockSeconds(seconds);
    });
  }

  /** A key press, click or touch: the idle time starts again. */
  activity(): void {
    this.#lastActivity = Date.now();
  }

  /** Checks the idle time every second while the page is open; returns the stop function. */
  watchIdle(): () => void {
    this.#timer = setInterval(() => {
      if (this.status !== 'unlocked' || this.busy) return;
      if (Date.now() - this.#lastActivity >= this.idleSeconds * 1000) this.lockNow();
    }, IDLE_CHECK_MS);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }

  dismiss(): void {
    this.error = null;
    this.notice = '';
  }

  async #run(work: (registry: Registry) => Promise<void>): Promise<boolean> {
    const registry = this.#registry;
    if (!registry || this.busy) return false;
    this.busy = true;
    this.error = null;
    this.notice = '';
    try {
      await work(registry);
      return true;
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
      return false;
    } finally {
      this.busy = false;
      this.progress = null;
    }
  }
}
