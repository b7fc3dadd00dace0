import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, showScreen, waitReady } from './app';
import { startSession, type Session } from './session';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) on the page; returns the violations, summarised. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

/** iris with its petal measures moved 3 cm up: drift for the Monitor screen to show. */
function movedIris(): string {
  const csv = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const [header = '', ...rows] = csv.trim().split(/\r?\n/);
  const moved = rows.map((line) => {
    const cells = line.split(',');
    cells[2] = (Number(cells[2]) + 3).toFixed(1);
    cells[3] = (Number(cells[3]) + 3).toFixed(1);
    return cells.join(',');
  });
  return `${[header, ...moved].join('\n')}\n`;
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it.each(['light', 'dark'] as const)(
    'the app after training, with a saved version compared, has no violations (%s colours)',
    async (colorScheme) => {
      // axe is injected as a script, which the app's CSP rightly refuses: this context bypasses it.
      const context = await session.browser.newContext({
        bypassCSP: true,
        colorScheme,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      await page.goto(session.origin);
      await waitReady(page);
      expect(await axeViolations(page)).toEqual([]);

      await screenshot(page, `screen-data-${colorScheme}`);

      await showScreen(page, 'train');
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await page
        .locator('[data-testid=save-status][data-status=saved]')
        .waitFor({ timeout: 150_000 });
      await page.getByText('Model and training settings').click();
      // A short search, so its leaderboard, chart and verdict are checked too.
      const tune = page.getByTestId('tune');
      await tune.getByTestId('tune-budget').selectOption('trials');
      await tune.getByTestId('tune-trials').fill('3');
      await tune.getByTestId('tune-start').click();
      await tune.getByTestId('tune-verdict').waitFor({ timeout: 150_000 });
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `screen-train-${colorScheme}`);

      await showScreen(page, 'models');
      await page.getByLabel('Compare v1').check();
      await page.getByTestId('compare').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `accessibility-${colorScheme}`);

      // The download dialog, with its bundle written and checked.
      await page.getByRole('button', { name: 'Download v1' }).click();
      await page.getByTestId('export-check').waitFor({ timeout: 120_000 });
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `export-dialog-${colorScheme}`);
      await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();

      for (const screen of ['optimize', 'deploy', 'monitor'] as const) {
        await showScreen(page, screen);
        if (screen === 'optimize') {
          // A pruned version: the per-layer table and the Pareto view with two kinds of points.
          await page.getByTestId('prune-start').click();
          await page.getByTestId('prune-summary').waitFor({ timeout: 150_000 });
        }
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `screen-${screen}-${colorScheme}`);
      }

      // The Monitor screen with drift to show: its heat map, alerts, tables and charts.
      await page.getByTestId('monitor-labels-input').setInputFiles({
        name: 'moved.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(movedIris()),
      });
      await page.getByTestId('drift-heatmap').waitFor({ timeout: 60_000 });
      await page.getByTestId('alert-rules').locator('summary').click();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `screen-monitor-drift-${colorScheme}`);

      // Encryption turned on, its panel with the passphrase form open, then the lock screen.
      await showScreen(page, 'models');
      const security = page.getByTestId('security');
      await security.getByLabel('Passphrase (8 characters or more)').fill('a passphrase here');
      await security.getByLabel('Repeat it').fill('a passphrase here');
      await security.getByRole('checkbox').check();
      await security.getByRole('button', { name: 'Turn on encryption' }).click();
      await page.getByTestId('security-notice').waitFor({ timeout: 60_000 });
      await security.getByRole('button', { name: 'Change passphrase…' }).click();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('lock-now').click();
      await page.getByTestId('unlock-passphrase').fill('not it at all');
      await page.getByTestId('unlock').click();
      await page.locator('[data-testid=lock-screen] [data-code]').waitFor({ timeout: 30_000 });
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `lock-screen-${colorScheme}`);
      await context.close();
    },
  );
});
