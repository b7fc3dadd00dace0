import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { fakeModel } from '../registry/fake-model';
import type { Registry } from '../registry/registry';
import { categoryColumn, freshRegistries, numberColumn } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import type { Prediction } from '../train/types';

const freshRegistry = freshRegistries('log-test');
const DAY = 86_400_000;

/** `rows` rows of x (not exact in float32), colour (from many categories) and an extra column. */
function scoredTable(rows: number, offset = 0): Table {
  const colours = Array.from({ length: 1000 }, (_, i) => `colour ${i}`);
  return {
    rowCount: rows,
    columns: [
      numberColumn('x', rows, (i) => (i % 7 === 3 ? NaN : (i + offset) / 3)),
      categoryColumn('colour', rows, (i) => (i % 5 === 4 ? -1 : (i * 37) % 3), colours),
      numberColumn('unused', rows, () => 1),
    ],
    issues: [],
  };
}

const binary = (i: number): Prediction => {
  const p = Math.fround((i % 10) / 10);
  return { label: p >= 0.5 ? 'yes' : 'no', probabilities: [1 - p, p] };
};

async function withVersion(registry: Registry, overrides = {}) {
  return registry.saveVersion(fakeModel(overrides));
}

describe('the prediction log', () => {
  it('keeps the logged rows exactly: features, predictions, time, version and latency', async () => {
    const registry = await freshRegistry();
    const version = await withVersion(registry);
    const table = scoredTable(20);
    const predictions = Array.from({ length: 20 }, (_, i) => (i === 5 ? null : binary(i)));
    const time = Date.now() - 1000;
    const written = await registry.logPredictions({
      versionId: version.id,
      table,
      predictions,
      latencyMs: 19,
      time,
      file: 'new.csv',
    });
    expect(written.rows).toBe(19);
    expect(written.batches).toHaveLength(1);
    expect(written.batches[0]).toMatchObject({
      source: 'batch',
      file: 'new.csv',
      rows: 19,
      versionNumber: 1,
    });

    const log = await registry.readPredictionLog({ versionId: version.id });
    expect(log.rowCount).toBe(19);
    expect(log.table.columns.map((c) => c.name)).toEqual(['x', 'colour']);
    const kept = Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 5);
    const x = log.table.columns[0];
    const colour = log.table.columns[1];
    if (x?.storage !== 'number' || colour?.storage !== 'dictionary') throw new Error('storage');
    kept.forEach((row, i) => {
      const expected = row % 7 === 3 ? NaN : row / 3;
      expect(Object.is(x.values[i], expected)).toBe(true);
      const code = colour.codes[i] ?? -2;
      expect(code < 0 ? null : colour.categories[code]).toBe(
        row % 5 === 4 ? null : `colour ${(row * 37) % 3}`,
      );
    });
    expect(colour.categories.length).toBeLessThanOrEqual(3);
    expect(log.predictions).toEqual(kept.map(binary));
    expect(Array.from(log.time)).toEqual(kept.map(() => time));
    expect(log.versionIds).toEqual(kept.map(() => version.id));
    expect(log.latencyMs[0]).toBeCloseTo(1, 12);
    expect(log.damaged).toEqual([]);
  });

  it('logs the target when the table has it, and a missing feature as missing', async () => {
    const registry = await freshRegistry();
    const version = await withVersion(registry, { task: 'regression' });
    const table: Table = {
      rowCount: 3,
      columns: [numberColumn('x', 3, (i) => i), numberColumn('y', 3, (i) => i * 10)],
      issues: [],
    };
    await registry.logPredictions({
      versionId: version.id,
      table,
      predictions: [{ value: 1.5 }, { value: 0.1 }, { value: -2 }],
      latencyMs: 1,
    });
    const log = await registry.readPredictionLog();
    expect(log.table.columns.map((c) => [c.name, c.storage, c.missing])).toEqual([
      ['x', 'number', 0],
      ['colour', 'dictionary', 3],
      ['y', 'number', 0],
    ]);
    expect(log.predictions).toEqual([{ value: 1.5 }, { value: 0.1 }, { value: -2 }]);
  });

  it('reads a version, a project, a time range and the newest rows', async () => {
    const registry = await freshRegistry();
    const first = await withVersion(registry);
    const second = await withVersion(registry);
    const now = Date.now();
    for (const [versionId, time] of [
      [first.id, now - 3000],
      [second.id, now - 2000],
      [first.id, now - 1000],
    ] as const) {
      await registry.logPredictions({
        versionId,
        table: scoredTable(10),
        predictions: Array.from({ length: 10 }, (_, i) => binary(i)),
        latencyMs: 5,
        time,
      });
    }
    expect((await registry.readPredictionLog({ versionId: first.id })).rowCount).toBe(20);
    expect((await registry.readPredictionLog({ projectId: first.projectId })).rowCount).toBe(30);
    const ranged = await registry.readPredictionLog({ from: now - 2500, to: new Date(now) });
    expect(ranged.batches.map((b) => b.versionId)).toEqual([second.id, first.id]);
    const newest = await registry.readPredictionLog({ lastRows: 15 });
    expect(newest.batches.map((b) => b.time)).toEqual([now - 2000, now - 1000]);
    const listed = await registry.listLogBatches();
    expect(listed.map((b) => b.time)).toEqual([now - 3000, now - 2000, now - 1000]);
    expect(await refusal(registry.readPredictionLog({ from: now, to: now - 1 }))).toMatchObject({
      code: 'invalid_log_options',
    });
  });

  it('keeps its retention by rows and by age, and applies a new one at once', async () => {
    const registry = await freshRegistry();
    const version = await withVersion(registry);
    expect(await registry.getLogRetention()).toEqual({ maxRows: 1_000_000, maxAgeDays: 90 });
    await registry.setLogRetention({ maxRows: 1_000 });
    const now = Date.now();
    await registry.logPredictions({
      versionId: version.id,
      table: scoredTable(10),
      predictions: Array.from({ length: 10 }, (_, i) => binary(i)),
      latencyMs: 1,
      time: now - 100 * DAY,
    });
    expect((await registry.predictionLogStats()).rows).toBe(0);
    // 1,000 rows kept: 2,500 logged in chunks of 125 (an eighth), the oldest go first.
    const written = await registry.logPredictions({
      versionId: version.id,
      table: scoredTable(2500),
      predictions: Array.from({ length: 2500 }, (_, i) => binary(i)),
      latencyMs: 1,
    });
    expect(written.batches).toHaveLength(20);
    expect(written.trimmed.rows).toBe(1500);
    const stats = await registry.predictionLogStats();
    expect(stats).toMatchObject({ rows: 1000, batches: 8 });
    expect(stats.bytes).toBeGreaterThan(1000 * 5);
    const log = await registry.readPredictionLog();
    const x = log.table.columns[0];
    expect(x?.storage === 'number' && x.values[log.rowCount - 1]).toBe(2499 / 3);
    await registry.setLogRetention({ maxAgeDays: 1 });
    expect((await registry.predictionLogStats()).rows).toBe(1000);
    const trimmed = await registry.setLogRetention({ maxRows: 1_000, maxAgeDays: 1 });
    expect(trimmed.trimmed.rows).toBe(0);
    for (const bad of [
      { maxRows: 10 },
      { maxRows: 1.5e3 + 0.5 },
      { maxAgeDays: 0 },
      { maxAgeDays: NaN },
    ]) {
      expect(await refusal(registry.setLogRetention(bad))).toMatchObject({
        code: 'invalid_log_options',
      });
    }
    expect(await registry.getLogRetention()).toEqual({ maxRows: 1_000, maxAgeDays: 1 });
  });

  it('survives closing and reopening the database', async () => {
    const registry = await freshRegistry();
    const version = await withVersion(registry);
    await registry.logPredictions({
      versionId: version.id,
      table: scoredTable(4),
      predictions: [binary(0), binary(1), binary(2), binary(3)],
      latencyMs: 2,
    });
    registry.close();
    const reopened = await freshRegistry({ name: registry.name });
    expect((await reopened.readPredictionLog()).predictions).toEqual([0, 1, 2, 3].map(binary));
  });

  it('refuses what does not fit the version, and logs nothing', async () => {
    const registry = await freshRegistry();
    const version = await withVersion(registry);
    const table = scoredTable(2);
    const cases: [unknown, string][] = [
      [
        { versionId: version.id, table, predictions: [binary(0)], latencyMs: 1 },
        'invalid_log_entry',
      ],
      [
        {
          versionId: version.id,
          table,
          predictions: [binary(0), { label: 'maybe', probabilities: [0.5, 0.5] }],
          latencyMs: 1,
        },
        'invalid_log_entry',
      ],
      [
        { versionId: version.id, table, predictions: [binary(0), { value: 3 }], latencyMs: 1 },
        'invalid_log_entry',
      ],
      [
        { versionId: version.id, table, predictions: [binary(0), binary(1)], latencyMs: -1 },
        'invalid_log_entry',
      ],
      [
        { versionId: version.id, table: { rows: [] }, predictions: [], latencyMs: 1 },
        'invalid_log_entry',
      ],
      [
        { versionId: 'nope', table, predictions: [binary(0), binary(1)], latencyMs: 1 },
        'version_not_found',
      ],
      [null, 'invalid_log_entry'],
    ];
    for (const [entry, code] of cases) {
      const error = await refusal(registry.logPredictions(entry as never));
      expect(error.code).toBe(code);
      expect(error.hint).toBeTruthy();
    }
    expect((await registry.predictionLogStats()).rows).toBe(0);
  });

  it('leaves a damaged batch out of a read and names it', async () => {
    const registry = await freshRegistry();
    const version = await withVersion(registry);
    for (let i = 0; i < 2; i++) {
      await registry.logPredictions({
        versionId: version.id,
        table: scoredTable(3),
        predictions: [binary(0), binary(1), binary(2)],
        latencyMs: 1,
        time: Date.now() - 10 + i,
      });
    }
    // Edit the first chunk as devtools could: a column one value short.
    const db = await openDB(registry.name);
    const chunk = (await db.get('logChunks', 1)) as { columns: { values?: Float32Array }[] };
    const first = chunk.columns[0];
    if (first) first.values = new Float32Array(2);
    await db.put('logChunks', chunk);
    db.close();
    const log = await registry.readPredictionLog();
    expect(log.rowCount).toBe(3);
    expect(log.damaged).toEqual([{ id: 1, reason: 'column x does not have a value per row' }]);
  });

  it('is cleared by query, and a purged version takes its log with it', async () => {
    const registry = await freshRegistry();
    const first = await withVersion(registry);
    const second = await withVersion(registry);
    for (const versionId of [first.id, second.id, second.id]) {
      await registry.logPredictions({
        versionId,
        table: scoredTable(2),
        predictions: [binary(0), binary(1)],
        latencyMs: 1,
      });
    }
    await registry.deleteVersion(first.id);
    await registry.purgeVersion(first.id);
    expect((await registry.readPredictionLog()).versionIds).toEqual([
      second.id,
      second.id,
      second.id,
      second.id,
    ]);
    expect(await registry.clearPredictionLog({ versionId: second.id })).toBe(4);
    expect(await registry.predictionLogStats()).toMatchObject({
      rows: 0,
      batches: 0,
      oldest: null,
    });
  });

  it('tells log writes apart from version changes, so a prediction reloads no version list', async () => {
    const counts = { versions: 0, log: 0 };
    const registry = await freshRegistry({
      onChange: () => counts.versions++,
      onLogChange: () => counts.log++,
    });
    const version = await withVersion(registry);
    expect(counts).toEqual({ versions: 1, log: 0 });
    await registry.logPredictions({
      versionId: version.id,
      table: scoredTable(1),
      predictions: [binary(1)],
      latencyMs: 1,
    });
    await registry.setLogRetention({ maxAgeDays: 30 });
    await registry.clearPredictionLog();
    expect(counts).toEqual({ versions: 1, log: 3 });
  });

  it('upgrades a schema 3 workspace and keeps its versions', async () => {
    const old = await freshRegistry({ schemaVersion: 3 });
    const version = await withVersion(old);
    expect(await refusal(old.predictionLogStats())).toMatchObject({ code: 'storage_unavailable' });
    old.close();
    const registry = await freshRegistry({ name: old.name });
    expect(registry.schemaVersion).toBe(5);
    expect((await registry.getVersion(version.id)).number).toBe(1);
    await registry.logPredictions({
      versionId: version.id,
      table: scoredTable(1),
      predictions: [binary(1)],
      latencyMs: 1,
    });
    expect((await registry.listLogBatches())[0]?.source).toBe('single');
  });
});
