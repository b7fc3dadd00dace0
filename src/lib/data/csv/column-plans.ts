import type { ColumnKind } from '../table';
import {
  createBuilder,
  DictionaryColumnBuilder,
  LateColumnBuilder,
  NumberColumnBuilder,
  type BuilderContext,
  type ColumnBuilder,
} from './column-builders';
import { inferPlan, planForKind } from './infer';
import type { SampleRow } from './sample';
import { BOOLEAN_COLUMN, DATE_COLUMN, NUMBER_COLUMN, TEXT_COLUMN } from './tokenizer';

/** What `sampledBuilders` starts from: the sample as it stands when streaming starts. */
export interface SampleState {
  names: string[];
  sample: SampleRow[];
  /** The first rows of the sample, from which kinds are inferred. */
  planRows: number;
  /** Rows of the sample that are complete; the one after them may be half read. */
  complete: number;
  /** How many cells of the half-read row have arrived (the rest will come to the builders). */
  partial: number;
}

/**
 * The builder of each column (of the kind the user chose, else inferred from the first
 * `planRows` rows), fed its sampled cells. One column per step, so that a caller can let
 * other tasks run in between: a wide file's sample is up to SAMPLE_CELLS cells.
 */
export function* sampledBuilders(
  state: SampleState,
  context: BuilderContext,
  choices: { kinds: ReadonlyMap<string, ColumnKind>; reread: ReadonlySet<string> },
): Generator<void, ColumnBuilder[]> {
  const { names, sample, complete, partial } = state;
  const planned = sample.length > state.planRows ? sample.slice(0, state.planRows) : sample;
  const builders: ColumnBuilder[] = [];
  for (let c = 0; c < names.length; c++) {
    const builder = columnBuilder(names[c] ?? '', c, planned, context, choices);
    for (let r = 0; r < complete; r++) addSampled(builder, sample[r], c, r + 1);
    if (c < partial) addSampled(builder, sample[complete], c, complete + 1);
    builders.push(builder);
    yield;
  }
  return builders;
}

/** The builder of column `c`: of the kind the user chose, else inferred from the sample. */
function columnBuilder(
  name: string,
  c: number,
  sample: SampleRow[],
  context: BuilderContext,
  choices: { kinds: ReadonlyMap<string, ColumnKind>; reread: ReadonlySet<string> },
): ColumnBuilder {
  const { missing, decimal } = context;
  const forced = choices.kinds.get(name);
  if (forced) return createBuilder(planForKind(forced, decimal), context);
  if (choices.reread.has(name)) return createBuilder({ storage: 'dictionary' }, context);
  const values: string[] = [];
  for (const row of sample) {
    const cell = row.cells[c];
    if (cell === null || cell === undefined) continue;
    const value = row.quoted[c] ? cell : cell.trim();
    if (value !== '' && !missing.has(value)) values.push(value);
  }
  if (values.length === 0) return new LateColumnBuilder(context);
  return createBuilder(inferPlan(values, decimal), context);
}

/** Adds the sampled cell of column `c` in `row` (data row `rowNumber`, 1-based). */
function addSampled(
  builder: ColumnBuilder,
  row: SampleRow | undefined,
  c: number,
  rowNumber: number,
): void {
  const cell = row?.cells[c];
  if (cell === null || cell === undefined) builder.addMissing();
  else builder.add(cell, 0, cell.length, row?.quoted[c] ?? false, rowNumber);
}

/** Which columns the tokenizer reads in one pass (see `TokenSink.columnReaders`), and their builders. */
export function columnReaders(builders: ColumnBuilder[]): {
  readers: Uint8Array;
  numbers: (NumberColumnBuilder | null)[];
  texts: (DictionaryColumnBuilder | null)[];
} {
  const readers = Uint8Array.from(builders, (builder) => {
    if (builder instanceof DictionaryColumnBuilder) return TEXT_COLUMN;
    if (!(builder instanceof NumberColumnBuilder)) return 0;
    if (builder.kind === 'datetime') return DATE_COLUMN;
    if (builder.kind === 'boolean') return BOOLEAN_COLUMN;
    return builder.readsPlainNumbers ? NUMBER_COLUMN : 0;
  });
  const numbers = builders.map((builder, c) =>
    readers[c] !== TEXT_COLUMN && builder instanceof NumberColumnBuilder ? builder : null,
  );
  const texts = builders.map((builder) =>
    builder instanceof DictionaryColumnBuilder ? builder : null,
  );
  return { readers, numbers, texts };
}
