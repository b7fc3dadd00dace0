/**
 * `detectDrift(reference, current, options)`: every compared column's test and verdict, and
 * the dataset's: it drifts when at least `share` (half) of the columns drift, as Evidently's
 * DataDriftPreset decides. Columns are matched by name; dates, free text and identifiers are
 * left out unless named, as a date column always "drifts" forward in time.
 */
import type { Column, ColumnKind, Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { Pacer } from '../pace';
import { columnDrift } from './column-drift';
import { DRIFT_TESTS, type ColumnDrift, type DriftOptions, type DriftReport } from './types';

const SKIPPED_KINDS = new Set<ColumnKind>(['datetime', 'text', 'identifier', 'constant']);

function invalid(problem: string, hint: string): WorkbenchError {
  return new WorkbenchError('invalid_drift_options', `Drift cannot be computed: ${problem}.`, {
    hint,
  });
}

function checkTable(table: unknown, name: string): Table {
  const t = table as Partial<Table> | null;
  if (!t || !Array.isArray(t.columns) || !Number.isInteger(t.rowCount) || (t.rowCount ?? -1) < 0) {
    throw invalid(
      `\`${name}\` is not a table`,
      'Pass two Tables, as readCsv or loadReference give them.',
    );
  }
  return t as Table;
}

function checkShare(value: number, name: string, max = 1): number {
  if (typeof value !== 'number' || !(value > 0) || value > max) {
    throw invalid(`\`${name}\` is ${String(value)}`, `Give a number above 0 and at most ${max}.`);
  }
  return value;
}

/** The columns compared: those named, or every shared column of a kind that can drift. */
function comparedColumns(reference: Table, current: Table, names?: readonly string[]) {
  const byName = (table: Table) => new Map(table.columns.map((c) => [c.name, c]));
  const refs = byName(reference);
  const curs = byName(current);
  if (names) {
    return names.map((name) => {
      const ref = refs.get(name);
      const cur = curs.get(name);
      if (!ref || !cur) {
        throw new WorkbenchError(
          'unknown_column',
          `Column "${name}" is not in the ${ref ? 'current' : 'reference'} table.`,
          {
            hint: 'Name columns both tables have.',
            details: { column: name },
          },
        );
      }
      return [ref, cur] as const;
    });
  }
  return reference.columns
    .filter((c) => !SKIPPED_KINDS.has(c.kind) && curs.has(c.name))
    .map((c) => [c, curs.get(c.name) as Column] as const);
}

export async function detectDrift(
  referenceTable: Table,
  currentTable: Table,
  options: DriftOptions = {},
): Promise<DriftReport> {
  const reference = checkTable(referenceTable, 'reference');
  const current = checkTable(currentTable, 'current');
  const shareThreshold = checkShare(options.share ?? 0.5, 'share');
  const missingJump = checkShare(options.missingJump ?? 0.1, 'missingJump');
  const smallSample = options.smallSample ?? 1000;
  if (!Number.isInteger(smallSample) || smallSample < 0) {
    throw invalid(`\`smallSample\` is ${String(smallSample)}`, 'Give a whole number of rows.');
  }
  for (const [name, chosen] of Object.entries(options.perColumn ?? {})) {
    if (chosen.test !== undefined && !DRIFT_TESTS.includes(chosen.test)) {
      throw invalid(
        `column "${name}" asks for the test "${String(chosen.test)}"`,
        `Choose one of ${DRIFT_TESTS.join(', ')}.`,
      );
    }
    if (
      chosen.threshold !== undefined &&
      !(Number.isFinite(chosen.threshold) && chosen.threshold > 0)
    ) {
      throw invalid(
        `column "${name}" has the threshold ${String(chosen.threshold)}`,
        'Give a threshold above 0.',
      );
    }
  }
  const pairs = comparedColumns(reference, current, options.columns);
  const pacer = new Pacer();
  const columns: ColumnDrift[] = [];
  options.onProgress?.(0, pairs.length);
  for (const [ref, cur] of pairs) {
    if (options.signal?.aborted) {
      throw new WorkbenchError('aborted', 'The drift check was cancelled.', {
        hint: 'Run it again when you are ready.',
      });
    }
    const chosen = Object.hasOwn(options.perColumn ?? {}, ref.name)
      ? options.perColumn?.[ref.name]
      : undefined;
    columns.push(
      columnDrift(
        ref.name,
        { column: ref, rows: reference.rowCount },
        { column: cur, rows: current.rowCount },
        { ...chosen, smallSample, missingJump },
      ),
    );
    options.onProgress?.(columns.length, pairs.length);
    await pacer.pause();
  }
  const tested = columns.filter((c) => c.statistic !== null);
  const share = tested.length > 0 ? tested.filter((c) => c.drifted).length / tested.length : 0;
  return {
    columns,
    share,
    drifted: tested.length > 0 && share >= shareThreshold,
    shareThreshold,
    referenceRows: reference.rowCount,
    currentRows: current.rowCount,
  };
}
