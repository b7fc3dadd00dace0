import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openZip } from '../../src/lib/archive/zip-reader';
import type { ModelCard } from '../../src/lib/export/model-card';
import { dropFiles, screenshot, showScreen, waitReady } from './app';
import { startSession, type Session } from './session';

const PASSPHRASE = 'correct horse battery staple';
const CARDS = ['4242 4242 4242 4242', '4111 1111 1111 1111', '5555 5555 5555 4444'];

/** Customers with an e-mail (to hash) and a card number (to truncate) on every row. */
function customers(): string {
  const lines = ['email,card_number,plan,spend,churned'];
  for (let i = 0; i < 80; i++) {
    lines.push(
      `client.${i}@example.com,${CARDS[i % 3]},${i % 2 ? 'pro' : 'free'},${(i * 7) % 50},${i % 3 ? 'no' : 'yes'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What must never be found in clear: every e-mail address and card number of the file. */
const bytesOf = (text: string): number[] => [...new TextEncoder().encode(text)];
const NEEDLES: Record<string, number[]> = Object.fromEntries<number[]>([
  ...Array.from({ length: 80 }, (_, i): [string, number[]] => [
    `e-mail ${i}`,
    bytesOf(`client.${i}@example.com`),
  ]),
  ...CARDS.map((card): [string, number[]] => [`card ${card}`, bytesOf(card)]),
]);

function find(bytes: Uint8Array, needles: Record<string, number[]>): string[] {
  const text = Buffer.from(bytes);
  return Object.entries(needles)
    .filter(([, needle]) => text.indexOf(Buffer.from(needle)) >= 0)
    .map(([name]) => name);
}

/** Every IndexedDB store of the page, read as devtools would, searched for each needle. */
async function scanStores(page: Page, needles: Record<string, number[]>): Promise<string[]> {
  return page.evaluate(async (needles) => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB failed'));
      });
    const db = await request(indexedDB.open('tabular-workbench'));
    const found: string[] = [];
    const encoder = new TextEncoder();
    const collect = (value: unknown, out: Uint8Array[]): void => {
      if (value === null || value === undefined) return;
      if (typeof value === 'string') out.push(encoder.encode(value));
      else if (typeof value === 'number') out.push(new Uint8Array(Float32Array.of(value).buffer));
      else if (value instanceof ArrayBuffer) out.push(new Uint8Array(value));
      else if (ArrayBuffer.isView(value)) {
        out.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } else if (typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          out.push(encoder.encode(key));
          collect(item, out);
        }
      }
    };
    for (const store of Array.from(db.objectStoreNames)) {
      const records = await request(db.transaction(store).objectStore(store).getAll());
      const parts: Uint8Array[] = [];
      for (const record of records) collect(record, parts);
      const size = parts.reduce((sum, part) => sum + part.length + 1, 0);
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length + 1;
      }
      for (const [name, needle] of Object.entries(needles)) {
        outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
          for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
          found.push(`${name} in ${store}`);
          break;
        }
      }
    }
    db.close();
    return found;
  }, needles);
}

async function download(page: Page, click: () => Promise<void>): Promise<Uint8Array> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return new Uint8Array(readFileSync(await file.path()));
}

async function unlockWith(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock').click();
}

describe('encryption at rest and the lock, in Chromium', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('after a session with encryption on and personal data masked, nothing stored or exported holds it in clear', async () => {
    page = await session.openApp();
    await showScreen(page, 'models');
    const security = page.getByTestId('security');
    const turnOn = security.getByRole('button', { name: 'Turn on encryption' });
    expect(await turnOn.isDisabled()).toBe(true);
    await security.getByLabel('Passphrase (8 characters or more)').fill(PASSPHRASE);
    await security.getByLabel('Repeat it').fill(`${PASSPHRASE}!`);
    await security.getByRole('checkbox').check();
    await turnOn.click();
    expect(await security.locator('[data-code]').getAttribute('data-code')).toBe(
      'passphrase_mismatch',
    );
    await security.getByLabel('Repeat it').fill(PASSPHRASE);
    await turnOn.click();
    await page.getByTestId('security-notice').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('lock-now').isVisible()).toBe(true);
    await screenshot(page, 'lock-encryption-on');

    await dropFiles(page, [{ name: 'customers.csv', text: customers() }]);
    await page
      .getByTestId('dataset-summary')
      .filter({ hasText: '80 rows' })
      .waitFor({ timeout: 60_000 });
    await page.getByLabel('Mask column email').selectOption('hash');
    await expect.poll(() => page.getByTestId('masked-column').count()).toBe(1);
    await page.getByLabel('Mask column card_number').selectOption('truncate');
    await expect.poll(() => page.getByTestId('masked-column').count()).toBe(2);
    expect(await page.getByTestId('masked-column').allTextContents()).toEqual([
      'masked: hashed',
      'masked: truncated',
    ]);
    const shown = (await page.locator('main').textContent()) ?? '';
    expect(shown).not.toMatch(/@example\.com|4242 4242 4242 4242/);
    expect(shown).toMatch(/h_[0-9a-f]{16}/);
    await screenshot(page, 'lock-masked-profile');

    await showScreen(page, 'train');
    await page.getByTestId('target-select').selectOption('churned');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .locator('[data-testid=save-status][data-status=saved]')
      .waitFor({ timeout: 150_000 });

    // Scoring the raw file: masked as the training data was, before it is scored or logged.
    await showScreen(page, 'deploy');
    await page.getByTestId('batch-score').waitFor();
    await page.getByTestId('score-input').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(customers()),
    });
    await page.getByTestId('score-result').waitFor({ timeout: 60_000 });
    const scored = await download(page, () => page.getByTestId('score-download').click());
    expect(new TextDecoder().decode(scored)).toMatch(/^email,card_number,plan,spend,churned,/);
    const log = page.getByTestId('prediction-log');
    await log.getByTestId('log-export-version').click();
    const logCsv = await download(page, () => log.getByTestId('log-download').click());

    await showScreen(page, 'models');
    const backup = await download(page, () => page.getByTestId('export-backup').click());
    expect(new TextDecoder().decode(backup.subarray(0, 31))).toBe(
      'TABULAR-WORKBENCH-SEALED-BACKUP',
    );
    await page.getByRole('button', { name: 'Download v1' }).click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByTestId('download-bundle').waitFor({ timeout: 120_000 });
    const bundle = await download(page, () => dialog.getByTestId('download-bundle').click());
    await dialog.getByRole('button', { name: 'Close' }).click();
    const zip = await openZip(bundle);
    const entries: Record<string, Uint8Array> = {};
    for (const entry of zip.entries) entries[entry.name] = await zip.read(entry);
    const card = JSON.parse(new TextDecoder().decode(entries['card.json'])) as ModelCard;
    expect(card.masking).toEqual([
      { column: 'email', method: 'hash' },
      { column: 'card_number', method: 'truncate' },
    ]);
    expect(new TextDecoder().decode(entries['MODEL_CARD.md'])).toContain('## Masked columns');

    // The files: no e-mail address or card number of the file, in any of them.
    const files = { scored, logCsv, backup, ...entries };
    for (const [name, bytes] of Object.entries(files)) {
      expect(find(bytes, NEEDLES), name).toEqual([]);
    }
    // The stores: no value of the masked columns, and no weight in clear.
    const weights = await page.evaluate(async (passphrase) => {
      const registry = await (await window.workbench()).openRegistry();
      try {
        await registry.unlock(passphrase);
        const [version] = await registry.listVersions();
        const model = await registry.loadVersion<{ weights: { values: Float32Array }[] }>(
          version?.id ?? '',
        );
        const values = model.weights[0]?.values ?? new Float32Array();
        return [...new Uint8Array(values.buffer, values.byteOffset, 32)];
      } finally {
        registry.close();
      }
    }, PASSPHRASE);
    expect(weights).toHaveLength(32);
    expect(await scanStores(page, { ...NEEDLES, weights })).toEqual([]);
    // The control: the same scan finds the weights in the bundle's workbench model file.
    const own = Object.entries(entries).filter(([name]) => name.startsWith('workbench/'));
    expect(own.some(([, bytes]) => find(bytes, { weights }).length > 0)).toBe(true);
    expect(session.watch.errors).toEqual([]);
  });

  it('locks on Lock now, refuses a wrong passphrase, and opens with the right one', async () => {
    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.getByTestId('screen').count()).toBe(0);
    expect(await page.getByTestId('nav-models').count()).toBe(0);
    expect((await page.locator('body').textContent()) ?? '').not.toMatch(/churned|customers/);
    await unlockWith(page, 'not the passphrase');
    const error = page.locator('[data-testid=lock-screen] [data-code]');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('wrong_passphrase');
    expect(await error.textContent()).toContain('That passphrase does not unlock this workspace.');
    expect(await page.getByTestId('lock-screen').textContent()).toContain('cannot be recovered');
    await screenshot(page, 'lock-wrong-passphrase');
    await unlockWith(page, PASSPHRASE);
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: 30_000 });
    await showScreen(page, 'models');
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(1);
    expect(session.watch.errors).toEqual([]);
  });

  it('opens locked after a reload, before any data shows, and locks itself when idle', async () => {
    await page.evaluate(async () => {
      const registry = await (await window.workbench()).openRegistry();
      await registry.setIdleLockSeconds(5);
      registry.close();
    });
    await page.reload();
    await page.getByTestId('lock-screen').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('screen').count()).toBe(0);
    await screenshot(page, 'lock-screen');
    await unlockWith(page, PASSPHRASE);
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: 30_000 });
    await waitReady(page);
    const unlockedAt = Date.now();
    // No key press, click or touch from here: the idle lock comes after 5 s.
    await page.getByTestId('lock-screen').waitFor({ timeout: 20_000 });
    expect(Date.now() - unlockedAt).toBeGreaterThanOrEqual(4_000);
    expect(session.watch.errors).toEqual([]);
  });
});
