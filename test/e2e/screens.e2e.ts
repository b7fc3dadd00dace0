import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropFiles,
  screenshot,
  showScreen,
  trainAndWaitSaved,
  type ScreenName,
  waitReady,
} from './app';
import { startSession, type Session } from './session';

const SCREENS: { id: ScreenName; heading: string }[] = [
  { id: 'data', heading: 'Data' },
  { id: 'train', heading: 'Train' },
  { id: 'models', heading: 'Models' },
  { id: 'optimize', heading: 'Optimize' },
  { id: 'deploy', heading: 'Deploy' },
  { id: 'monitor', heading: 'Monitor' },
];

const shownScreen = (page: Page) =>
  page.getByTestId('screen').getAttribute('data-screen', { timeout: 10_000 });

describe('screens, first open and jobs', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('loads a CSV dropped within the first second of a first open, while backends are measured', async () => {
    // A fresh profile: no saved measurements, so the backends are measured now.
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(session.origin);
    await page.locator('main').waitFor();
    const csv = 'height,weight,kind\n1.2,30,a\n1.5,45,b\n1.1,28,a\n1.7,60,b\n';
    await dropFiles(page, [{ name: 'first-second.csv', text: csv }]);
    const droppedAt = await page.evaluate(() => performance.now());
    const statusAtDrop = await page.getByTestId('status').getAttribute('data-phase');
    console.log(
      `dropped ${Math.round(droppedAt)} ms after navigation; status then: ${statusAtDrop}`,
    );
    expect(droppedAt).toBeLessThan(1000);
    await page.getByTestId('dataset-summary').filter({ hasText: 'first-second.csv' }).waitFor();
    await waitReady(page);
    // The built-in sample shown at first open did not replace the user's file afterwards.
    expect(await page.getByTestId('dataset-summary').textContent()).toMatch(
      /first-second\.csv: 4 rows ×\s+3 columns/,
    );
    const measured = await page.evaluate(
      () => localStorage.getItem('workbench.backend-measurements.v1') !== null,
    );
    expect(measured).toBe(true);
    await screenshot(page, 'first-open-drop');
    await context.close();
  });

  it('reaches every screen with the keyboard alone', async () => {
    const page = await session.openApp();
    await page.locator('body').focus();
    for (const screen of SCREENS) {
      const link = page.getByTestId(`nav-${screen.id}`);
      for (
        let i = 0;
        i < 20 && !(await link.evaluate((el) => el === document.activeElement));
        i++
      ) {
        await page.keyboard.press('Tab');
      }
      expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => shownScreen(page)).toBe(screen.id);
      expect(await link.getAttribute('aria-current')).toBe('page');
      expect(new URL(page.url()).hash).toBe(`#/${screen.id}`);
      expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
        screen.heading,
      );
      // Back to the navigation for the next one.
      await page.locator('body').focus();
    }
    await page.close();
  });

  it('goes back to the previous screen, and a reload keeps the current one', async () => {
    const page = await session.openApp();
    expect(await shownScreen(page)).toBe('data');
    await showScreen(page, 'train');
    await showScreen(page, 'models');
    await page.goBack();
    await expect.poll(() => shownScreen(page)).toBe('train');
    await page.goBack();
    await expect.poll(() => shownScreen(page)).toBe('data');
    await page.goForward();
    await expect.poll(() => shownScreen(page)).toBe('train');
    await page.reload();
    await waitReady(page);
    expect(await shownScreen(page)).toBe('train');
    expect(await page.title()).toBe('Train · Tabular Workbench');
    // An unknown hash shows the first screen rather than nothing.
    await page.goto(`${session.origin}/#/nowhere`);
    await waitReady(page);
    expect(await shownScreen(page)).toBe('data');
    await page.close();
  });

  it('routes dropped files by content and names what it cannot open', async () => {
    const page = await session.openApp();
    await showScreen(page, 'models');
    await dropFiles(page, [
      { name: 'notes.pdf', text: '%PDF-1.7\n' },
      { name: 'two.csv', text: 'x,y\n1,2\n3,4\n' },
    ]);
    // The table went to the Data screen; the PDF is named in the error.
    await expect.poll(() => shownScreen(page)).toBe('data');
    await page.getByTestId('dataset-summary').filter({ hasText: 'two.csv' }).waitFor();
    const alert = page.locator('[role=alert][data-code=unsupported_file]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('notes.pdf is a PDF document');
    await waitReady(page);
    await page.close();
  });

  it('keeps training while a backup is written, and lists the run with its own Cancel', async () => {
    const page = await session.openApp();
    // Something to back up first.
    await trainAndWaitSaved(page);
    await waitReady(page);
    // A long run (1,461 rows, up to 2,000 epochs), then a backup export while it runs.
    await showScreen(page, 'data');
    await page.getByTestId('sample-select').selectOption('seattle-weather');
    await page.getByTestId('dataset-summary').filter({ hasText: '1,461 rows' }).waitFor();
    await waitReady(page);
    await showScreen(page, 'train');
    await page.getByText('Model and training settings').click();
    await page.getByLabel('Most epochs').fill('2000');
    await page.getByLabel('Early-stopping patience (epochs)').fill('2000');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/of at most 2000/).waitFor({ timeout: 60_000 });
    await showScreen(page, 'models');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-backup').click();
    await download;
    await screenshot(page, 'jobs-after-export');
    const jobs = page.getByTestId('jobs');
    await jobs.locator('summary').click();
    expect(await jobs.locator('li[data-kind=train]').count()).toBe(1);
    await screenshot(page, 'jobs-running');
    // The run went on: its epochs keep coming after the backup was written.
    const epochNow = async () =>
      Number(/Training weather (\d+)%/.exec((await jobs.textContent()) ?? '')?.[1] ?? -1);
    const before = await epochNow();
    await expect.poll(epochNow, { timeout: 60_000 }).toBeGreaterThan(before);
    await jobs.locator('li[data-kind=train]').getByRole('button', { name: 'Cancel' }).click();
    await showScreen(page, 'train');
    await page.getByText(/Training cancelled/).waitFor({ timeout: 30_000 });
    await waitReady(page);
    await page.close();
  });

  it('made no foreign requests and logged no errors', () => {
    expect(session.watch.foreignRequests).toEqual([]);
    expect(session.watch.errors).toEqual([]);
  });
});
