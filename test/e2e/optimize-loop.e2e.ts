import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeBackend, chooseBackend, screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

describe('tuning, pruning and the Pareto view in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('searches, saves the best trials, prunes one, quantizes the pruned version and promotes a point from the front', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);

    // A small search: 4 trials, the first being the Train form's own settings.
    const tune = page.getByTestId('tune');
    await tune.getByTestId('tune-budget').selectOption('trials');
    await tune.getByTestId('tune-trials').fill('4');
    await tune.getByTestId('tune-start').click();
    await tune.getByTestId('tune-verdict').waitFor({ timeout: 240_000 });
    expect(await tune.getByTestId('tune-verdict').textContent()).toMatch(
      /The search used its trial budget\.|The search tried everything it planned\./,
    );
    const rows = tune.locator('[data-testid=tune-table] tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await tune.locator('tr[data-trial="1"]').textContent()).toContain('1 (yours)');
    expect(await tune.locator('.chart canvas').count()).toBe(1);
    await screenshot(page, 'tune-leaderboard');

    // The best two are saved as versions, tagged "tuned".
    await tune.getByRole('spinbutton', { name: 'Best' }).fill('2');
    await tune.getByTestId('tune-save-best').click();
    await expect.poll(() => tune.getByRole('link', { name: /^v\d$/ }).count()).toBe(2);
    await showScreen(page, 'models');
    await expect.poll(() => page.getByText('tuned', { exact: true }).count()).toBeGreaterThan(1);

    // Prune v1 to 50%, then quantize the pruned version to int8.
    await showScreen(page, 'optimize');
    const prune = page.getByTestId('prune');
    await prune.getByTestId('prune-version').selectOption({ label: 'v1' });
    await prune.getByTestId('prune-start').click();
    const summary = prune.getByTestId('prune-summary');
    await summary.waitFor({ timeout: 180_000 });
    expect(await summary.textContent()).toMatch(/50\.0% of the weights are zero/);
    const layers = prune.locator('[data-testid=prune-layers] tbody tr');
    expect(await layers.count()).toBe(2);
    expect(await layers.first().locator('td').nth(2).textContent()).toBe('50.0%');
    await screenshot(page, 'prune-result');
    const pruned = /Saved as v(\d+)/.exec((await summary.textContent()) ?? '')?.[1] ?? '';
    await prune.getByTestId('prune-quantize').click();
    await expect.poll(() => page.getByTestId('optimize-version').inputValue()).not.toBe('');
    const optimize = page.getByTestId('optimize');
    await optimize.getByRole('checkbox', { name: 'float16' }).uncheck();
    await optimize.getByRole('checkbox', { name: 'uint8' }).uncheck();
    await optimize.getByRole('button', { name: 'Quantize', exact: true }).click();
    await optimize
      .locator('[data-testid=quantize-table] tr[data-scheme=int8][data-status=done]')
      .waitFor({ timeout: 120_000 });

    // The Pareto view: every version, how each was made, a front, and promote in one click.
    const pareto = page.getByTestId('pareto');
    const table = pareto.getByTestId('pareto-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    const madeBy = await table.locator('tbody tr td:first-of-type').allTextContents();
    expect(madeBy).toContain('pruned');
    expect(madeBy).toContain('pruned + quantized (int8)');
    expect(madeBy.filter((kind) => kind === 'float').length).toBe(3);
    expect(await pareto.locator('.chart canvas').count()).toBe(2);
    expect(await table.locator('tr[data-front=yes]').count()).toBeGreaterThan(0);
    // Every version saved by this app has its latency measured at save.
    expect(await pareto.getByTestId('pareto-measure').count()).toBe(0);
    await screenshot(page, 'pareto');

    const front = table.locator('tr[data-front=yes]').last();
    const number = await front.getAttribute('data-version');
    await front.getByRole('button', { name: `v${number}`, exact: true }).click();
    await pareto.getByTestId('pareto-selected').getByTestId('pareto-promote').click();
    await expect
      .poll(() => table.locator(`tr[data-version="${number}"]`).textContent())
      .toContain('in production');
    expect(pruned).not.toBe('');
    await screenshot(page, 'pareto-promoted');
  });

  it('stops a search part-way and keeps the trials it finished, which can still be saved', async () => {
    const page = await session.openApp();
    await showScreen(page, 'train');
    await page.locator('[data-testid=status][data-phase=ready]').waitFor({ timeout: 150_000 });
    const tune = page.getByTestId('tune');
    await tune.getByTestId('tune-minutes').fill('10');
    await tune.getByTestId('tune-start').click();
    // Stop once a few trials have trained: the search resolves with them, not with an error.
    await expect
      .poll(() => tune.locator('[data-testid=tune-table] tbody tr').count(), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(3);
    await tune.getByTestId('tune-cancel').click();
    await tune.getByTestId('tune-verdict').waitFor({ timeout: 60_000 });
    expect(await tune.getByTestId('tune-verdict').textContent()).toContain(
      'The search was cancelled; here are the trials it finished.',
    );
    expect(await tune.getByRole('alert').count()).toBe(0);
    const finished = await tune.locator('[data-testid=tune-table] tbody tr').count();
    expect(finished).toBeGreaterThanOrEqual(3);
    await tune
      .getByRole('button', { name: /^Save trial \d+ as a version$/ })
      .first()
      .click();
    await expect.poll(() => tune.getByRole('link', { name: /^v\d+$/ }).count()).toBe(1);
    await screenshot(page, 'tune-stopped');
    expect(session.watch.errors).toEqual([]);
  });

  it('prunes on WebGPU (SwiftShader): fine-tuning with masks on the GPU keeps exact zeros', async () => {
    const page = await session.openApp();
    await chooseBackend(page, 'webgpu');
    expect(await activeBackend(page)).toMatch(/^webgpu/);
    await trainAndWaitSaved(page);
    await showScreen(page, 'optimize');
    const prune = page.getByTestId('prune');
    await prune.getByTestId('prune-sparsity').fill('0.7');
    await prune.getByRole('radio', { name: 'global' }).check();
    await prune.getByTestId('prune-start').click();
    const summary = prune.getByTestId('prune-summary');
    await summary.waitFor({ timeout: 240_000 });
    expect(await summary.textContent()).toMatch(/70\.[01]% of the weights are zero/);
    // Global: one threshold over both kernels, so their shares differ but add up to 70%.
    const zeros = await prune
      .locator('[data-testid=prune-layers] tbody tr td:nth-child(3)')
      .allTextContents();
    const weights = await prune
      .locator('[data-testid=prune-layers] tbody tr td:nth-child(2)')
      .allTextContents();
    const total = (cells: string[]) =>
      cells.reduce((sum, cell) => sum + Number(cell.replace(/,/g, '')), 0);
    expect(total(zeros) / total(weights)).toBeCloseTo(0.7, 2);
    expect(session.watch.errors).toEqual([]);
  });
});
