import { mkdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export const ARTIFACTS = new URL('../../test-results/', import.meta.url).pathname;

/** Saves a full-page screenshot under test-results/ (kept by CI as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the workbench is idle (backends measured, data loaded). */
export async function waitReady(page: Page, timeout = 150_000): Promise<void> {
  await page.locator('[data-testid=status][data-phase=ready]').waitFor({ timeout });
}

export type ScreenName = 'data' | 'train' | 'models' | 'optimize' | 'deploy' | 'monitor';

/** Opens a screen with its link in the navigation, as a user would, and waits for it. */
export async function showScreen(page: Page, screen: ScreenName): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await page.locator(`[data-testid=screen][data-screen=${screen}]`).waitFor();
}

/** Presses Train (on the Train screen) and returns the test accuracy shown when it finishes. */
export async function trainAndReadAccuracy(page: Page): Promise<number> {
  await showScreen(page, 'train');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const accuracy = page.getByTestId('test-accuracy');
  await accuracy.waitFor({ timeout: 150_000 });
  const value = Number(await accuracy.getAttribute('data-value'));
  expect(Number.isFinite(value)).toBe(true);
  return value;
}

/** The backend badge in the header, e.g. "webgpu · google swiftshader". */
export async function activeBackend(page: Page): Promise<string> {
  return (await page.getByTestId('active-backend').textContent())?.trim() ?? '';
}

/** Chooses a backend in the picker and waits until the header shows it in use. */
export async function chooseBackend(page: Page, name: 'webgpu' | 'auto'): Promise<void> {
  await showScreen(page, 'train');
  await page.getByTestId('backend-select').selectOption(name);
  // The change handler marks the app busy ('switching') before it awaits the worker.
  await waitReady(page);
  if (name === 'webgpu') {
    await page
      .getByTestId('active-backend')
      .filter({ hasText: /^\s*webgpu/ })
      .waitFor();
  }
}

/** Presses Train on the Train screen and waits until the model is saved as a version. */
export async function trainAndWaitSaved(page: Page): Promise<void> {
  await showScreen(page, 'train');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.locator('[data-testid=save-status][data-status=saved]').waitFor({ timeout: 150_000 });
}

/** Drops files made in the page onto it, as a user dragging them from the desktop. */
export async function dropFiles(
  page: Page,
  files: { name: string; text: string }[],
): Promise<void> {
  const dataTransfer = await page.evaluateHandle((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) {
      transfer.items.add(new File([text], name, { type: 'text/csv' }));
    }
    return transfer;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('main', type, { dataTransfer });
  }
}

/** Drops binary files (given as base64) onto the page, as a user dragging them in. */
export async function dropBinaryFiles(
  page: Page,
  files: { name: string; base64: string }[],
): Promise<void> {
  const dataTransfer = await page.evaluateHandle((files) => {
    const transfer = new DataTransfer();
    for (const { name, base64 } of files) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name));
    }
    return transfer;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('main', type, { dataTransfer });
  }
}
