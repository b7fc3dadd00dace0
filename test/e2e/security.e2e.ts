import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { launchChromium } from './browser';
import { waitReady } from './app';
import { startPreview, stopPreview } from './server';

describe('Content-Security-Policy and manifest', () => {
  let browser: Browser;
  let server: PreviewServer;
  let origin: string;

  beforeAll(async () => {
    ({ server, origin } = await startPreview());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopPreview(server);
  });

  it('sends a strict CSP with every response, workers and the service worker included', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const policies = new Map<string, string | null>();
    page.on('response', (response) => {
      if (response.url().startsWith(origin)) {
        policies.set(response.url(), response.headers()['content-security-policy'] ?? null);
      }
    });
    await page.goto(origin);
    await waitReady(page);
    const sw = await fetch(`${origin}/sw.js`);
    policies.set(sw.url, sw.headers.get('content-security-policy'));

    const urls = [...policies.keys()];
    expect(urls.some((url) => /training\.worker-.*\.js$/.test(url))).toBe(true);
    expect(urls.some((url) => url.endsWith('.wasm'))).toBe(true);
    for (const [url, policy] of policies) {
      expect(policy, url).toBeTruthy();
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain("'unsafe-eval'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    }
    await context.close();
  });

  it('blocks inline scripts, foreign workers and foreign requests in the running page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin);
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        violations.push(event.effectiveDirective);
      });
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      const url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
      const workerRan = await new Promise<boolean>((resolve) => {
        try {
          const worker = new Worker(url);
          worker.onmessage = () => resolve(true);
          worker.onerror = () => resolve(false);
        } catch {
          resolve(false);
        }
      });
      const fetchBlocked = await fetch('http://example.invalid/').then(
        () => false,
        () => true,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
        workerRan,
        fetchBlocked,
        violations: [...new Set(violations)].sort(),
      };
    });
    expect(outcome).toEqual({
      inlineRan: false,
      workerRan: false,
      fetchBlocked: true,
      violations: ['connect-src', 'script-src-elem', 'worker-src'],
    });
    await context.close();
  });

  it('serves an installable manifest with 192, 512 and maskable icons', async () => {
    const html = await (await fetch(origin)).text();
    const href = /<link rel="manifest" href="([^"]+)"/.exec(html)?.[1];
    expect(href).toBeTruthy();
    const manifest = (await (await fetch(new URL(href ?? '', `${origin}/`))).json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Tabular Workbench',
      short_name: 'Workbench',
      display: 'standalone',
    });
    expect(manifest.start_url).toBeTruthy();
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const sizes = manifest.icons.map(
      (icon) => `${icon.sizes}${icon.purpose === 'maskable' ? ' maskable' : ''}`,
    );
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']));
    for (const icon of manifest.icons) {
      const bytes = new Uint8Array(
        await (await fetch(new URL(icon.src, `${origin}/`))).arrayBuffer(),
      );
      const view = new DataView(bytes.buffer);
      // PNG IHDR: width and height are big-endian at bytes 16 and 20.
      expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes);
    }
  });
});
