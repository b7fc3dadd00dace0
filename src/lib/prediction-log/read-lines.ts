/**
 * A JSON Lines file read line by line from a Blob's stream, so that a log of hundreds of
 * megabytes is never one string. Lines are split on the `\n` byte (which never occurs inside a
 * UTF-8 sequence) and each is decoded by a fatal streaming decoder, so invalid bytes are named
 * by their line and a line is bounded in bytes before it is decoded in full.
 */
import { WorkbenchError } from '../errors';
import { formatBytes } from '../format';

/** How large a file and one line of it may be. */
export interface LineLimits {
  maxFileBytes: number;
  maxLineBytes: number;
}

/** A log of a billion bytes is far more than a browser tab should hold; a line, a batch. */
export const LOG_FILE_LIMITS: LineLimits = { maxFileBytes: 2 ** 30, maxLineBytes: 64 * 2 ** 20 };

export interface ReadLinesOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** One line's text (without its `\n`) and its number, from 1. */
export interface Line {
  text: string;
  number: number;
}

export function invalidLog(problem: string, line?: number, field?: string): WorkbenchError {
  return new WorkbenchError(
    'prediction_log_invalid',
    `${line === undefined ? '' : `Line ${line}: `}${problem}`,
    {
      hint: 'Import the file that predict.mjs wrote with --log, unedited; a damaged file can be written again by scoring the same input with --log.',
      details: { ...(line === undefined ? {} : { line }), ...(field ? { field } : {}) },
    },
  );
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new WorkbenchError('aborted', 'Importing the prediction log was cancelled.', {
      hint: 'Nothing was logged; import the file again to log it.',
    });
  }
}

/** The file as a Blob: a string as its UTF-8 bytes. */
export function asBlob(source: Blob | string | Uint8Array): Blob {
  if (source instanceof Blob) return source;
  if (typeof source === 'string') return new Blob([source]);
  if (source instanceof Uint8Array) {
    // A Blob takes bytes of an ArrayBuffer only; bytes of a SharedArrayBuffer are copied.
    const bytes = source.buffer instanceof ArrayBuffer ? source : source.slice();
    return new Blob([bytes as Uint8Array<ArrayBuffer>]);
  }
  throw invalidLog('The file is neither a Blob, bytes nor text.');
}

/** The lines of a file, in order; the last need not end with `\n`. */
export async function* readLines(
  blob: Blob,
  options: ReadLinesOptions = {},
  limits: LineLimits = LOG_FILE_LIMITS,
): AsyncGenerator<Line> {
  const total = blob.size;
  if (total > limits.maxFileBytes) {
    throw invalidLog(
      `The file holds ${formatBytes(total)}, more than the ${formatBytes(limits.maxFileBytes)} a log may hold.`,
    );
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = blob.stream().getReader();
  let parts: string[] = [];
  let lineBytes = 0;
  let number = 1;
  let read = 0;
  /** Decodes bytes of the current line; `end` flushes the decoder, so a cut sequence throws. */
  const decode = (bytes: Uint8Array, end: boolean) => {
    lineBytes += bytes.length;
    if (lineBytes > limits.maxLineBytes) {
      throw invalidLog(
        `The line is longer than ${formatBytes(limits.maxLineBytes)}, which no batch of predict.mjs is.`,
        number,
      );
    }
    try {
      parts.push(decoder.decode(bytes, { stream: !end }));
    } catch {
      throw invalidLog('The line is not UTF-8 text.', number);
    }
  };
  try {
    for (;;) {
      throwIfAborted(options.signal);
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      let start = 0;
      for (let end = value.indexOf(0x0a); end >= 0; end = value.indexOf(0x0a, start)) {
        decode(value.subarray(start, end), true);
        yield { text: parts.join(''), number: number++ };
        parts = [];
        lineBytes = 0;
        start = end + 1;
      }
      decode(value.subarray(start), false);
      options.onProgress?.(read, total);
    }
    decode(new Uint8Array(0), true);
    if (lineBytes > 0) yield { text: parts.join(''), number };
  } finally {
    // A refused or cancelled read lets go of the file at once.
    await reader.cancel().catch(() => undefined);
  }
}
