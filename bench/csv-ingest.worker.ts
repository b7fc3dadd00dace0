/// <reference lib="webworker" />
/**
 * Ingests the big file with readCsv(blob), streaming it through Blob.stream(). A worker of its
 * own, started fresh for the ingest, so the heap the runner samples holds readCsv's data only.
 */
import * as Comlink from 'comlink';
import { readCsv } from '../src/lib/index';
import type { CsvIngestApi } from './types';

const api: CsvIngestApi = {
  ready: () => true,

  async ingest(blob) {
    const started = performance.now();
    const table = await readCsv(blob);
    const seconds = (performance.now() - started) / 1000;
    const kinds: Record<string, number> = {};
    for (const column of table.columns) kinds[column.kind] = (kinds[column.kind] ?? 0) + 1;
    return { seconds, rows: table.rowCount, kinds };
  },
};

Comlink.expose(api);
