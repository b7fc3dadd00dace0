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
import { BOOLEAN_COLUMN, DATE_COLUMN, NUMBER_COLUMN, TEXT_COLUMN } from './tokenizer';

/** A sampled row: its cells as text (null where the row had none), and which were quoted. */
export interface SampleRow {
  cells: (string | null)[];
  quoted: boolean[];
}

/** The builder of each column: of the kind the user chose, else inferred from the sample. */
export function columnBuilders(
  names: string[],
  sample: SampleRow[],
  context: BuilderContext,
  choices: { kinds: ReadonlyMap<string, ColumnKind>; reread: ReadonlySet<string> },
): ColumnBuilder[] {
  const { missing, decimal } = context;
  return names.map((name, c) => {
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
  });
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
