import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, showScreen, waitReady } from './app';
import { startSession, type Session } from './session';

/** The epoch shown in the progress line, or 0. */
async function shownEpoch(page: Page): Promise<number> {
  const text = (await page.locator('.progress').first().textContent()) ?? '';
  return Number(/(\d+) of at most/.exec(text)?.[1] ?? 0);
}

describe('the training studio', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await startSession();
    page = await session.openApp();
    await showScreen(page, 'train');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('trains a logistic model with 3-fold cross-validation and shows per-class results', async () => {
    await page.getByText('Model and training settings').click();
    await page.getByTestId('model-select').selectOption('linear');
    await page.getByLabel('Cross-validation').selectOption('3');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByTestId('test-accuracy').waitFor({ timeout: 120_000 });
    expect(
      Number(await page.getByTestId('test-accuracy').getAttribute('data-value')),
    ).toBeGreaterThanOrEqual(0.9);
    expect(await page.getByTestId('cross-validation').textContent()).toMatch(
      /3-fold cross-validation accuracy:\s+\d+\.\d% ± \d+\.\d%/,
    );
    const matrix = page.getByTestId('confusion-matrix');
    expect(await matrix.locator('tbody tr').count()).toBe(3);
    const cells = (await matrix.locator('tbody td').allTextContents()).map((t) => Number(t.trim()));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(30);
    await screenshot(page, 'studio-logistic-cv');
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    expect(await page.getByTestId('model-select').inputValue()).toBe('mlp');
  });

  it('lets the user untick a feature and pick the task', async () => {
    await page.getByRole('checkbox', { name: 'petal_width_(cm)' }).uncheck();
    await page.getByTestId('task-select').selectOption('multiclass');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByTestId('test-accuracy').waitFor({ timeout: 120_000 });
    expect(await page.getByText('Features (3 of 4)').count()).toBe(1);
    await page.getByRole('checkbox', { name: 'petal_width_(cm)' }).check();
  });

  it('pauses, resumes and cancels a long run', async () => {
    await showScreen(page, 'data');
    await page.getByTestId('sample-select').selectOption('seattle-weather');
    await page.getByTestId('dataset-summary').filter({ hasText: '1,461 rows' }).waitFor();
    await waitReady(page);
    await showScreen(page, 'train');
    expect(await page.getByTestId('imbalance-hint').textContent()).toMatch(
      /rain: 641 rows, snow:\s+26/,
    );
    await page.getByLabel('Most epochs').fill('2000');
    await page.getByLabel('Early-stopping patience (epochs)').fill('2000');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/of at most 2000/).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => {
      const text = document.querySelector('.progress')?.textContent ?? '';
      return Number(/(\d+) of at most/.exec(text)?.[1] ?? 0) >= 2;
    });
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText(/Paused at epoch/).waitFor();
    const paused = await shownEpoch(page);
    await page.waitForTimeout(1500);
    // At most the epoch in flight when Pause was pressed finishes.
    expect(await shownEpoch(page)).toBeLessThanOrEqual(paused + 1);
    const held = await shownEpoch(page);
    await page.waitForTimeout(1000);
    expect(await shownEpoch(page)).toBe(held);
    await screenshot(page, 'studio-paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForFunction((from) => {
      const text = document.querySelector('.progress')?.textContent ?? '';
      return Number(/(\d+) of at most/.exec(text)?.[1] ?? 0) > from + 1;
    }, held);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText(/Training cancelled/).waitFor({ timeout: 30_000 });
    await waitReady(page);
  });

  it('made no foreign requests and logged no errors', () => {
    expect(session.watch.foreignRequests).toEqual([]);
    expect(session.watch.errors).toEqual([]);
  });
});
