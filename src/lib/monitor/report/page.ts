/**
 * The document around the report: one HTML5 file with its styles inline and a policy that
 * forbids everything else (scripts, fonts, requests), so it can be mailed, archived and opened
 * offline without trusting whoever produced the data in it.
 */
import { esc } from './text';

/** No scripts, no requests: inline styles only, and images only as data: URLs. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// Light colours throughout so that the file prints as it looks; system fonts only (no requests).
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: #1f2933; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d9e2ec; }
h3 { font-size: 15px; margin: 20px 0 4px; overflow-wrap: anywhere; }
p { margin: 6px 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.meta dt { color: #52606d; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
th, td { border: 1px solid #d9e2ec; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name, th.name { overflow-wrap: anywhere; max-width: 240px; }
.yes { color: #b42318; font-weight: 600; }
.no { color: #276749; }
.muted { color: #616e7c; }
.note { color: #52606d; font-style: italic; }
.critical { color: #b42318; font-weight: 600; }
.warning { color: #9a5b00; font-weight: 600; }
ul.flags { margin: 0; padding-left: 16px; }
svg { display: block; max-width: 100%; height: auto; margin: 8px 0; }
svg text { font: 11px system-ui, sans-serif; fill: #334e68; }
svg .axis { stroke: #9fb3c8; stroke-width: 1; }
svg .grid { stroke: #e4e7eb; stroke-width: 1; }
svg .drifted { stroke: #1f2933; stroke-width: 1.5; }
svg .base { stroke: #52606d; stroke-width: 1.5; stroke-dasharray: 6 4; fill: none; }
svg .line { stroke: #2563eb; stroke-width: 2; fill: none; }
svg .ref { fill: #7ba7d9; }
svg .cur { fill: #f0a04b; }
section.feature { break-inside: avoid; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table, svg, section.feature { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** A complete HTML5 document with `body` (already escaped HTML) under the title. */
export function reportPage(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
