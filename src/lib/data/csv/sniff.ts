import { WorkbenchError } from '../../errors';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Known binary formats people rename to .csv, by their first bytes. */
const MAGIC: { bytes: number[]; format: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], format: 'a ZIP archive (or an Excel .xlsx workbook)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], format: 'an Excel .xls workbook' },
  { bytes: [0x25, 0x50, 0x44, 0x46], format: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], format: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], format: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], format: 'a GIF image' },
  { bytes: [0x1f, 0x8b], format: 'a gzip archive' },
  { bytes: [0x50, 0x41, 0x52, 0x31], format: 'a Parquet file' },
];

/** Picks the encoding from a byte-order mark (UTF-8 otherwise) and rejects binary files. */
export function detectEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const magic = MAGIC.find((m) => m.bytes.every((byte, i) => head[i] === byte));
  if (magic) {
    throw new WorkbenchError('binary_file', `This file is ${magic.format}, not CSV text.`, {
      hint: 'Open it in the program that made it and export or save it as CSV.',
    });
  }
  const nul = head.indexOf(0);
  if (nul !== -1) {
    // Every other byte NUL: UTF-16 text whose byte-order mark is missing.
    const [a, b, c, d] = head;
    const utf16 =
      head.length >= 4 &&
      ((a !== 0 && b === 0 && c !== 0 && d === 0) || (a === 0 && b !== 0 && c === 0 && d !== 0));
    throw new WorkbenchError(
      'binary_file',
      `The file does not look like text: it has a NUL byte at offset ${nul}` +
        (utf16 ? ' (it may be UTF-16 text without a byte-order mark).' : '.'),
      { hint: 'Export the data as CSV (comma-separated values, UTF-8) and try again.' },
    );
  }
  return 'utf-8';
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Guesses the delimiter from the first lines: the candidate that appears the same (non-zero)
 * number of times on the most lines wins; ties go to the earlier of , ; tab |.
 */
export function sniffDelimiter(sample: string): Delimiter {
  const lines = splitLinesOutsideQuotes(sample, 20);
  if (lines.length > 1 && sample.length > 0) lines.pop(); // the last line may be cut off
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const frequency = new Map<number, number>();
    for (const count of counts)
      if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let score = 0;
    for (const [count, lineCount] of frequency) score = Math.max(score, lineCount * 1000 + count);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Whether numbers in a ;-separated sample use a decimal comma (`3,25`): true when some unquoted
 * field looks like one and none looks like a dot-decimal number.
 */
export function sniffDecimalComma(sample: string, delimiter: Delimiter): boolean {
  if (delimiter === ',') return false;
  const lines = splitLinesOutsideQuotes(sample, 50).slice(1);
  let comma = 0;
  let dot = 0;
  for (const line of lines) {
    for (const field of line.split(delimiter)) {
      const value = field.trim();
      if (/^[-+]?\d+,\d+$/.test(value)) comma++;
      else if (/^[-+]?\d*\.\d+$/.test(value)) dot++;
    }
  }
  return comma > 0 && dot === 0;
}

/** The first `max` non-empty lines (line ends inside quotes do not end a line). */
function splitLinesOutsideQuotes(text: string, max: number): string[] {
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  // The sample may be a whole chunk (1 MiB): stop at `max` lines rather than split it all.
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) inQuotes = !inQuotes;
    else if (!inQuotes && (c === 0x0a || c === 0x0d)) {
      if (i > start) lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (start < text.length && lines.length < max) lines.push(text.slice(start));
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter) count++;
  }
  return count;
}
