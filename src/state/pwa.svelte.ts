import { registerSW } from 'virtual:pwa-register';
import { cacheOnnxRuntimeLater } from '../onnx-runtime-wasm';

/**
 * Service-worker lifecycle for the UI. Updates wait for the user ('prompt'): reloading on its own
 * would kill a training run in progress.
 */
export class PwaState {
  needRefresh = $state(false);
  offlineReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  register(): void {
    if (!('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        this.needRefresh = true;
      },
      onOfflineReady: () => {
        this.offlineReady = true;
      },
    });
    cacheOnnxRuntimeLater();
  }

  /** Activates the waiting service worker and reloads into the new version. */
  async reload(): Promise<void> {
    const controlled = navigator.serviceWorker.controller !== null;
    await this.#update?.(true);
    // Workbox reloads when the new worker takes control, which never happens to a page opened
    // before any worker controlled it (a first visit): reload it ourselves.
    if (!controlled) setTimeout(() => location.reload(), 1500);
  }

  dismiss(): void {
    this.needRefresh = false;
    this.offlineReady = false;
  }
}
