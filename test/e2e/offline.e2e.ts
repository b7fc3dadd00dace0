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

    expect(watch.foreignRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
