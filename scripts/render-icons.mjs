// Renders the SVG icons to the PNG sizes the web app manifest needs, with the system Chromium.
// Run by hand after editing an icon: node scripts/render-icons.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [svg, size, out] of [
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['maskable.svg', 512, 'maskable-512.png'],
  ['icon.svg', 180, 'apple-touch-icon.png'],
]) {
  const markup = readFileSync(new URL(`../public/icons/${svg}`, import.meta.url), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>body{margin:0}svg{width:${size}px;height:${size}px;display:block}</style>${markup}`);
  await page.screenshot({ path: new URL(`../public/icons/${out}`, import.meta.url).pathname, omitBackground: true });
}
await browser.close();
