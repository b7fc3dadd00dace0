/**
 * Keeps one small instance of each class of the reader's hot loop alive between reads.
 *
 * V8's optimized code checks objects' hidden classes ("maps") and holds them weakly. When a read
 * ends and a full garbage collection finds no live instance of a class, the class's maps die,
 * and all the optimized code that checked them is thrown away: the next read starts cold. In
 * Chromium that made a read of a 10 MB file after a collection 1.5-2x slower (the CSV benchmark
 * collects garbage before each timed run; an app collects it between reads). Plain arrays, as
 * uDSV uses, have built-in maps that never die.
 */
import { DictionaryColumnBuilder, LateColumnBuilder, NumberColumnBuilder } from './column-builders';
import { DOT_DECIMAL } from './numbers';
import { TableBuilder } from './table-builder';
import { CsvTokenizer } from './tokenizer';

/** Mutated, never reassigned: a minifier drops stores to a variable that nothing reads. */
const anchors: object[] = [];

/**
 * Makes fresh anchors after a read, so that they have the maps the read ended with (a field's
 * representation may change during a read, which gives its class new maps).
 */
export function keepShapes(): void {
  const missing = new Set<string>();
  const context = { missing, decimal: DOT_DECIMAL, expectedRows: 0 };
  const table = new TableBuilder({
    missing,
    decimal: DOT_DECIMAL,
    kinds: new Map(),
    reread: new Set(),
    sampleRows: 1,
  });
  const plan = {
    storage: 'number',
    kind: 'numeric',
    format: DOT_DECIMAL,
    thousands: false,
  } as const;
  const numbers = new NumberColumnBuilder(plan, context);
  const text = new DictionaryColumnBuilder(context);
  const late = new LateColumnBuilder(context);
  // Building gives back the builders' first blocks: the anchors stay small.
  numbers.build('', []);
  text.build('');
  late.build('', []);
  anchors.splice(0, anchors.length, new CsvTokenizer(',', table), table, numbers, text, late);
}

/** The anchors (for tests). */
export function shapeAnchors(): readonly object[] {
  return [...anchors];
}
