import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

const iris = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
const [header = '', ...rows] = iris.trim().split(/\r?\n/);

/** iris with both petal measures moved up by `shift` cm (labels kept). */
function movedIris(shift: number): string {
  const moved = rows.map((line) => {
    const cells = line.split(',');
    cells[2] = (Number(cells[2]) + shift).toFixed(1);
    cells[3] = (Number(cells[3]) + shift).toFixed(1);
    return cells.join(',');
  });
  return `${[header, ...moved].join('\n')}\n`;
}

async function addLabelledRows(page: Page, name: string, csv: string) {
  await page
    .getByTestId('monitor-labels-input')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
}

describe('the Monitor screen', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows no drift on the training rows, then the drift, the alerts and the decay of moved rows, after a reload too', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);
    await showScreen(page, 'monitor');
    await page.getByTestId('monitor-empty').waitFor();
    expect(await page.getByTestId('monitor-empty').textContent()).toContain('Nothing is logged');

    // Labelled rows as they were in training: scored, logged with their labels, no drift.
    await addLabelledRows(page, 'same.csv', iris);
    const summary = page.getByTestId('monitor-summary');
    await summary.waitFor({ timeout: 60_000 });
    await expect.poll(() => summary.textContent()).toContain('No drift');
    expect(await page.getByTestId('monitor-alerts').textContent()).toContain('No alerts');
    expect(await page.getByTestId('alert-badge').count()).toBe(0);
    await page.locator('#metric-heading').waitFor();

    // Both petal measures moved 3 cm: half the features drift, the predictions and the
    // accuracy follow, and the alerts say so on every screen.
    await addLabelledRows(page, 'moved.csv', movedIris(3));
    await expect.poll(() => summary.textContent(), { timeout: 60_000 }).toContain('Drifted');
    const alerts = page.getByTestId('monitor-alerts');
    await expect.poll(() => alerts.textContent()).toContain('of the features drifted');
    expect(await alerts.textContent()).toMatch(/accuracy fell to 0\.\d{3} on 150 labelled rows/);
    const badge = page.getByTestId('alert-badge');
    await badge.waitFor();
    const count = Number((await badge.textContent())?.match(/\d+/)?.[0]);
    expect(count).toBeGreaterThanOrEqual(2);

    const heatmap = page.getByTestId('drift-heatmap');
    expect(await heatmap.locator('tbody tr').count()).toBe(4 + 2); // features, predictions, labels
    await heatmap.getByRole('button', { name: /^petal_width_\(cm\), window 2: drifted/ }).click();
    expect(await page.locator('#window-heading').textContent()).toBe('Window 2 in detail');
    expect(await page.getByTestId('drift-table').textContent()).toContain('drifted');
    await screenshot(page, 'monitor-drift');

    // The report to share: one HTML file, no script, nothing fetched, the same findings.
    await expect.poll(() => page.getByTestId('monitor-progress').count()).toBe(0);
    await page.getByTestId('report-make').click();
    const link = page.getByTestId('report-download');
    expect(await link.textContent()).toMatch(
      /^Download iris\.csv-species-v1-monitoring-\d{4}-\d\d-\d\d\.html \([\d.]+ KB\)$/,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const html = readFileSync(await download.path(), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('petal_width_(cm)');
    expect(html).toContain('50% of the features drifted');

    // The project's rules: an alert for every drifted feature too (two here), kept for later.
    const rules = page.getByTestId('alert-rules');
    await rules.locator('summary').click();
    await rules.getByLabel('Any feature drifts').check();
    await rules.getByRole('button', { name: 'Save rules' }).click();
    await expect
      .poll(async () => Number((await badge.textContent())?.match(/\d+/)?.[0]))
      .toBe(count + 2);
    expect(await alerts.textContent()).toContain('petal_width_(cm) drifted (ks).');

    // After a reload the check runs again from IndexedDB alone: the badge comes back.
    await page.reload();
    await page.getByTestId('alert-badge').waitFor({ timeout: 60_000 });
    await expect
      .poll(async () =>
        Number((await page.getByTestId('alert-badge').textContent())?.match(/\d+/)?.[0]),
      )
      .toBe(count + 2);
    await showScreen(page, 'monitor');
    await expect.poll(() => page.getByTestId('monitor-summary').textContent()).toContain('Drifted');
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });

  it('joins labels that arrive later to the logged rows by their id', async () => {
    const page = await session.openApp();
    await showScreen(page, 'monitor');
    await page.getByTestId('monitor-summary').waitFor({ timeout: 60_000 });
    // New rows with an order id and no label yet: scored and logged with their ids.
    const features = header.split(',').slice(0, 4);
    const unlabelled = [
      ['order', ...features].join(','),
      ...rows.map((line, i) => [5000 + i, ...line.split(',').slice(0, 4)].join(',')),
    ].join('\n');
    await addLabelledRows(page, 'orders.csv', `${unlabelled}\n`);
    const status = page.getByTestId('monitor-labels-status');
    await expect
      .poll(() => status.textContent(), { timeout: 60_000 })
      .toContain('orders.csv: 150 rows logged.');
    // A day later, the truth for 60 of them (and one order the log never saw).
    const labels = [
      'order,species',
      ...rows.slice(0, 60).map((line, i) => `${5000 + i},${line.split(',')[4] ?? ''}`),
      '9999,setosa',
    ].join('\n');
    await page.getByTestId('monitor-join-input').setInputFiles({
      name: 'truth.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${labels}\n`),
    });
    await expect
      .poll(() => status.textContent(), { timeout: 60_000 })
      .toContain('truth.csv: 60 logged rows got their label by order; 1 key is not in the log.');
    const summary = page.getByTestId('monitor-summary');
    await expect.poll(() => summary.textContent()).toMatch(/window \d+, 60 rows; test/);
    await screenshot(page, 'monitor-joined');
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });
});
