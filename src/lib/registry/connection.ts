/**
 * The registry's hold on its database: the open connection, the channel that tells other tabs of
 * changes, why it was closed, and the one way to write (a strict transaction that leaves nothing
 * changed when it fails). The `Registry` facade and its operation modules share one of these.
 */
import { WorkbenchError } from '../errors';
import { SCHEMA_VERSION, type RegistryDb, type StoreName, type WriteTx } from './schema';
import { storageError } from './storage';
import type { RegistryOptions } from './types';
import { RecordVault } from './vault';

/** What a write tells other tabs (and this one): versions changed, or only the prediction log. */
export type WriteNotice = 'changed' | 'log';

/** Why a connection was closed: by the caller, for a newer schema, or by the browser. */
export type CloseReason = 'closed' | 'upgrade' | 'terminated';

export class RegistryConnection {
  readonly schemaVersion: number;
  #db: RegistryDb;
  #options: RegistryOptions;
  #channel: BroadcastChannel | null = null;
  #closedBecause: CloseReason | null = null;
  /** Seals and opens records when the workspace is encrypted; holds the key while unlocked. */
  readonly vault = new RecordVault(() => this.open());

  constructor(db: RegistryDb, name: string, options: RegistryOptions) {
    this.#db = db;
    this.schemaVersion = db.version;
    this.#options = options;
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(`${name}:changes`);
      this.#channel.onmessage = (event: MessageEvent) => this.#notify(event.data);
      // In Node an open channel keeps the process alive; a registry should not (browsers lack unref).
      (this.#channel as { unref?: () => void }).unref?.();
    }
  }

  /** Log writes are told apart, so that a prediction does not reload every version list. */
  #notify(notice: unknown): void {
    if (notice === 'log') this.#options.onLogChange?.();
    else this.#options.onChange?.();
  }

  get closed(): boolean {
    return this.#closedBecause !== null;
  }

  /** Closes once, for the first reason given; a newer schema or the browser is then told on. */
  close(reason: CloseReason): void {
    if (this.#closedBecause) return;
    this.#closedBecause = reason;
    this.vault.setKey(null);
    this.#db.close();
    this.#channel?.close();
    this.#channel = null;
    if (reason === 'upgrade') this.#options.onVersionChange?.();
    if (reason === 'terminated') this.#options.onTerminated?.();
  }

  /** The database, or `registry_closed` once the connection is closed. */
  open(): RegistryDb {
    if (!this.#closedBecause) return this.#db;
    const message = {
      closed: 'The model registry was closed.',
      upgrade:
        'A newer version of the workbench opened in another tab and upgraded the stored models.',
      terminated: 'The browser closed the model storage (it may have been cleared).',
    }[this.#closedBecause];
    throw new WorkbenchError('registry_closed', message, {
      hint: 'Reload the page to go on; your saved versions are kept.',
    });
  }

  /** Whether the database has this store (a test may open an older schema). */
  has(store: StoreName): boolean {
    return this.open().objectStoreNames.contains(store);
  }

  olderSchema(what: string): WorkbenchError {
    return new WorkbenchError(
      'storage_unavailable',
      `This registry was opened at schema ${this.schemaVersion}, which has no ${what}.`,
      { hint: `Open the registry at the current schema (${SCHEMA_VERSION}).` },
    );
  }

  /**
   * One strict read-write transaction over the stores a write touches (those the database
   * has); on failure nothing is changed.
   */
  async write<S extends StoreName, T>(
    stores: readonly S[],
    neededBytes: number,
    work: (tx: WriteTx<S>) => Promise<T>,
    notice: WriteNotice = 'changed',
  ): Promise<T> {
    const db = this.open();
    const names = stores.filter((name) => db.objectStoreNames.contains(name));
    const tx = db.transaction(names, 'readwrite', { durability: 'strict' });
    try {
      const result = await work(tx);
      await tx.done;
      this.#channel?.postMessage(notice);
      this.#notify(notice);
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished (it failed on its own).
      }
      await tx.done.catch(() => undefined);
      throw await storageError(error, neededBytes);
    }
  }
}
