import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { launchChromium, watchContext } from './browser';
import { screenshot, waitReady } from './app';
import { startPreview, stopPreview } from './server';

describe('a new version of the app', () => {
  let browser: Browser;
  let server: PreviewServer;
  let origin: string;
  let outDir: string;

  beforeAll(async () => {
    // Serve a copy of the build, so "deploying" a new version does not touch dist/.
    outDir = mkdtempSync(join(tmpdir(), 'workbench-update-'));
    cpSync('dist', outDir, { recursive: true });
    ({ server, origin } = await startPreview({ outDir }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopPreview(server);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('is offered with a banner and never reloads the page on its own', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const watch = watchContext(context, origin);
    const page = await context.newPage();
    await page.goto(origin);
    await waitReady(page);
    await page.getByText('installed for offline use').waitFor({ timeout: 60_000 });
    // Come back as a returning visitor, whose page the service worker controls.
    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    // Deploy a new version: any byte change to sw.js is a new service worker.
    appendFileSync(join(outDir, 'sw.js'), '\n// next version\n');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await page.getByText('A new version of the workbench is ready.').waitFor({ timeout: 60_000 });
    await screenshot(page, 'update-available');

    // Waiting for the user: the page (and any training in it) is still the same document.
    await page.waitForTimeout(1000);
    const untouched = await page.evaluate(
      () => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true,
    );
    expect(untouched).toBe(true);

    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Reload to update' }).click(),
    ]);
    await waitReady(page);
    const reloaded = await page.evaluate(
      () => (window as unknown as { __sameDocument?: boolean }).__sameDocument === undefined,
    );
    expect(reloaded).toBe(true);
    expect(await page.getByText('A new version of the workbench is ready.').count()).toBe(0);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
