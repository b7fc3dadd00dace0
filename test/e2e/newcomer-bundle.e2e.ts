/**
 * A newcomer in a hurry with a bundle someone sent: a fresh profile, the bundle dropped in the
 * first second (backends still being measured), a prediction at once, then a reload and a
 * download straight away. Every step works; none meets a tf.js backend still initialising.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropBinaryFiles, screenshot, showScreen, trainAndWaitSaved } from './app';
import { watchContext } from './browser';
import { startSession, type Session } from './session';

describe('a bundle opened by a newcomer in a hurry', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('imports in the first second of a fresh profile, predicts, and downloads after a reload', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);
    await showScreen(page, 'models');
    await page.getByRole('button', { name: 'Download v1' }).click();
    const link = page.getByTestId('download-bundle');
    await link.waitFor({ timeout: 120_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bundle = readFileSync(await download.path()).toString('base64');
    await page.close();

    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const watch = watchContext(context, session.origin);
    const fresh = await context.newPage();
    await fresh.goto(session.origin);
    await fresh.locator('main').waitFor();
    await dropBinaryFiles(fresh, [{ name: 'from-a-colleague.zip', base64: bundle }]);
    await fresh
      .getByTestId('import-model-status')
      .filter({ hasText: 'Imported as v1' })
      .waitFor({ timeout: 60_000 });

    await showScreen(fresh, 'deploy');
    const predictButton = fresh
      .getByTestId('predict-form')
      .getByRole('button', { name: 'Predict', exact: true });
    await predictButton.waitFor();
    await predictButton.click();
    await fresh.getByTestId('predict-answer').waitFor();
    await screenshot(fresh, 'newcomer-bundle-predicted');

    // Reload, then download at once, while the backends are measured again.
    await fresh.reload();
    await showScreen(fresh, 'models');
    await fresh.getByRole('button', { name: 'Download v1' }).click();
    await fresh.getByTestId('export-check').waitFor({ timeout: 120_000 });
    expect(await fresh.getByTestId('download-bundle').textContent()).toMatch(/-v1-float32\.zip/);
    await screenshot(fresh, 'newcomer-bundle-downloaded');
    expect(watch.errors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await context.close();
  });
});
