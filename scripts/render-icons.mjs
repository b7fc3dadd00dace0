// Renders the SVG icons to the PNG sizes the web app manifest needs, with the system Chromium.
// Run by hand after editing an icon: node scripts/render-icons.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
/** @type {{ svg: string, size: number, out: string }[]} */
const renders = [
  { svg: 'icon.svg', size: 192, out: 'icon-192.png' },
  { svg: 'icon.svg', size: 512, out: 'icon-512.png' },
  { svg: 'maskable.svg', size: 512, out: 'maskable-512.png' },
  { svg: 'icon.svg', size: 180, out: 'apple-touch-icon.png' },
];
for (const { svg, size, out } of renders) {
  const markup = readFileSync(new URL(`../public/icons/${svg}`, import.meta.url), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>body{margin:0}svg{width:${size}px;height:${size}px;display:block}</style>${markup}`,
  );
  await page.screenshot({
    path: new URL(`../public/icons/${out}`, import.meta.url).pathname,
    omitBackground: true,
  });
}
await browser.close();
