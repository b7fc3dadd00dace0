import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, showScreen, trainAndWaitSaved, waitReady } from './app';
import { startSession, type Session } from './session';

const SCHEMES = ['float16', 'uint8', 'int8'] as const;

function row(page: Page, scheme: string) {
  return page.locator(`[data-testid=quantize-table] tr[data-scheme=${scheme}]`);
}

describe('quantization in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('quantizes a version with every scheme, calibrated on its reference data, and saves the children', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);

    // Another file is loaded now: the iris version must calibrate on its reference data.
    await showScreen(page, 'data');
    await page.getByTestId('sample-select').selectOption('cars');
    await page.getByTestId('dataset-summary').filter({ hasText: '406 rows' }).waitFor();
    await waitReady(page);

    await showScreen(page, 'models');
    await page.getByRole('link', { name: 'Quantize v1' }).click();
    await page.locator('[data-testid=screen][data-screen=optimize]').waitFor();
    await page.getByRole('button', { name: 'Quantize', exact: true }).click();
    for (const scheme of SCHEMES) {
      await page
        .locator(`[data-testid=quantize-table] tr[data-scheme=${scheme}][data-status=done]`)
        .waitFor({ timeout: 60_000 });
    }
    const size = async (scheme: string) =>
      (await row(page, scheme).locator('td').nth(1).textContent())?.trim() ?? '';
    expect(await size('float16')).toMatch(/^0\.5\d×$/);
    expect(await size('uint8')).toMatch(/^0\.2\d×$/);
    // On a 515-parameter model, per-channel scales and int32 biases weigh almost as much as the
    // codes: 0.48x here (the bench tracks int8 against its goal on larger models).
    expect(await size('int8')).toMatch(/^0\.4\d×$/);
    // Each row states its score change against float32 and the layers kept in float32.
    for (const scheme of SCHEMES) {
      expect(await row(page, scheme).locator('td').nth(4).textContent()).toMatch(
        /^[+-]\d+\.\d pts$/,
      );
      expect(await row(page, scheme).locator('td').nth(6).textContent()).toMatch(/^(none|dense_)/);
    }
    expect(await page.getByTestId('optimize').locator('.chart canvas').count()).toBe(1);
    await screenshot(page, 'optimize-compared');

    // The children are versions of their own, with lineage, and one can go to production.
    await showScreen(page, 'models');
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(4);
    const lineage = await page.getByTestId('parent').allTextContents();
    expect(lineage.map((t) => t.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'float16 from v1',
      'int8 from v1',
      'uint8 from v1',
    ]);
    const child = page.locator('[data-testid=version-row][data-version="3"]');
    await child.getByTestId('stage-select').selectOption('production');
    await page
      .locator('[data-testid=version-row][data-version="3"][data-stage=production]')
      .waitFor();
    await screenshot(page, 'optimize-children');

    // After a reload the comparison comes back from the saved children's records.
    await page.goto(`${session.origin}/#/optimize`);
    await waitReady(page);
    for (const [scheme, number] of [
      ['float16', 'v2'],
      ['uint8', 'v3'],
      ['int8', 'v4'],
    ] as const) {
      // "v2 Download…": the version, then its download button.
      await expect
        .poll(async () => (await row(page, scheme).locator('td').last().textContent())?.trim())
        .toMatch(new RegExp(`^${number}\\s+Download…$`));
    }
    expect(await page.getByTestId('optimize').locator('.chart canvas').count()).toBe(1);
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });
});
