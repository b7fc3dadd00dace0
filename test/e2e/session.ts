import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { waitReady } from './app';
import { launchChromium, watchContext, type PageWatch } from './browser';
import { startPreview, stopPreview } from './server';

/** A served build, a browser and a watched context: what most browser tests start from. */
export interface Session {
  server: PreviewServer;
  origin: string;
  browser: Browser;
  context: BrowserContext;
  watch: PageWatch;
  close(): Promise<void>;
  /** Opens the app in a new page and waits until it is ready. */
  openApp(): Promise<Page>;
}

export async function startSession(): Promise<Session> {
  const { server, origin } = await startPreview();
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const watch = watchContext(context, origin);
  return {
    server,
    origin,
    browser,
    context,
    watch,
    async close() {
      await browser.close();
      await stopPreview(server);
    },
    async openApp() {
      const page = await context.newPage();
      await page.goto(origin);
      await waitReady(page);
      return page;
    },
  };
}
