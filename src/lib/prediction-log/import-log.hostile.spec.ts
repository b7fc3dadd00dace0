/**
 * Hostile prediction logs (edited lines, foreign headers, cancels, files and lines over their
 * limits) are refused with their code, and log nothing.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { beforeAll, describe, expect, it } from 'vitest';
import { scriptRoot } from '../export/predict-script/script-fixtures';
import { RegistryConnection } from '../registry/connection';
import type { RegistrySchema } from '../registry/schema';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import type { TrainedModel } from '../train/types';
import { importPredictionLog } from './import-log';
import { logLines, trainedLogs } from './import-log-fixtures';

const freshRegistry = freshRegistries('log-import-hostile-test');
const root = scriptRoot('log-import-hostile');

describe('importing a hostile prediction log', () => {
  let iris: TrainedModel;
  let irisLog: string;
  let carsLog: string;
  beforeAll(async () => {
    ({ iris, irisLog, carsLog } = await trainedLogs(root()));
  }, 60_000);

  describe('refuses', () => {
    let lines: string[];
    beforeAll(() => {
      lines = logLines(irisLog).lines;
    });

    /** The iris log with line `index` (0-based; negative from the end) edited. */
    const edit = (index: number, change: (line: Record<string, unknown>) => void): string => {
      const copy = [...lines];
      const at = index < 0 ? copy.length + index : index;
      const line = JSON.parse(copy[at] ?? '') as Record<string, unknown>;
      change(line);
      copy[at] = JSON.stringify(line);
      return copy.join('\n') + '\n';
    };
    const inputsOf = (line: Record<string, unknown>) => line.inputs as Record<string, unknown[]>;
    const first = () => iris.spec.features[0] ?? '';

    interface Case {
      name: string;
      file: () => string | Uint8Array;
      code: string;
      message: RegExp;
    }
    const invalid = 'prediction_log_invalid';
    const mismatch = 'prediction_log_mismatch';
    const cases: Case[] = [
      {
        name: 'not JSON',
        file: () => `${lines[0]}\n{"time":\n`,
        code: invalid,
        message: /^Line 2: .*JSON/,
      },
      {
        name: 'a batch before a header',
        file: () => lines.slice(1).join('\n'),
        code: invalid,
        message: /^Line 1: .*before any header/,
      },
      {
        name: 'another format version',
        file: () => edit(0, (h) => void (h.format = 'tabular-workbench/prediction-log@2')),
        code: invalid,
        message: /prediction-log@2.*not tabular-workbench\/prediction-log@1/,
      },
      {
        name: "a header for other features (the second run's)",
        file: () => edit(5, (h) => void ((h.features as string[])[0] = 'sepal')),
        code: mismatch,
        message: /^Line 6: features: the log has "sepal", the model reads "sepal_length_\(cm\)"/,
      },
      {
        name: 'a header for other classes',
        file: () => edit(0, (h) => void (h.classes = ['yes', 'no'])),
        code: mismatch,
        message: /^Line 1: classes: /,
      },
      {
        name: 'a header for another task',
        file: () =>
          edit(0, (h) => {
            h.task = 'regression';
            h.classes = [];
          }),
        code: mismatch,
        message: /^Line 1: task: .*regression.*binary/,
      },
      {
        name: 'a log of another model',
        file: () => readFileSync(carsLog),
        code: mismatch,
        message: /^Line 1: task: /,
      },
      {
        name: 'a list of the wrong length (in the last batch)',
        file: () => edit(-1, (b) => void inputsOf(b)[first()]?.pop()),
        code: invalid,
        message: /^Line 7: `inputs\.sepal_length_\(cm\)` is not a list of 150 cells/,
      },
      {
        name: 'too few predictions',
        file: () => edit(2, (b) => void (b.predictions as unknown[]).pop()),
        code: invalid,
        message: /^Line 3: `predictions` has 39 entries, not 40/,
      },
      {
        name: 'a label not among the classes',
        file: () => edit(1, (b) => void ((b.predictions as unknown[])[3] = 'maybe')),
        code: invalid,
        message: /`predictions\[3\]` is not one of the model's classes/,
      },
      {
        name: 'a probability of 2',
        file: () => edit(1, (b) => void ((b.probabilities as number[][])[0] = [2, -1])),
        code: invalid,
        message: /`probabilities\[0\]` is not 2 numbers from 0 to 1/,
      },
      {
        name: 'a __proto__ key in inputs',
        file: () =>
          `${lines[0]}\n${(lines[1] ?? '').replace('"inputs":{', '"inputs":{"__proto__":["x"],')}`,
        code: invalid,
        message: /`inputs` has "__proto__", which the header does not name/,
      },
      {
        name: 'a field the format lacks',
        file: () => edit(1, (b) => void (b.extra = 1)),
        code: invalid,
        message: /^Line 2: The batch's `extra`/,
      },
      {
        name: 'a time that is not ISO',
        file: () => edit(1, (b) => void (b.time = 'yesterday')),
        code: invalid,
        message: /^Line 2: The batch's `time`/,
      },
      {
        name: 'a negative latency',
        file: () => edit(1, (b) => void (b.latencyMs = -1)),
        code: invalid,
        message: /`latencyMs`/,
      },
      {
        name: 'invalid UTF-8',
        file: () => {
          const valid = Buffer.from(lines.slice(0, 2).join('\n') + '\n');
          return Uint8Array.from([...valid, 0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
        },
        code: invalid,
        message: /^Line 3: The line is not UTF-8/,
      },
      { name: 'an empty file', file: () => '', code: invalid, message: /empty/ },
      { name: 'a file of blank lines', file: () => '\n  \r\n\n', code: invalid, message: /empty/ },
      {
        name: 'a JSON value that is no object',
        file: () => `${lines[0]}\n[1,2]\n`,
        code: invalid,
        message: /^Line 2: .*not a JSON object/,
      },
    ];

    it.each(cases)('$name, logging nothing', async ({ file, code, message }) => {
      const registry = await freshRegistry();
      const version = await registry.saveVersion(iris);
      const error = await refusal(registry.importPredictionLog(version.id, file()));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.hint).toBeTruthy();
      expect((await registry.predictionLogStats()).rows).toBe(0);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  });

  it('refuses a cancelled import, before or while reading, and logs nothing', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(iris);
    const text = readFileSync(irisLog, 'utf8');
    const cancelled = new AbortController();
    cancelled.abort();
    const before = await refusal(
      registry.importPredictionLog(version.id, text, { signal: cancelled.signal }),
    );
    expect(before.code).toBe('aborted');
    const during = new AbortController();
    const error = await refusal(
      registry.importPredictionLog(version.id, text, {
        signal: during.signal,
        onProgress: () => during.abort(),
      }),
    );
    expect(error.code).toBe('aborted');
    expect((await registry.predictionLogStats()).rows).toBe(0);
  });

  it('refuses a line or a file over its limit', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(iris);
    const db = await openDB<RegistrySchema>(registry.name, registry.schemaVersion);
    const conn = new RegistryConnection(db, registry.name, {});
    try {
      const text = readFileSync(irisLog, 'utf8');
      const sizes = text.split('\n').map((line) => Buffer.byteLength(line));
      const longest = Math.max(...sizes);
      const line = await refusal(
        importPredictionLog(
          conn,
          version.id,
          text,
          {},
          {
            maxFileBytes: 2 ** 30,
            maxLineBytes: longest - 1,
          },
        ),
      );
      const over = sizes.indexOf(longest) + 1;
      expect(line).toMatchObject({ code: 'prediction_log_invalid', details: { line: over } });
      expect(line.message).toMatch(/longer than/);
      const file = await refusal(
        importPredictionLog(
          conn,
          version.id,
          text,
          {},
          {
            maxFileBytes: text.length - 1,
            maxLineBytes: 2 ** 20,
          },
        ),
      );
      expect(file.message).toMatch(/more than/);
      // Within both limits, the same file imports.
      const fits = { maxFileBytes: text.length, maxLineBytes: longest };
      await expect(importPredictionLog(conn, version.id, text, {}, fits)).resolves.toMatchObject({
        rows: 300,
      });
    } finally {
      conn.close('closed');
    }
  });
});
