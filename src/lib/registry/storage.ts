/** Storage space: estimates, the persistence request, and turning quota failures into errors. */
import { formatBytes } from '../format';
import { WorkbenchError } from '../errors';

export interface StorageEstimate {
  /** Bytes this site uses, or null where the browser does not say. */
  usage: number | null;
  /** Bytes this site may use, or null where the browser does not say. */
  quota: number | null;
  /** Whether the browser promised to keep the data under storage pressure. */
  persisted: boolean;
}

interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

function storageManager(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

export async function estimateStorage(): Promise<StorageEstimate> {
  const storage = storageManager();
  const [estimate, persisted] = await Promise.all([
    storage?.estimate?.().catch(() => undefined),
    storage?.persisted?.().catch(() => false),
  ]);
  return {
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    persisted: persisted ?? false,
  };
}

/**
 * Asks the browser to keep this site's data under storage pressure. Browsers only grant it from
 * a user gesture (a click), and may say no; resolves to whether the data is now persistent.
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = storageManager();
  if (!storage?.persist) return false;
  return storage.persist().catch(() => false);
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError';
}

/** A storage failure as a WorkbenchError; a quota failure names the sizes involved. */
export async function storageError(error: unknown, neededBytes: number): Promise<WorkbenchError> {
  if (error instanceof WorkbenchError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'DataCloneError') {
    return new WorkbenchError(
      'invalid_model',
      'The registry cannot store this model: it holds values that cannot be copied (functions, live tensors or DOM objects).',
      { hint: 'Save the plain model value that trainModel returns.', cause: error },
    );
  }
  if (!isQuotaError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new WorkbenchError('internal', `The model registry could not write: ${message}`, {
      hint: 'Nothing was changed. Try again; if it keeps failing, export a backup.',
      cause: error,
    });
  }
  const { usage, quota } = await estimateStorage();
  const room =
    usage !== null && quota !== null
      ? ` This site may use ${formatBytes(quota)} and already uses ${formatBytes(usage)}.`
      : '';
  return new WorkbenchError(
    'quota_exceeded',
    `Not enough storage space: saving needs about ${formatBytes(neededBytes)}.${room} Nothing was saved.`,
    {
      hint: 'Delete or empty the trash of versions you no longer need, or export a backup and free space, then try again.',
      details: { neededBytes, usage, quota },
      cause: error,
    },
  );
}

/** Why the registry database could not open, as a WorkbenchError. */
export function openError(error: unknown): WorkbenchError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'VersionError') {
    return new WorkbenchError(
      'storage_newer',
      'The stored models were upgraded by a newer version of the workbench in another tab.',
      { hint: 'Reload this page to use the newer version.', cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WorkbenchError('storage_unavailable', `The model storage could not open: ${message}`, {
    hint: 'Check that this site may store data (not a private window, storage not blocked).',
    cause: error,
  });
}
