import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

const iris = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
const [header = '', ...rows] = iris.trim().split(/\r?\n/);

/** iris with both petal measures moved 3 cm up, labels kept: the world changed. */
const moved = `${[
  header,
  ...rows.map((line) => {
    const cells = line.split(',');
    cells[2] = (Number(cells[2]) + 3).toFixed(1);
    cells[3] = (Number(cells[3]) + 3).toFixed(1);
    return cells.join(',');
  }),
].join('\n')}\n`;

describe('the improvement loop', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('trains, scores drifted labelled rows, alerts, retrains, compares, promotes, and keeps the record after a reload', async () => {
    const page = await session.openApp();
    await trainAndWaitSaved(page);
    await showScreen(page, 'monitor');
    await page.getByTestId('monitor-empty').waitFor();
    await page
      .getByTestId('monitor-labels-input')
      .setInputFiles({ name: 'moved.csv', mimeType: 'text/csv', buffer: Buffer.from(moved) });
    const alerts = page.getByTestId('monitor-alerts');
    await expect
      .poll(() => alerts.textContent(), { timeout: 60_000 })
      .toContain('accuracy fell to');

    const improve = page.getByTestId('improve');
    // Retrain straight from the alert.
    await alerts.getByRole('button', { name: 'Retrain with new data' }).first().click();
    const comparison = improve.getByTestId('comparison-test');
    await improve
      .locator('[data-testid=comparison-test], .banner.error')
      .first()
      .waitFor({ timeout: 150_000 });
    await screenshot(page, 'improve-compare');
    expect(await comparison.textContent()).toContain(
      'The challenger is better, and the difference is significant.',
    );
    expect(await improve.getByTestId('comparison').textContent()).toMatch(
      /v1 \(now\).*v2 \(challenger\)/s,
    );
    const table = (await improve.getByTestId('comparison').textContent()) ?? '';
    expect(table).toContain("The training sample's test rows");
    expect(table).toContain('The new rows (30)');
    expect(await improve.getByTestId('comparison-evidence').textContent()).toContain(
      'accuracy fell to',
    );
    await improve.getByLabel('Note for the record').fill('Petal sizes moved; v2 learned them.');
    await screenshot(page, 'improve-compare');
    await improve.getByTestId('promote').click();
    await expect
      .poll(() => improve.getByTestId('improve-notice').textContent())
      .toContain('v2 is in production now; v1 is archived. The decision is recorded.');

    const timeline = page.getByTestId('timeline');
    await expect
      .poll(() => timeline.getByTestId('decision').first().textContent())
      .toMatch(
        /^Promoted v2 \(accuracy 0\.\d{3} → 0\.\d{3}, p = .+\): Petal sizes moved; v2 learned them\.$/,
      );
    await screenshot(page, 'improve-timeline');

    // After a reload: the record, the timeline, and v2 serving.
    await page.reload();
    await showScreen(page, 'monitor');
    await expect
      .poll(() => page.getByTestId('timeline').getByTestId('decision').count(), { timeout: 60_000 })
      .toBe(1);
    expect(
      await page.getByTestId('monitor-version').locator('option:checked').textContent(),
    ).toMatch(/^v2 .*production/);
    // One click back: a rollback, recorded too.
    await page
      .getByTestId('timeline')
      .getByRole('button', { name: 'Roll back to v1' })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('timeline').getByTestId('decision').count()).toBe(2);
    expect(
      await page.getByTestId('timeline').getByTestId('decision').first().textContent(),
    ).toContain('Rolled back v1');
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });

  it('acts on its own when the project asks: an alert trains a challenger, which is promoted and recorded as automatic', async () => {
    const page = await session.openApp();
    await showScreen(page, 'monitor');
    const policy = page.getByTestId('improve-policy');
    await policy.waitFor({ timeout: 60_000 });
    await policy.locator('summary').click();
    await policy
      .getByLabel('When a data-drift or accuracy alert fires, train a challenger')
      .check();
    await policy.getByLabel('Promote it automatically').check();
    await policy.getByRole('button', { name: 'Save automation' }).click();
    await policy.getByText('Saved.').waitFor();
    // v1 serves again (rolled back above); more moved rows raise fresh alerts.
    await page
      .getByTestId('monitor-labels-input')
      .setInputFiles({ name: 'moved-again.csv', mimeType: 'text/csv', buffer: Buffer.from(moved) });
    const decisions = page.getByTestId('timeline').getByTestId('decision');
    await expect.poll(() => decisions.count(), { timeout: 150_000 }).toBe(3);
    expect(await decisions.first().textContent()).toMatch(/^Promoted v3 .*\(automatic\)$/);
    await screenshot(page, 'improve-automatic');
    expect(session.watch.errors).toEqual([]);
    await page.close();
  });
});
