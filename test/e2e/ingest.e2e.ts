import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileChooser, Locator, Page } from 'playwright-core';
import { dropFiles, screenshot, waitReady } from './app';
import { startSession, type Session } from './session';

/**
 * Presses Enter on the focused button until the file chooser opens. Under a loaded CI machine a
 * key press sent before Playwright's chooser interception is in place is lost (the chooser opens
 * natively, invisible to the test); the button itself is pressed once per try, and stays focused.
 */
async function pressForFileChooser(page: Page, button: Locator): Promise<FileChooser> {
  for (let attempt = 1; ; attempt++) {
    const opened = page.waitForEvent('filechooser', { timeout: 8000 });
    await page.keyboard.press('Enter');
    try {
      return await opened;
    } catch (error) {
      if (attempt === 3) throw error;
      expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    }
  }
}

describe('getting data in', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await startSession();
    page = await session.openApp();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('profiles a sample: kinds, missing values, dates and a fingerprint', async () => {
    await page.getByTestId('sample-select').selectOption('seattle-weather');
    await page.getByTestId('dataset-summary').filter({ hasText: '1,461 rows' }).waitFor();
    await waitReady(page);
    const typeOf = (column: string) =>
      page.getByLabel(`Type of column ${column}`).locator('option').first().textContent();
    expect(await typeOf('date')).toBe('date/time');
    expect(await typeOf('precipitation')).toBe('numeric');
    expect(await typeOf('weather')).toBe('categorical');
    expect(await page.getByTestId('fingerprint').textContent()).toMatch(/^sha256 [0-9a-f]{12}…$/);
    expect(await page.locator('svg.mini-chart').count()).toBe(6);
    await screenshot(page, 'profile-seattle-weather');
  });

  it('loads a file dropped anywhere on the page, showing header names as text', async () => {
    const csv = '<img src=x onerror=alert(1)>,__proto__,constructor\n1,a,x\n2,b,y\n3,c,\n';
    await dropFiles(page, [{ name: 'odd-names.csv', text: csv }]);
    await page.getByTestId('dataset-summary').filter({ hasText: 'odd-names.csv' }).waitFor();
    await waitReady(page);
    const names = await page.locator('[data-testid=profile-table] tbody th').allTextContents();
    expect(names).toEqual(['<img src=x onerror=alert(1)>', '__proto__', 'constructor']);
    expect(await page.locator('img[src=x]').count()).toBe(0);
  });

  it('opens the file picker from the keyboard', async () => {
    await page.locator('body').focus();
    const button = page.getByRole('button', { name: 'Open a CSV file…' });
    for (
      let i = 0;
      i < 15 && !(await button.evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    const chooser = await pressForFileChooser(page, button);
    await chooser.setFiles({
      name: 'picked.tsv',
      mimeType: 'text/tab-separated-values',
      buffer: Buffer.from('a\tb\n1\tx\n2\ty\n'),
    });
    await page.getByTestId('dataset-summary').filter({ hasText: 'picked.tsv' }).waitFor();
    await waitReady(page);
    expect(
      await page.getByTestId('delimiter-select').locator('option').first().textContent(),
    ).toContain('tab');
  });

  it('reads pasted text with semicolons and decimal commas, and lets the user change a type', async () => {
    await page.getByRole('button', { name: 'Paste CSV…' }).click();
    await page
      .getByTestId('paste-text')
      .fill('city;temp;rain\nOslo;3,5;ja\nBergen;-1,25;nei\nParis;12,0;ja\n');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('dataset-summary').filter({ hasText: 'pasted.csv' }).waitFor();
    await waitReady(page);
    const temp = page.getByLabel('Type of column temp');
    expect(await temp.locator('option').first().textContent()).toBe('numeric');
    expect(
      await page.locator('tr', { hasText: 'temp' }).locator('td.values').textContent(),
    ).toContain('-1.25');

    await temp.selectOption('categorical');
    await page.locator('tr', { hasText: 'temp' }).getByText('read as categorical').waitFor();
    await waitReady(page);
    expect(await temp.inputValue()).toBe('categorical');
    await temp.selectOption('auto');
    await page
      .locator('tr', { hasText: 'temp' })
      .getByText('read as categorical')
      .waitFor({ state: 'detached' });
  });

  it('explains an unterminated quote and keeps the previous data', async () => {
    await dropFiles(page, [{ name: 'broken.csv', text: 'a,b\n1,"never closed\n2,3\n' }]);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('unterminated_quote');
    expect(await alert.textContent()).toMatch(/row 1, column "b"/);
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('pasted.csv');
    await screenshot(page, 'error-unterminated-quote');
    await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('shows progress on a large file and cancels it, keeping the previous data', async () => {
    const handle = await page.evaluateHandle(() => {
      // ~80 MB built from parts, so no single huge string exists.
      const parts = ['id,x,y,label\n'];
      let block = '';
      for (let r = 0; r < 20_000; r++)
        block += `${r},${(r * 0.37) % 1000},${(r * 7.13) % 100},c${r % 9}\n`;
      for (let i = 0; i < 160; i++) parts.push(block);
      const transfer = new DataTransfer();
      transfer.items.add(new File(parts, 'big.csv', { type: 'text/csv' }));
      return transfer;
    });
    for (const type of ['dragenter', 'dragover', 'drop']) {
      await page.dispatchEvent('main', type, { dataTransfer: handle });
    }
    const progress = page.getByTestId('ingest-progress');
    await progress.filter({ hasText: /rows/ }).waitFor();
    await screenshot(page, 'ingest-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Reading big.csv was cancelled').waitFor();
    await waitReady(page);
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('pasted.csv');
  });

  it('made no foreign requests and logged no errors', () => {
    expect(session.watch.foreignRequests).toEqual([]);
    expect(session.watch.errors).toEqual([]);
  });
});
