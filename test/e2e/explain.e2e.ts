import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

describe('explanations in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows what a saved version relies on, how a feature moves it, and why one prediction came out', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);

    // Importance is measured by itself once the version is saved.
    const explain = page.getByTestId('explain');
    await explain.getByTestId('explain-sentence').waitFor({ timeout: 60_000 });
    expect(await explain.getByTestId('explain-sentence').textContent()).toMatch(
      /^Shuffling petal_(length|width)_\(cm\) costs the model \d+\.\d points of accuracy on 12 validation rows \(mean of 10 shuffles\)/,
    );
    expect(await explain.locator('.chart canvas').count()).toBe(1);

    await explain.getByTestId('dependence-feature').selectOption('petal_length_(cm)');
    await explain.getByTestId('dependence-show').click();
    await expect.poll(() => explain.locator('.chart canvas').count(), { timeout: 30_000 }).toBe(2);
    expect(await explain.textContent()).toContain('The thick line is the partial dependence');
    await screenshot(page, 'explain-train');

    // Deploy: predict one row, then ask why.
    await showScreen(page, 'deploy');
    const form = page.getByTestId('predict-form');
    const values = {
      'sepal_length_(cm)': '6.3',
      'sepal_width_(cm)': '2.8',
      'petal_length_(cm)': '5.1',
      'petal_width_(cm)': '1.5',
    };
    for (const [name, value] of Object.entries(values)) await form.getByLabel(name).fill(value);
    await form.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('predict-answer').waitFor();
    await form.getByTestId('predict-why').click();
    const caption = form.locator('figcaption');
    await caption.waitFor({ timeout: 60_000 });
    expect(await caption.textContent()).toMatch(
      /Shapley values computed exactly over every combination of features .* against 100 rows of the training sample: .* add up exactly from the average prediction \(\d+\.\d%\) to\s+this one \(\d+\.\d%\)/s,
    );
    const label = (await page.getByTestId('predicted-label').textContent()) ?? '';
    expect(await form.locator('.chart [role=img]').getAttribute('aria-label')).toMatch(
      /^Why this prediction\. Average /,
    );
    await screenshot(page, 'explain-deploy');

    // The same explanation from the page's headless API adds up, for the same class.
    const check = await page.evaluate(
      async (row) => {
        const wb = await window.workbench();
        const registry = await wb.openRegistry();
        try {
          const [version] = await registry.listVersions();
          if (!version) throw new Error('no version');
          const model = await registry.loadVersion<Parameters<typeof wb.explainPrediction>[0]>(
            version.id,
          );
          const reference = await registry.loadReference(version.id);
          const result = await wb.explainPrediction(model, [row], { baseline: reference });
          const sum = result.baseline + result.attributions.reduce((s, a) => s + a.value, 0);
          return { error: Math.abs(sum - result.prediction), label: result.class };
        } finally {
          registry.close();
        }
      },
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])),
    );
    expect(check.error).toBeLessThan(1e-6);
    expect(check.label).toBe(label.trim());

    // A linear version beside it: their importances side by side on the Models screen.
    await showScreen(page, 'train');
    if (!(await page.getByTestId('model-select').isVisible())) {
      await page.getByText('Model and training settings').click();
    }
    await page.getByTestId('model-select').selectOption('linear');
    await trainAndWaitSaved(page);
    await showScreen(page, 'models');
    await page.getByLabel('Compare v1').check();
    await page.getByLabel('Compare v2').check();
    const compare = page.getByTestId('compare-importance');
    await compare.waitFor();
    // v2's importance was measured on the Train screen; v1's too: both are shown at once.
    await expect.poll(() => compare.locator('.chart canvas').count(), { timeout: 30_000 }).toBe(1);
    expect(await compare.getByTestId('compare-importance-start').count()).toBe(0);
    expect(await compare.locator('[role=img]').getAttribute('aria-label')).toContain(
      'Feature importance',
    );
    await screenshot(page, 'explain-compare');
    expect(session.watch.errors).toEqual([]);
  });
});
