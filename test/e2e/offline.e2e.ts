import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { launchChromium, watchContext } from './browser';
import { screenshot, showScreen, trainAndReadAccuracy, waitReady } from './app';
import { startPreview, stopPreview } from './server';

describe('offline, for real', () => {
  let browser: Browser;
  let server: PreviewServer | null = null;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopPreview(server);
  });

  it('loads and trains after the server is gone', async () => {
    const started = await startPreview();
    server = started.server;
    const { origin } = started;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const watch = watchContext(context, origin);
    const page = await context.newPage();
    await page.goto(origin);
    await waitReady(page);
    // The service worker has precached everything once it reports offline-ready.
    await page.getByText('installed for offline use').waitFor({ timeout: 60_000 });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // onnxruntime-web's wasm (the export check) is cached apart, a while after start-up.
    // (waitForFunction would take the async predicate's promise as truthy: poll instead.)
    const cachedBytes = () =>
      page.evaluate(async () => {
        const cache = await caches.open('onnx-runtime');
        const [request] = await cache.keys();
        const response = request && (await cache.match(request));
        return response ? (await response.arrayBuffer()).byteLength : 0;
      });
    await expect.poll(cachedBytes, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(10_000_000);

    await stopPreview(server);
    server = null;
    await expect(fetch(origin)).rejects.toThrow();

    await page.reload();
    await waitReady(page);
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('150 rows');
    const accuracy = await trainAndReadAccuracy(page);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    await screenshot(page, 'offline-trained');

    // A sample that was never opened online also comes from the precache.
    await showScreen(page, 'data');
    await page.getByTestId('sample-select').selectOption('cars');
    await page.getByTestId('dataset-summary').filter({ hasText: '406 rows' }).waitFor();
    await waitReady(page);
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('406 rows');

    // The trained model downloads as a bundle, checked by onnxruntime-web from the cache.
    await showScreen(page, 'models');
    await page.getByRole('button', { name: 'Download v1' }).click();
    const check = page.getByTestId('export-dialog').getByTestId('export-check');
    await check.waitFor({ timeout: 120_000 });
    const text = (await check.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(text, text).toMatch(/✓\s+onnxruntime-web/);
    await screenshot(page, 'offline-export');

    expect(watch.foreignRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
