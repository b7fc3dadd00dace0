import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from './errors';

const SRC = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(entry.name) && !entry.name.includes('.spec.') ? [path] : [];
  });
}

/**
 * Every code the app throws or checks, read from the source: `new WorkbenchError('code'`,
 * `code === 'code'`, `'code'` in a WorkbenchError call split over lines. TypeScript already
 * types the constructor; this also catches codes compared as plain strings (in the UI, say).
 */
function codesUsed(text: string): string[] {
  const patterns = [
    /new WorkbenchError\(\s*'([a-z_]+)'/g,
    /\.code\s*[!=]==\s*'([a-z_]+)'/g,
    /data-code=\{?'([a-z_]+)'/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1] ?? ''));
}

describe('error codes', () => {
  const files = sourceFiles(SRC);
  const used = new Map<string, string[]>();
  for (const file of files) {
    for (const code of codesUsed(readFileSync(file, 'utf8'))) {
      used.set(code, [...(used.get(code) ?? []), file.slice(SRC.length)]);
    }
  }

  it('finds the codes it looks for (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(used.has('invalid_model')).toBe(true);
    expect(used.has('no_dataset')).toBe(true);
  });

  it('throws and checks only codes that are in the catalogue', () => {
    const unknown = [...used].filter(([code]) => !(code in ERROR_CATALOGUE));
    expect(unknown).toEqual([]);
  });

  it('keeps "no dataset loaded" apart from "the file has no data rows"', () => {
    const noRows = used.get('no_data_rows') ?? [];
    expect(noRows.every((file) => file.startsWith('lib/data/'))).toBe(true);
  });
});
