/**
 * Test helpers: registries on fake-indexeddb, each under a fresh name and closed after each test,
 * and columns built in one line. Used by the unit tests only.
 */
import { afterEach } from 'vitest';
import type { CategoricalColumn, NumericColumn } from '../data/table';
import { openRegistry, type Registry } from './registry';
import type { RegistryOptions } from './types';

/** Opens registries under fresh names; every one it opened or tracked is closed after each test. */
export interface FreshRegistries {
  (options?: RegistryOptions): Promise<Registry>;
  /** A fresh name, for a test that opens the same database twice itself. */
  newName(): string;
  /** Closes this registry after the test too. */
  track(registry: Registry): void;
}

export function freshRegistries(prefix: string): FreshRegistries {
  let counter = 0;
  const open: Registry[] = [];
  afterEach(() => {
    for (const registry of open.splice(0)) registry.close();
  });
  const newName = () => `${prefix}-${++counter}`;
  const fresh = async (options: RegistryOptions = {}) => {
    const registry = await openRegistry({ name: newName(), ...options });
    open.push(registry);
    return registry;
  };
  return Object.assign(fresh, { newName, track: (registry: Registry) => void open.push(registry) });
}

/** A numeric column of `rows` values. */
export function numberColumn(
  name: string,
  rows: number,
  value: (row: number) => number,
  kind: NumericColumn['kind'] = 'numeric',
): NumericColumn {
  return {
    name,
    kind,
    storage: 'number',
    missing: 0,
    values: Float64Array.from({ length: rows }, (_, i) => value(i)),
  };
}

/** A categorical column of `rows` codes into `categories`. */
export function categoryColumn(
  name: string,
  rows: number,
  code: (row: number) => number,
  categories: string[],
): CategoricalColumn {
  return {
    name,
    kind: 'categorical',
    storage: 'dictionary',
    missing: 0,
    codes: Int32Array.from({ length: rows }, (_, i) => code(i)),
    categories,
  };
}
