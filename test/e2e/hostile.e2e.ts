import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, waitReady } from './app';
import { defineTestModel } from './page-models';
import { startSession, type Session } from './session';

/**
 * Hostile input in the real app: a compression bomb offered as a backup is refused at once
 * with its reason, and a version record edited in devtools is named (not shown as if sound)
 * and can be deleted for good.
 */
describe('hostile input in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a backup that would unpack to 256 MB, and names a damaged version', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${session.origin}/#/models`);
    await waitReady(page);
    await defineTestModel(page);
    const ids = await page.evaluate(async () => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry();
      const build = (window as unknown as { testModel: (h: number[]) => unknown }).testModel;
      const first = await registry.saveVersion(build([4]), { note: 'kept' });
      const second = await registry.saveVersion(build([8]), { note: 'to be damaged' });
      registry.close();
      return [first.id, second.id];
    });
    await page.reload();
    await waitReady(page);
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(2);

    // 256 MB of zeros deflates to about 250 KB: refused from its declared size, nothing inflated.
    const bomb = zipSync({ 'manifest.json': new Uint8Array(2 ** 28) }, { level: 9 });
    const started = Date.now();
    await page.getByTestId('import-input').setInputFiles({
      name: 'bomb.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(bomb),
    });
    const alert = page.locator('[role=alert][data-code=backup_too_large]');
    await alert.waitFor();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await alert.textContent()).toMatch(/larger than the workbench reads/);
    await screenshot(page, 'hostile-bomb-refused');
    expect(await page.getByTestId('version-row').count()).toBe(2);

    // Devtools edit: the second version's number becomes text.
    await page.evaluate(
      (id) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('tabular-workbench');
          open.onsuccess = () => {
            const tx = open.result.transaction('versions', 'readwrite');
            const store = tx.objectStore('versions');
            const get = store.get(id);
            get.onsuccess = () => store.put({ ...get.result, number: 'abc' });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(new Error(String(tx.error)));
          };
        }),
      ids[1] ?? '',
    );
    await page.reload();
    await waitReady(page);
    const damaged = page.getByTestId('damaged-records');
    await damaged.waitFor();
    expect(await damaged.textContent()).toMatch(/1 saved record is damaged.*number/s);
    expect(await page.getByTestId('version-row').count()).toBe(1);
    await screenshot(page, 'hostile-damaged-record');
    await damaged.getByRole('button', { name: 'Delete for good' }).click();
    await damaged.waitFor({ state: 'detached' });
    expect(await page.getByTestId('version-row').count()).toBe(1);
    await context.close();
    expect(session.watch.errors).toEqual([]);
  });
});
