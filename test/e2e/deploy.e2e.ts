import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

const iris = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
const [header = '', ...rows] = iris.trim().split(/\r?\n/);

/** iris's rows repeated to `count` rows. */
function irisRows(count: number): string {
  const lines = [header];
  for (let i = 0; i < count; i++) lines.push(rows[i % rows.length] ?? '');
  return `${lines.join('\n')}\n`;
}

/** The log's size, read through the page's headless API (a registry of its own). */
async function logStats(page: Page) {
  return page.evaluate(async () => {
    const wb = await window.workbench();
    const registry = await wb.openRegistry();
    try {
      const stats = await registry.predictionLogStats();
      const newest = (await registry.listLogBatches()).at(-1) ?? null;
      return { rows: stats.rows, batches: stats.batches, newest };
    } finally {
      registry.close();
    }
  });
}

describe('batch scoring on the Deploy screen', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('scores a CSV with progress, cancels, then scores a 100,000-row file fully and downloads it', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);
    await showScreen(page, 'deploy');
    const panel = page.getByTestId('batch-score');
    await panel.waitFor();
    expect(await page.getByTestId('deploy-version').inputValue()).not.toBe('');
    const big = {
      name: 'iris-100k.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(irisRows(100_000)),
    };

    // A million rows (36 MB) take seconds to read and score here: Cancel lands while it runs.
    const huge = {
      name: 'iris-1m.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(irisRows(1_000_000)),
    };
    await page.getByTestId('score-input').setInputFiles(huge);
    await page.getByTestId('score-progress').waitFor();
    await page.getByTestId('score-cancel').click();
    await page.getByTestId('score-cancelled').waitFor({ timeout: 60_000 });
    await screenshot(page, 'deploy-cancelled');
    // A cancelled run logs nothing.
    expect((await logStats(page)).rows).toBe(0);
    expect(await page.getByTestId('log-summary').textContent()).toContain('Nothing is logged yet');

    // Then the whole file.
    await page.getByTestId('score-input').setInputFiles(big);
    await page.getByTestId('score-result').waitFor({ timeout: 120_000 });
    const summary = (await page.getByTestId('score-result').textContent())?.replace(/\s+/g, ' ');
    expect(summary).toContain('Scored 100,000 of 100,000 rows with v1');
    expect(summary).toContain('100,000 predictions were added to the prediction log');
    const logged = await logStats(page);
    expect(logged).toMatchObject({ rows: 100_000, batches: 2 });
    expect(logged.newest).toMatchObject({ source: 'batch', file: 'iris-100k.csv' });
    await expect
      .poll(() => page.getByTestId('log-summary').textContent())
      .toMatch(/100,000\s+rows in 2\s+batches/);
    const link = page.getByTestId('score-download');
    expect(await link.textContent()).toMatch(/^Download iris-100k-scored-v1\.csv \(\d+\.\d MB\)$/);
    await screenshot(page, 'deploy-scored');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines[0]).toBe(
      `${header},prediction,probability_setosa,probability_versicolor,probability_virginica`,
    );
    // The same rows get the same predictions, and they are predict's.
    expect(lines[1]).toBe(lines[151]);
    const expected = await page.evaluate(async (csv) => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry();
      try {
        const [version] = await registry.listVersions();
        if (!version) throw new Error('no version');
        const model = await registry.loadVersion<Parameters<typeof wb.predict>[0]>(version.id);
        const predictions = await wb.predictWithoutTfjs(model, await wb.readCsv(csv));
        return predictions.map((p) => ('label' in p ? p.label : ''));
      } finally {
        registry.close();
      }
    }, iris);
    const labels = lines.slice(1, 151).map((line) => line.split(',')[5]);
    expect(labels).toEqual(expected);

    // Cancel lands in every phase: here while the scored file is written, after scoring.
    await page.getByTestId('score-input').setInputFiles(huge);
    await expect
      .poll(() => page.getByTestId('score-progress').textContent(), { timeout: 60_000 })
      .toContain('Writing the scored file');
    await page.getByTestId('score-cancel').click();
    await page.getByTestId('score-cancelled').waitFor({ timeout: 30_000 });
    expect((await logStats(page)).rows).toBe(100_000);
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });

  it('predicts one row from the form as predict does, and flags unusual values', async () => {
    const page = await session.openApp();
    await showScreen(page, 'deploy');
    const form = page.getByTestId('predict-form');
    await form.getByRole('button', { name: 'Predict', exact: true }).waitFor();
    const values = {
      'sepal_length_(cm)': '5.1',
      'sepal_width_(cm)': '3.5',
      'petal_length_(cm)': '1.4',
      'petal_width_(cm)': '0.2',
    };
    for (const [name, value] of Object.entries(values)) {
      await form.getByLabel(name).fill(value);
    }
    await form.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('predict-answer').waitFor();
    const label = await page.getByTestId('predicted-label').textContent();
    const expected = await page.evaluate(async (row) => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry();
      try {
        const [version] = await registry.listVersions();
        if (!version) throw new Error('no version');
        const model = await registry.loadVersion<Parameters<typeof wb.predict>[0]>(version.id);
        await wb.activateBackend('cpu');
        const [prediction] = await wb.predict(model, [row]);
        return prediction && 'label' in prediction ? prediction.label : '';
      } finally {
        registry.close();
      }
    }, values);
    expect(label).toBe(expected);
    expect(await page.locator('[data-testid=predict-answer] .bars li').count()).toBe(3);
    // Logged as it was given, with what the model predicted.
    const logged = await page.evaluate(async () => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry();
      try {
        const log = await registry.readPredictionLog({ lastRows: 1 });
        const values = log.table.columns.map((c) => (c.storage === 'number' ? c.values[0] : null));
        return {
          rows: log.rowCount,
          source: log.batches[0]?.source,
          values,
          predictions: log.predictions,
        };
      } finally {
        registry.close();
      }
    });
    expect(logged).toMatchObject({ rows: 1, source: 'single', values: [5.1, 3.5, 1.4, 0.2] });
    expect(logged.predictions[0]).toMatchObject({ label: expected });
    // Far outside the training range: flagged, still predicted. Not a number: refused.
    await form.getByLabel('petal_length_(cm)').fill('100');
    expect(await form.getByTestId('field-warning').textContent()).toMatch(
      /Outside the training range/,
    );
    await form.getByLabel('sepal_width_(cm)').fill('abc');
    expect(await form.getByRole('button', { name: 'Predict', exact: true }).isDisabled()).toBe(
      true,
    );
    await form.getByLabel('sepal_width_(cm)').fill('');
    await form.getByRole('button', { name: 'Predict', exact: true }).click();
    await screenshot(page, 'deploy-predict-one');
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });

  it('refuses a file without a feature column before scoring, and lists unscorable rows', async () => {
    const page = await session.openApp();
    await showScreen(page, 'deploy');
    await page.getByTestId('batch-score').waitFor();
    const missing = iris.replace('petal_width_(cm)', 'petal_wid');
    await page
      .getByTestId('score-input')
      .setInputFiles({ name: 'renamed.csv', mimeType: 'text/csv', buffer: Buffer.from(missing) });
    const banner = page.locator('[data-testid=batch-score] .banner.error');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('unknown_column');
    expect(await banner.textContent()).toContain('petal_width_(cm)');
    await screenshot(page, 'deploy-refused');
    const before = await logStats(page);
    expect(before.newest?.source).toBe('single');

    const lines = iris.trim().split(/\r?\n/);
    lines[3] = lines[3]?.replace(/^[^,]+/, 'Infinity') ?? '';
    await page.getByTestId('score-input').setInputFiles({
      name: 'one-bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByTestId('score-result').waitFor();
    expect((await page.getByTestId('score-result').textContent())?.replace(/\s+/g, ' ')).toContain(
      'Scored 149 of 150 rows',
    );
    const failures = await page.getByTestId('score-failures').locator('li').allTextContents();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^Row 3, column "sepal_length_\(cm\)"/);
    await screenshot(page, 'deploy-failures');
    // The refused file logged nothing; the other logged its 149 scored rows.
    const after = await logStats(page);
    expect(after.rows).toBe(before.rows + 149);
    expect(after.newest).toMatchObject({ rows: 149, file: 'one-bad.csv' });
    await page.close();
  });

  it('keeps the log across a reload, honours a new retention, and exports it as CSV', async () => {
    const page = await session.openApp();
    await showScreen(page, 'deploy');
    const before = await logStats(page);
    expect(before.rows).toBe(100_000 + 2 + 149);
    const panel = page.getByTestId('prediction-log');
    await expect
      .poll(() => panel.getByTestId('log-summary').textContent())
      .toMatch(/100,151\s+rows/);
    await page.reload();
    await showScreen(page, 'deploy');
    await expect
      .poll(() => panel.getByTestId('log-summary').textContent())
      .toMatch(/100,151\s+rows/);
    expect(await panel.getByTestId('log-recent').locator('tbody tr').count()).toBe(5);

    // 1,000 rows at most: the two 50,000-row batches go, the newest ones stay.
    await panel.getByLabel('Keep at most (rows)').fill('1000');
    await panel.getByRole('button', { name: 'Save retention' }).click();
    await expect
      .poll(() => panel.getByTestId('log-notice').textContent())
      .toContain('100,000 older rows were removed');
    await expect
      .poll(() => panel.getByTestId('log-summary').textContent())
      .toMatch(/(?<![\d,])151\s+rows in 3\s+batches/);
    expect(await logStats(page)).toMatchObject({ rows: 151, batches: 3 });
    await page.reload();
    await showScreen(page, 'deploy');
    expect(await panel.getByLabel('Keep at most (rows)').inputValue()).toBe('1000');
    // Out of range: refused with its reason, nothing changes.
    await panel.getByLabel('Keep for (days)').fill('0.5');
    await panel.getByRole('button', { name: 'Save retention' }).click();
    expect(
      await panel
        .getByLabel('Keep for (days)')
        .evaluate((el) => (el as HTMLInputElement).validity.valid),
    ).toBe(false);

    await panel.getByTestId('log-export-version').click();
    const link = panel.getByTestId('log-download');
    await link.waitFor();
    expect(await link.textContent()).toMatch(
      /^Download prediction-log-v1-\d{4}-\d\d-\d\d\.csv \(151 rows, [\d.]+ KB\)$/,
    );
    await screenshot(page, 'deploy-log');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(152);
    expect(lines[0]).toBe(
      `time,version,source,latency_ms,${header},prediction,probability_setosa,probability_versicolor,probability_virginica`,
    );
    expect(lines.slice(1).filter((line) => line.split(',')[2] === 'single')).toHaveLength(2);

    // A log written by the bundle's predict.mjs elsewhere: imported into v1's log.
    const classes = await page.evaluate(async () => {
      const wb = await window.workbench();
      const registry = await wb.openRegistry();
      try {
        const [version] = await registry.listVersions();
        const model = await registry.loadVersion<{ classes: string[] }>(version?.id ?? '');
        return model.classes;
      } finally {
        registry.close();
      }
    });
    const features = header.split(',').slice(0, 4);
    const runHeader = {
      format: 'tabular-workbench/prediction-log@1',
      createdAt: new Date().toISOString(),
      target: 'species',
      task: 'multiclass',
      features,
      classes,
      model: { sha256: 'a'.repeat(64) },
      input: { file: 'field-readings.csv' },
      decimal: '.',
    };
    const batch = {
      time: new Date().toISOString(),
      latencyMs: 2.5,
      rows: 2,
      firstRow: 1,
      inputs: Object.fromEntries(features.map((f, i) => [f, [String(i + 1), null]])),
      predictions: [classes[0], classes[1]],
      probabilities: [
        [0.8, 0.1, 0.1],
        [0.2, 0.7, 0.1],
      ],
    };
    const jsonl = `${JSON.stringify(runHeader)}\n${JSON.stringify(batch)}\n`;
    await panel.getByTestId('log-import-input').setInputFiles({
      name: 'log.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(jsonl),
    });
    await expect
      .poll(() => panel.getByTestId('log-notice').textContent())
      .toContain('Imported 2 predictions of 1 run from log.jsonl into v1');
    expect(await logStats(page)).toMatchObject({
      rows: 153,
      newest: { source: 'import', file: 'field-readings.csv', rows: 2 },
    });
    // A log of another model: refused with its reason, nothing logged.
    const foreign = jsonl.replace('"target":"species"', '"target":"colour"');
    await panel.getByTestId('log-import-input').setInputFiles({
      name: 'other.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(foreign),
    });
    const banner = panel.locator('.banner.error');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('prediction_log_mismatch');
    expect((await logStats(page)).rows).toBe(153);
    await screenshot(page, 'deploy-log-import');
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });
});
