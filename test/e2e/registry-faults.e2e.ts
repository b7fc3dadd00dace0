import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as WorkbenchApi from '../../src/lib/index';
import { screenshot, waitReady } from './app';
import { defineTestModel, parametersOf } from './page-models';
import { startSession, type Session } from './session';

type Lib = typeof WorkbenchApi;
declare global {
  interface Window {
    workbench: () => Promise<Lib>;
  }
}

/**
 * Runs in the page: stores a test model with these hidden layers through the headless API (the
 * same code the app uses), resolving to the version id or the error code.
 */
async function saveInPage(page: Page, hidden: number[], name?: string) {
  await defineTestModel(page);
  return page.evaluate(
    async ({ hidden, name }) => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry(name ? { name } : {});
      const model = (window as unknown as { testModel: (h: number[]) => unknown }).testModel(
        hidden,
      );
      try {
        const version = await registry.saveVersion(model);
        return { id: version.id, code: null, message: '' };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return { id: null, code: e.code ?? 'unknown', message: e.message ?? '' };
      } finally {
        registry.close();
      }
    },
    { hidden, name },
  );
}

/** Every stored version, each loaded and checked to hold all its weights intact. */
async function storedVersions(page: Page, name?: string) {
  return page.evaluate(async (name) => {
    const wb = await window.workbench();
    const registry = await wb.openRegistry(name ? { name } : {});
    const versions = await registry.listVersions({ includeDeleted: true });
    const loaded = [];
    for (const version of versions) {
      const model = await registry.loadVersion<{ weights: { values: Float32Array }[] }>(version.id);
      loaded.push({
        id: version.id,
        number: version.number,
        parameters: model.weights.reduce((sum, w) => sum + w.values.length, 0),
        intact: model.weights.every((w) =>
          w.values.every((v, i) => v === Math.fround(Math.sin(i))),
        ),
      });
    }
    registry.close();
    return loaded;
  }, name);
}

describe('registry faults in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a save that exceeds the quota, naming the sizes, and writes nothing', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(session.origin);
    await waitReady(page);
    // The app's own files (service worker cache) count too: leave 4 MB above what it uses.
    const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    const quota = usage + 4 * 1024 * 1024;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: session.origin, quotaSize: quota });
    const small = await saveInPage(page, [333], 'quota');
    expect(small.code).toBeNull();
    const big = await saveInPage(page, [2000, 2000], 'quota');
    expect(big.code).toBe('quota_exceeded');
    expect(big.message).toMatch(/saving needs about 15\.\d MB/);
    // The sizes the browser reports (its estimate does not reflect a test override).
    expect(big.message).toMatch(/This site may use [\d.]+ [MG]B and already uses [\d.]+ MB/);
    expect(big.message).toContain('Nothing was saved');
    const versions = await storedVersions(page, 'quota');
    expect(versions).toEqual([
      { id: small.id, number: 1, parameters: parametersOf([333]), intact: true },
    ]);
    await context.close();
  });

  it('an older tab yields to a newer schema: no deadlock, data kept, the old tab asks for a reload', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Tab A runs the registry at schema 1 (as an older release would) and saves a version.
    const older = await context.newPage();
    await older.goto(`${session.origin}/#/models`);
    await waitReady(older);
    await defineTestModel(older);
    const saved = await older.evaluate(async () => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry({
        name: 'two-tabs',
        schemaVersion: 1,
        onVersionChange: () => {
          (window as unknown as { yielded: boolean }).yielded = true;
        },
      });
      (window as unknown as { held: unknown }).held = registry;
      const model = (window as unknown as { testModel: (h: number[]) => unknown }).testModel([2]);
      const version = await registry.saveVersion(model);
      return version.id;
    });
    // Tab B opens the current schema while A still holds its connection.
    const newer = await context.newPage();
    await newer.goto(session.origin);
    await waitReady(newer);
    const seen = await newer.evaluate(async () => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry({ name: 'two-tabs' });
      const versions = await registry.listVersions();
      const result = { schema: registry.schemaVersion, ids: versions.map((v) => v.id) };
      registry.close();
      return result;
    });
    expect(seen).toEqual({ schema: 5, ids: [saved] });
    expect(await older.evaluate(() => (window as unknown as { yielded: boolean }).yielded)).toBe(
      true,
    );

    // And the app itself: a newer schema opened elsewhere makes it close and say so.
    await newer.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('tabular-workbench', 99);
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(new Error(String(request.error)));
        }),
    );
    await older
      .getByTestId('registry-notice')
      .filter({ hasText: 'A newer version of the workbench opened in another tab' })
      .waitFor();
    await older.bringToFront();
    await screenshot(older, 'registry-newer-tab');
    await context.close();
  });

  it('a tab that crashes in the middle of a save leaves the previous state intact', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(session.origin);
    await waitReady(page);
    const first = await saveInPage(page, [1666], 'crash');
    expect(first.code).toBeNull();
    // Start a 100 MB save and crash the renderer while it runs.
    await page.evaluate(() => {
      void (async () => {
        const wb = await window.workbench();
        const registry = await wb.openRegistry({ name: 'crash' });
        const model = (window as unknown as { testModel: (h: number[]) => unknown }).testModel([
          3162, 3162,
        ]);
        (window as unknown as { saving: boolean }).saving = true;
        await registry.saveVersion(model);
      })();
    });
    await page.waitForFunction(() => (window as unknown as { saving?: boolean }).saving === true);
    const cdp = await context.newCDPSession(page);
    // The crash cuts the session, so the command itself never answers.
    void cdp.send('Page.crash').catch(() => undefined);
    await page.waitForEvent('crash', { timeout: 10_000 });
    await page.close().catch(() => undefined);

    const reopened = await context.newPage();
    await reopened.goto(session.origin);
    await waitReady(reopened);
    const versions = await storedVersions(reopened, 'crash');
    // Either the save never committed, or it committed whole: never a half-written version.
    expect(versions[0]).toEqual({
      id: first.id,
      number: 1,
      parameters: parametersOf([1666]),
      intact: true,
    });
    expect(versions.length).toBeLessThanOrEqual(2);
    for (const version of versions) expect(version.intact).toBe(true);
    console.log(
      `crash during save: ${versions.length === 1 ? 'the save was rolled back' : 'the save had committed'}`,
    );
    if (versions[1]) expect(versions[1].parameters).toBe(parametersOf([3162, 3162]));
    await context.close();
  });
});
