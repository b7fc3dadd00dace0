import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeBackend,
  chooseBackend,
  screenshot,
  showScreen,
  trainAndReadAccuracy,
  waitReady,
} from './app';
import { startSession, type Session } from './session';

interface Measurement {
  name: string;
  samplesPerSecond: number;
}

describe('the sample flow in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('measures the backends, picks the fastest, and trains iris to >= 0.9 accuracy', async () => {
    const page = await session.openApp();
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('150 rows');

    const measurements = await page.evaluate(
      () =>
        (
          JSON.parse(localStorage.getItem('workbench.backend-measurements.v1') ?? '{}') as {
            measurements?: Measurement[];
          }
        ).measurements ?? [],
    );
    const measured = measurements.filter((m) => m.samplesPerSecond > 0).map((m) => m.name);
    expect(measured).toEqual(expect.arrayContaining(['webgpu', 'wasm', 'cpu']));
    const fastest = [...measurements].sort((a, b) => b.samplesPerSecond - a.samplesPerSecond)[0];
    expect((await activeBackend(page)).split(' · ')[0]).toBe(fastest?.name);

    const accuracy = await trainAndReadAccuracy(page);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(await page.getByTestId('trained-backend').textContent()).toBe(fastest?.name);
    await screenshot(page, 'trained-auto-backend');
    await page.close();
  });

  it('trains on WebGPU (SwiftShader) when the user forces it', async () => {
    const page = await session.openApp();
    await chooseBackend(page, 'webgpu');
    const badge = await activeBackend(page);
    expect(badge).toMatch(/^webgpu · /);
    expect(badge).toContain('swiftshader');

    const accuracy = await trainAndReadAccuracy(page);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(await page.getByTestId('trained-backend').textContent()).toBe('webgpu');
    await screenshot(page, 'trained-webgpu');

    // The choice is remembered across reloads, and 'auto' can be restored.
    await page.reload();
    await waitReady(page);
    expect(await activeBackend(page)).toMatch(/^webgpu · /);
    await chooseBackend(page, 'auto');
    expect(await activeBackend(page)).not.toMatch(/^webgpu/);
    await page.close();
  });

  it('cancels a run while the page stays responsive, leaving the app ready to train again', async () => {
    const page = await session.openApp();
    await chooseBackend(page, 'webgpu');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // The page answers clicks and updates the progress bar while the worker trains.
    await page.waitForFunction(
      () =>
        Number(
          /(\d+) of at most/.exec(document.querySelector('.progress')?.textContent ?? '')?.[1] ?? 0,
        ) >= 2,
      undefined,
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText(/Training cancelled/).waitFor({ timeout: 30_000 });
    await waitReady(page);
    expect(await page.getByTestId('metrics').count()).toBe(0);
    await expect(
      page.getByRole('button', { name: 'Train', exact: true }).isEnabled(),
    ).resolves.toBe(true);
    await screenshot(page, 'cancelled');
    await chooseBackend(page, 'auto');
    await page.close();
  });

  it('explains a bad file and trains a regression on the cars sample', async () => {
    const page = await session.openApp();
    await page.getByTestId('file-input').setInputFiles({
      name: 'empty.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(''),
    });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('empty_file');
    expect(await alert.textContent()).toContain('The file is empty.');
    await screenshot(page, 'error-empty-file');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    // The previous dataset is still there: a bad file loses nothing.
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('iris.csv');

    await page.getByTestId('sample-select').selectOption('cars');
    await page.getByTestId('dataset-summary').filter({ hasText: '406 rows' }).waitFor();
    await waitReady(page);
    await showScreen(page, 'train');
    expect(await page.getByTestId('target-select').inputValue()).toBe('Miles_per_Gallon');
    const name = page.getByRole('checkbox', { name: /^Name/ });
    expect(await name.isChecked()).toBe(false);
    expect(await page.getByText('(ID-like: almost every value differs)').count()).toBe(1);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const r2 = page.getByTestId('test-r2');
    await r2.waitFor({ timeout: 150_000 });
    expect(Number(await r2.getAttribute('data-value'))).toBeGreaterThan(0.6);
    await screenshot(page, 'trained-cars-regression');
    await page.close();
  });

  it('never contacted another origin and logged no errors', () => {
    expect(session.watch.requests.length).toBeGreaterThan(0);
    expect(session.watch.foreignRequests).toEqual([]);
    expect(session.watch.errors).toEqual([]);
  });
});
