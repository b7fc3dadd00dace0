import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshot, showScreen, trainAndWaitSaved, waitReady } from './app';
import { startSession, type Session } from './session';

/** What a test compares of a version's reference data, read through the console API. */
interface ReferenceDigest {
  rows: number;
  sourceRows: number;
  columns: string[];
  splits: Record<string, number>;
  predictions: number;
  firstValues: number[];
  summaryCounts: number[];
}

async function referenceOf(page: Page, number: number): Promise<ReferenceDigest> {
  return page.evaluate(async (number) => {
    const wb = await window.workbench();
    const registry = await wb.openRegistry();
    try {
      const version = (await registry.listVersions()).find((v) => v.number === number);
      if (!version) throw new Error(`no v${number}`);
      const reference = await registry.loadReference(version.id);
      const splits: Record<string, number> = {};
      for (const split of reference.splits) splits[split] = (splits[split] ?? 0) + 1;
      const first = reference.table.columns[0];
      return {
        rows: reference.table.rowCount,
        sourceRows: reference.sourceRows,
        columns: reference.table.columns.map((c) => c.name),
        splits,
        predictions: reference.predictions.length,
        firstValues: first?.storage === 'number' ? Array.from(first.values.slice(0, 5)) : [],
        summaryCounts: reference.summaries.map((s) => s.count),
      };
    } finally {
      registry.close();
    }
  }, number);
}

describe('reference data of a version', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('is kept with every trained version, survives a reload and a backup round trip', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);

    await page.reload();
    await waitReady(page);
    const kept = await referenceOf(page, 1);
    // Iris has 150 rows, under the 10,000-row cap: every row is kept, with its split.
    expect(kept.rows).toBe(150);
    expect(kept.sourceRows).toBe(150);
    expect(kept.predictions).toBe(150);
    expect(kept.columns).toContain('species');
    // The same rows as training used: 30 test rows (as the Train screen says), the rest split.
    expect(kept.splits.test).toBe(30);
    expect((kept.splits.train ?? 0) + (kept.splits.validation ?? 0)).toBe(120);
    expect(kept.splits.validation).toBeGreaterThan(0);
    expect(kept.summaryCounts.every((count) => count === 150)).toBe(true);

    // Its size is shown with the version, and the same figure travels in a backup.
    await showScreen(page, 'models');
    await page.getByRole('button', { name: /edit note and tags of v1/ }).click();
    const section = page.getByTestId('reference-data');
    expect(await section.textContent()).toMatch(/\d+(\.\d)? KB: a sample of the training rows/);
    await screenshot(page, 'reference-data');
    await page.getByRole('button', { name: 'Cancel' }).click();

    const download = page.waitForEvent('download');
    await page.getByTestId('export-backup').click();
    const file = `${ARTIFACTS}reference-backup.zip`;
    await (await download).saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

    const other = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const fresh = await other.newPage();
    await fresh.goto(`${session.origin}/#/models`);
    await waitReady(fresh);
    await fresh.getByTestId('import-input').setInputFiles(file);
    await fresh.getByTestId('registry-notice').filter({ hasText: 'Imported 1 version' }).waitFor();
    expect(await referenceOf(fresh, 1)).toEqual(kept);

    // Deleting it keeps the version and says so; loading it then fails with a code.
    await fresh.getByRole('button', { name: /edit note and tags of v1/ }).click();
    await fresh.getByRole('button', { name: 'Delete reference data' }).click();
    await fresh
      .getByTestId('registry-notice')
      .filter({ hasText: 'Deleted the reference data of v1' })
      .waitFor();
    const code = await fresh.evaluate(async () => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry();
      const [version] = await registry.listVersions();
      try {
        await registry.loadReference(version?.id ?? '');
        return null;
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      } finally {
        registry.close();
      }
    });
    expect(code).toBe('reference_not_found');
    expect(await fresh.getByTestId('version-row').count()).toBe(1);
    await other.close();
    await page.close();
    expect(session.watch.errors).toEqual([]);
  });
});
