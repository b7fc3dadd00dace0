import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshot, showScreen, waitReady } from './app';
import { startSession, type Session } from './session';

/** Trains with the current settings and waits until the version is saved; returns its number. */
async function trainAndSave(page: Page): Promise<number> {
  await showScreen(page, 'models');
  const before = await page.getByTestId('version-row').count();
  await showScreen(page, 'train');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.locator('[data-testid=save-status][data-status=saved]');
  await status.waitFor({ timeout: 150_000 });
  const number = Number((/v(\d+)/.exec((await status.textContent()) ?? '') ?? [])[1]);
  await showScreen(page, 'models');
  await expect.poll(() => page.getByTestId('version-row').count()).toBe(before + 1);
  return number;
}

async function stages(page: Page): Promise<Record<string, string>> {
  const rows = page.getByTestId('version-row');
  const result: Record<string, string> = {};
  for (const row of await rows.all()) {
    result[`v${await row.getAttribute('data-version')}`] =
      (await row.getAttribute('data-stage')) ?? '';
  }
  return result;
}

/** Delete, then confirm: the version leaves the list and Undo is offered. */
async function deleteWithConfirmation(page: Page, version: number) {
  await page.getByRole('button', { name: `Delete v${version}`, exact: true }).click();
  await page
    .getByRole('group', { name: `Confirm deleting v${version}` })
    .getByRole('button', { name: `Delete v${version}` })
    .click();
  await page.getByTestId('undo-toast').waitFor();
}

function row(page: Page, version: number) {
  return page.locator(`[data-testid=version-row][data-version="${version}"]`);
}

describe('the model registry in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('keeps every trained model across reloads; compares, promotes, rolls back, deletes with undo, backs up', async () => {
    const page = await session.openApp();
    expect(await trainAndSave(page)).toBe(1);
    // A second, different model: linear instead of the default network.
    await showScreen(page, 'train');
    await page.getByText('Model and training settings').click();
    await page.getByTestId('model-select').selectOption('linear');
    expect(await trainAndSave(page)).toBe(2);

    await page.reload();
    await waitReady(page);
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(2);
    expect(await row(page, 1).getByTestId('version-score').textContent()).toMatch(/%$/);

    // Compare both: a metrics table and overlaid curves.
    await page.getByLabel('Compare v1').check();
    await page.getByLabel('Compare v2').check();
    await page.getByTestId('compare').getByText('Test accuracy').waitFor();
    expect(await page.getByTestId('compare').locator('canvas').count()).toBe(2);

    // Promote v1, then v2 (v1 is archived), then roll back to v1.
    await row(page, 1).getByTestId('stage-select').selectOption('production');
    await expect.poll(() => stages(page)).toEqual({ v2: 'none', v1: 'production' });
    await row(page, 2).getByTestId('stage-select').selectOption('production');
    await expect.poll(() => stages(page)).toEqual({ v2: 'production', v1: 'archived' });
    await row(page, 1).getByTestId('stage-select').selectOption('production');
    await expect.poll(() => stages(page)).toEqual({ v2: 'archived', v1: 'production' });
    await screenshot(page, 'registry-compare');

    await page.reload();
    await waitReady(page);
    await expect.poll(() => stages(page)).toEqual({ v2: 'archived', v1: 'production' });

    // Notes and tags are edited in a dialog, and the search finds them.
    await page.getByRole('button', { name: 'Edit note and tags of v2' }).click();
    await page.getByTestId('edit-note').fill('linear baseline');
    await page.getByTestId('edit-tags').fill('fast, small , fast');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await row(page, 2).getByText('linear baseline').waitFor();
    expect(await row(page, 2).locator('.chip').allTextContents()).toEqual(['fast', 'small']);
    await page.getByTestId('version-search').fill('small');
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(1);
    await page.getByTestId('version-search').fill('');

    // Delete asks first, then offers Undo.
    await deleteWithConfirmation(page, 2);
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(1);
    await screenshot(page, 'registry-undo');
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(2);

    // A reload while Undo is on offer loses nothing: the version waits in the trash.
    await deleteWithConfirmation(page, 2);
    await page.reload();
    await waitReady(page);
    await page.getByTestId('trash').locator('summary').click();
    await page.getByRole('button', { name: 'Restore v2' }).click();
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(2);

    // Back up, then restore into a fresh browser profile.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-backup').click();
    const file = `${ARTIFACTS}registry-backup.zip`;
    await (await download).saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    const other = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const fresh = await other.newPage();
    await fresh.goto(`${session.origin}/#/models`);
    await waitReady(fresh);
    expect(await fresh.getByTestId('version-row').count()).toBe(0);
    await fresh.getByTestId('import-input').setInputFiles(file);
    await expect.poll(() => stages(fresh)).toEqual({ v2: 'archived', v1: 'production' });
    expect(await fresh.getByTestId('registry-notice').textContent()).toContain(
      'Imported 2 versions',
    );
    await screenshot(fresh, 'registry-imported');

    // A damaged file is refused with its reason, and nothing changes.
    const bytes = readFileSync(file);
    await fresh.getByTestId('import-input').setInputFiles({
      name: 'cut.zip',
      mimeType: 'application/zip',
      buffer: bytes.subarray(0, bytes.length - 100),
    });
    await fresh.locator('[role=alert][data-code=backup_truncated]').waitFor();
    expect(await fresh.getByTestId('version-row').count()).toBe(2);
    await other.close();
    await page.close();
    expect(session.watch.errors).toEqual([]);
  });
});
