/**
 * Maps positions in the built bench scripts back to the TypeScript they came from, so a CPU
 * profile names `src/lib/data/csv/numbers.ts:24` rather than line 943 of a worker bundle. A
 * minimal reader of source map v3 `mappings` (base64 VLQ), enough for function start positions.
 */
import { readFile } from 'node:fs/promises';

/** @typedef {{ column: number, source: number, line: number }} Segment */
/** @typedef {{ sources: string[], lines: Segment[][] }} DecodedMap */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A lookup from (script URL, 0-based line, 0-based column) to "source:line" (1-based), reading
 * `<dir>/<path of the URL>.map`; returns '' where there is no map or no mapping.
 * @param {string} dir the folder the server serves
 */
export function sourceLocator(dir) {
  /** @type {Map<string, Promise<DecodedMap | null>>} */
  const maps = new Map();
  /**
   * @param {string} url
   * @param {number} line
   * @param {number} column
   */
  return async (url, line, column) => {
    if (!url) return '';
    const path = new URL(url).pathname;
    let map = maps.get(path);
    if (!map) {
      map = readMap(`${dir}${path}.map`);
      maps.set(path, map);
    }
    const decoded = await map;
    const segment = decoded && findSegment(decoded.lines[line] ?? [], column);
    if (!decoded || !segment) return '';
    const source = (decoded.sources[segment.source] ?? '').replace(/^(\.\.\/)+/, '');
    return `${source}:${segment.line + 1}`;
  };
}

/** @param {string} file */
async function readMap(file) {
  try {
    /** @type {{ sources: string[], mappings: string }} */
    const raw = JSON.parse(await readFile(file, 'utf8'));
    return { sources: raw.sources, lines: decodeMappings(raw.mappings) };
  } catch {
    return null;
  }
}

/**
 * The last segment starting at or before `column` (segments are sorted by column).
 * @param {Segment[]} segments
 * @param {number} column
 */
function findSegment(segments, column) {
  let found = null;
  for (const segment of segments) {
    if (segment.column > column) break;
    found = segment;
  }
  return found;
}

/**
 * Decodes `mappings`: per generated line, segments of [column, source, line, column, name]
 * deltas. Columns restart on each line; the source fields carry on across lines.
 * @param {string} mappings
 * @returns {Segment[][]}
 */
function decodeMappings(mappings) {
  let source = 0;
  let line = 0;
  return mappings.split(';').map((text) => {
    let column = 0;
    /** @type {Segment[]} */
    const segments = [];
    for (const field of text.split(',')) {
      if (!field) continue;
      const values = decodeVlq(field);
      column += values[0] ?? 0;
      if (values.length < 4) continue; // a segment with no source
      source += values[1] ?? 0;
      line += values[2] ?? 0;
      segments.push({ column, source, line });
    }
    return segments;
  });
}

/** @param {string} field */
function decodeVlq(field) {
  /** @type {number[]} */
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of field) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
