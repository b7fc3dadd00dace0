/**
 * A fingerprint of a table's contents, so that a model can tell its own training table from
 * another one, whether the table came from a file (which also has a SHA-256 of its bytes) or
 * from records (which has none).
 *
 * It is SHA-256 (FIPS 180-4, @noble/hashes) over one canonical byte stream:
 *   1. the UTF-8 JSON text of
 *      ["tabular-workbench/table-fingerprint@1", rowCount,
 *       [[name, kind, storage, categories or null], ...one per column, in order]];
 *   2. then, column by column, its first `rowCount` cells as stored: number columns as float64
 *      and dictionary columns as int32 codes, little-endian (the byte order of every platform a
 *      browser runs on), with every NaN written as 0x7FF8000000000000.
 * So one changed cell, column name, kind or category changes it; how the table was read does
 * not. SHA-256 runs at about 200 MB/s here: a 10,000 x 20 table takes about 8 ms.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Column, Table } from '../data/table';

const TAG = 'tabular-workbench/table-fingerprint@1';
/** Cells hashed per block: NaNs are made canonical in a scratch copy of this size. */
const BLOCK = 65_536;

function header(table: Table): Uint8Array {
  const columns = table.columns.map((column) => [
    column.name,
    column.kind,
    column.storage,
    column.storage === 'dictionary' ? column.categories : null,
  ]);
  return new TextEncoder().encode(JSON.stringify([TAG, table.rowCount, columns]));
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function hashColumn(hash: ReturnType<typeof sha256.create>, column: Column, rowCount: number) {
  if (column.storage === 'dictionary') {
    hash.update(bytesOf(column.codes.subarray(0, rowCount)));
    return;
  }
  const scratch = new Float64Array(Math.min(BLOCK, rowCount));
  const words = new Uint32Array(scratch.buffer);
  for (let start = 0; start < rowCount; start += BLOCK) {
    const block = column.values.subarray(start, Math.min(rowCount, start + BLOCK));
    scratch.set(block);
    for (let i = 0; i < block.length; i++) {
      if (Number.isNaN(scratch[i])) {
        words[2 * i] = 0;
        words[2 * i + 1] = 0x7ff80000;
      }
    }
    hash.update(bytesOf(scratch.subarray(0, block.length)));
  }
}

/** SHA-256 (hex) of a table's contents, as described at the top of this file. */
export function tableFingerprint(table: Table): string {
  const hash = sha256.create();
  hash.update(header(table));
  for (const column of table.columns) hashColumn(hash, column, table.rowCount);
  return bytesToHex(hash.digest());
}
