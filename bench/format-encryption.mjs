/** The table of the encryption-at-rest benchmark. */
import { markdownTable } from './markdown-table.mjs';

const GOAL = 0.7;

/** @param {number} ratio */
const verdict = (ratio) =>
  `${ratio.toFixed(2)} ${ratio >= GOAL ? '(goal met)' : `(MISSED goal >= ${GOAL})`}`;

/** @param {import('./encryption-page.ts').EncryptionBenchResult[]} results */
export function encryptionTable(results) {
  const rows = results.flatMap((r) => {
    if (r.error) return [['encryption', 'failed', r.error, '', '']];
    return [
      ...r.cases.flatMap((c) => [
        [
          `save: ${c.label}`,
          c.plainSaveMs.toFixed(1),
          c.sealedSaveMs.toFixed(1),
          verdict(c.saveRatio),
        ],
        [
          `load: ${c.label}`,
          c.plainLoadMs.toFixed(1),
          c.sealedLoadMs.toFixed(1),
          verdict(c.loadRatio),
        ],
      ]),
      [
        `unlock (PBKDF2-SHA256, ${r.iterations.toLocaleString('en-US')} iterations)`,
        '',
        r.unlockMs.toFixed(0),
        '',
      ],
    ];
  });
  const first = results[0];
  return [
    ...markdownTable(['operation', 'plain (ms)', 'encrypted (ms)', 'ratio'], rows, 1),
    '',
    first && !first.error
      ? `saveVersion and loadVersion (with loadReference where a reference is saved), medians of ${first.repeats} alternating rounds after a warm-up; ratio = plain time / encrypted time (AES-GCM-256 through WebCrypto).`
      : '',
  ];
}
