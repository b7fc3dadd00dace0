/**
 * Labels that arrive after the predictions (a day later, from another system) joined to the
 * logged rows by a key column: each logged row whose key the labels name gets its label in the
 * target column, so monitoring measures the model where the truth is known. The log keeps the
 * scored files' identifier columns for this (withKeyColumns). All or nothing, in one
 * transaction; the chunks' other values are untouched.
 */
import { labelAt as textAt } from '../data/cell-label';
import type { Column, Table } from '../data/table';
import { WorkbenchError } from '../errors';
import type { RegistryConnection } from '../registry/connection';
import type { VersionRecord } from '../registry/types';
import { chunkBytes, decodeLogColumn, encodeColumnRows } from './encode-chunk';
import { listLogBatches, readLogChunks } from './log-store';
import { sealContext } from '../registry/vault';
import type { LogBatchRecord, LogChunkRecord } from './types';

export interface LabelJoin {
  /** The key column the rows were matched by. */
  key: string;
  /** Logged rows that got a label. */
  labelled: number;
  /** Label rows whose key no logged row has. */
  unmatched: number;
  /** Logged batches updated. */
  batches: number;
}

function columnNamed(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The key: the one asked for, else the first logged key column the labels also have. */
function chooseKey(
  version: VersionRecord,
  chunks: LogChunkRecord[],
  labels: Table,
  asked?: string,
) {
  const model = new Set([...version.schema.map((c) => c.name), version.target]);
  const logged = new Set(
    chunks.flatMap((c) => c.columns.map((col) => col.name)).filter((n) => !model.has(n)),
  );
  const key = asked ?? labels.columns.map((c) => c.name).find((name) => logged.has(name));
  if (!key || !logged.has(key) || !columnNamed(labels, key)) {
    const keys = [...logged];
    throw new WorkbenchError(
      'unknown_column',
      keys.length === 0
        ? `No logged prediction of v${version.number} has a key column to join labels by.`
        : `The labels have no column ${keys.map((k) => `"${k}"`).join(' or ')}, the key${keys.length > 1 ? 's' : ''} logged with v${version.number}'s predictions.`,
      {
        hint:
          keys.length === 0
            ? 'Score files that have an id column (the workbench logs identifier columns, such as an order number); or score the labelled file itself.'
            : `Give the labels as a CSV with the key column and "${version.target}".`,
        details: { keys },
      },
    );
  }
  return key;
}

/** The chunk's target column with the labels its keys match, or null when none matches. */
function labelledTarget(
  chunk: LogChunkRecord,
  key: string,
  target: string,
  numeric: boolean,
  labels: Map<string, string | number>,
  matched: Set<string>,
) {
  const keyColumn = chunk.columns.find((c) => c.name === key);
  if (!keyColumn) return null;
  const keys = decodeLogColumn(keyColumn);
  const stored = chunk.columns.find((c) => c.name === target);
  const old = stored ? decodeLogColumn(stored) : null;
  const values = new Float64Array(chunk.rows).fill(NaN);
  const texts = new Array<string | null>(chunk.rows).fill(null);
  for (let row = 0; row < chunk.rows; row++) {
    const previous = old ? textAt(old, row) : null;
    texts[row] = previous;
    values[row] = previous === null ? NaN : Number(previous);
  }
  let count = 0;
  for (let row = 0; row < chunk.rows; row++) {
    const text = textAt(keys, row);
    const label = text === null ? undefined : labels.get(text);
    if (label === undefined || text === null) continue;
    matched.add(text);
    texts[row] = String(label);
    values[row] = Number(label);
    count++;
  }
  if (count === 0) return null;
  const all = Uint32Array.from({ length: chunk.rows }, (_, i) => i);
  const column: Column = numeric
    ? { name: target, kind: 'numeric', storage: 'number', values, missing: 0 }
    : dictionaryOf(target, texts);
  return { column: encodeColumnRows(column, all), count };
}

function dictionaryOf(name: string, texts: (string | null)[]): Column {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(texts, (text) => {
    if (text === null) return -1;
    let code = index.get(text);
    if (code === undefined) {
      code = categories.push(text) - 1;
      index.set(text, code);
    }
    return code;
  });
  return { name, kind: 'categorical', storage: 'dictionary', codes, categories, missing: 0 };
}

export async function joinLabels(
  conn: RegistryConnection,
  version: VersionRecord,
  labels: Table,
  asked?: string,
): Promise<LabelJoin> {
  const target = columnNamed(labels, version.target);
  if (!target) {
    throw new WorkbenchError(
      'unknown_column',
      `The labels have no column "${version.target}", the target of v${version.number}.`,
      {
        hint: `Give the labels as a CSV with the key column and "${version.target}".`,
        details: { column: version.target },
      },
    );
  }
  const batches = await listLogBatches(conn, { versionId: version.id });
  const checks = await readLogChunks(conn, batches);
  const sound: { batch: LogBatchRecord; chunk: LogChunkRecord }[] = [];
  batches.forEach((batch, i) => {
    const checked = checks[i];
    if (checked?.ok) sound.push({ batch, chunk: checked.chunk });
  });
  const key = chooseKey(
    version,
    sound.map((s) => s.chunk),
    labels,
    asked,
  );
  const keyColumn = columnNamed(labels, key) as Column;
  const numeric = version.task === 'regression';
  const given = new Map<string, string | number>();
  for (let row = 0; row < labels.rowCount; row++) {
    const text = textAt(keyColumn, row);
    const label = textAt(target, row);
    if (text === null || label === null) continue;
    given.set(text, numeric ? Number(label) : label);
  }
  const matched = new Set<string>();
  const updates: { batch: LogBatchRecord; chunk: LogChunkRecord }[] = [];
  let labelled = 0;
  for (const { batch, chunk } of sound) {
    const result = labelledTarget(chunk, key, version.target, numeric, given, matched);
    if (!result) continue;
    labelled += result.count;
    const columns = [...chunk.columns.filter((c) => c.name !== version.target), result.column];
    const updated = { ...chunk, columns };
    updates.push({ batch: { ...batch, bytes: chunkBytes(updated) }, chunk: updated });
  }
  const bytes = updates.reduce((sum, u) => sum + u.batch.bytes, 0);
  const seal = await conn.vault.sealer();
  const sealed = await Promise.all(
    updates.map(({ batch, chunk }) => seal(chunk.id, chunk, sealContext.logChunk(batch))),
  );
  if (updates.length > 0) {
    await conn.write(
      ['logBatches', 'logChunks'],
      bytes,
      async (write) => {
        for (const [i, { batch, chunk }] of updates.entries()) {
          await write.objectStore('logChunks').put((sealed[i] ?? chunk) as LogChunkRecord);
          await write.objectStore('logBatches').put(batch);
        }
      },
      'log',
    );
  }
  return { key, labelled, unmatched: given.size - matched.size, batches: updates.length };
}
