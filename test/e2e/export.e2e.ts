import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openZip } from '../../src/lib/archive/zip-reader';
import type { ModelCard } from '../../src/lib/export/model-card';
import { dropBinaryFiles, screenshot, showScreen, trainAndWaitSaved } from './app';
import { startSession, type Session } from './session';

/** Opens a version's download dialog, waits for the bundle and returns what it offers. */
async function exportFrom(page: Page, button: ReturnType<Page['getByRole']>) {
  await button.click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('download-bundle').waitFor({ timeout: 120_000 });
  const label = (await dialog.getByTestId('download-bundle').textContent())?.trim() ?? '';
  const check = (await dialog.getByTestId('export-check').textContent())?.replace(/\s+/g, ' ');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByTestId('download-bundle').click(),
  ]);
  const path = await download.path();
  const bytes = new Uint8Array(readFileSync(path));
  return { dialog, label, check: check?.trim() ?? '', name: download.suggestedFilename(), bytes };
}

async function cardOf(bytes: Uint8Array): Promise<ModelCard> {
  const zip = await openZip(bytes);
  const entry = zip.get('card.json');
  if (!entry) throw new Error('no card.json');
  return JSON.parse(new TextDecoder().decode(await zip.read(entry))) as ModelCard;
}

describe('model bundles in Chromium', () => {
  let session: Session;

  beforeAll(async () => {
    session = await startSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('downloads a checked bundle from a version row and from the quantization table, and imports it back', async () => {
    const page = await session.openApp();
    // CSP violations inside the worker (where onnxruntime-web runs) are counted there.
    const [worker] = page.workers();
    if (!worker) throw new Error('no worker');
    await worker.evaluate(() => {
      const scope = self as unknown as { violations: string[] };
      scope.violations = [];
      self.addEventListener('securitypolicyviolation', (event) => {
        scope.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    // The listener sees what the CSP refuses in the worker: a blob: worker, here, once. (An
    // eval would prove nothing: devtools evaluation is allowed to eval.)
    const control = await worker.evaluate(async () => {
      try {
        new Worker(URL.createObjectURL(new Blob([''], { type: 'text/javascript' })));
      } catch {
        // refused, as it must be
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      return (self as unknown as { violations: string[] }).violations.splice(0);
    });
    expect(control).toEqual([expect.stringMatching(/^worker-src blob/)]);
    // The control's own refusal is expected; nothing before it is under test.
    session.watch.errors.length = 0;
    await trainAndWaitSaved(page);

    // From the version row: the float32 bundle, checked by onnxruntime-web in the worker.
    await showScreen(page, 'models');
    const first = await exportFrom(page, page.getByRole('button', { name: 'Download v1' }));
    expect(first.label).toMatch(/^Download .+-v1-float32\.zip \(\d+(\.\d)? KB\)$/);
    expect(first.name).toMatch(/-v1-float32\.zip$/);
    expect(first.check).toMatch(
      /^✓ onnxruntime-web 1\.\d+\.\d+ ran model\.onnx on \d+ test rows: largest difference from the workbench \d\.\de-\d+, same label on (\d+) of \1\.$/,
    );
    const card = await cardOf(first.bytes);
    expect(card.verification?.runtime).toBe('onnxruntime-web');
    expect(card.verification?.largestDifference).toBeLessThanOrEqual(1e-5);
    // Global importances, measured on the version's own validation rows at export.
    expect(card.importance?.source).toBe('validation');
    expect(card.importance?.features.map((f) => f.name).sort()).toEqual([...card.features].sort());
    await screenshot(page, 'export-dialog');
    await first.dialog.getByRole('button', { name: 'Close' }).click();

    // From the quantization table: int8, in QDQ form, without TF.js files.
    await page.getByRole('link', { name: 'Quantize v1' }).click();
    await page.locator('[data-testid=screen][data-screen=optimize]').waitFor();
    await page.getByLabel('float16', { exact: true }).uncheck();
    await page.getByLabel('uint8', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Quantize', exact: true }).click();
    await page
      .locator('[data-testid=quantize-table] tr[data-scheme=int8][data-status=done]')
      .waitFor({ timeout: 60_000 });
    const int8 = await exportFrom(page, page.getByRole('button', { name: 'Download v2 (int8)' }));
    expect(int8.name).toMatch(/-v2-int8\.zip$/);
    expect(int8.check).toMatch(/^✓ onnxruntime-web/);
    const int8Card = await cardOf(int8.bytes);
    expect(int8Card.scheme).toBe('int8');
    expect(int8Card.export.tfjs.included).toBe(false);
    await screenshot(page, 'export-int8');
    await int8.dialog.getByRole('button', { name: 'Close' }).click();

    // Dropping the bundle imports it as a new version, tagged 'imported'.
    await dropBinaryFiles(page, [
      { name: int8.name, base64: Buffer.from(int8.bytes).toString('base64') },
    ]);
    await page.locator('[data-testid=screen][data-screen=models]').waitFor();
    await page.getByTestId('import-model-status').filter({ hasText: 'Imported as v3' }).waitFor();
    const imported = page.locator('[data-testid=version-row][data-version="3"]');
    await expect.poll(async () => imported.textContent()).toContain('imported');
    await screenshot(page, 'export-imported');

    // A damaged bundle (one byte changed inside model.onnx, which is stored as is) is refused
    // with its code, and nothing is saved.
    const damaged = int8.bytes.slice();
    const at = Buffer.from(damaged).indexOf('model.onnx') + 200;
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    await dropBinaryFiles(page, [
      { name: 'damaged.zip', base64: Buffer.from(damaged).toString('base64') },
    ]);
    await page.locator('[data-testid=registry] .banner.error[data-code]').waitFor();
    const code = await page
      .locator('[data-testid=registry] .banner.error')
      .getAttribute('data-code');
    expect(code).toBe('model_file_corrupt');
    expect(await page.getByTestId('version-row').count()).toBe(3);
    await screenshot(page, 'export-import-refused');

    expect(session.watch.errors).toEqual([]);
    expect(session.watch.foreignRequests).toEqual([]);
    const violations = await worker.evaluate(
      () => (self as unknown as { violations: string[] }).violations,
    );
    expect(violations).toEqual([]);
    await page.close();
  });
});
