/**
 * Runs one job against a Comlink worker and always terminates it. A worker that fails to load
 * never answers a Comlink call, so its 'error' event turns into a rejection instead of a hang.
 */
import * as Comlink from 'comlink';

export async function withWorker<Api, Result>(
  worker: Worker,
  job: (api: Comlink.Remote<Api>) => Promise<Result>,
): Promise<Result> {
  let onError: (event: ErrorEvent) => void = () => undefined;
  const loadFailed = new Promise<never>((_, reject) => {
    onError = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.addEventListener('error', onError);
  });
  const api = Comlink.wrap<Api>(worker);
  try {
    return await Promise.race([job(api), loadFailed]);
  } finally {
    worker.removeEventListener('error', onError);
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
