import { WorkbenchError } from '../errors';

/** Throws `invalid_search_options` for a setting, saying what it must be. */
export function refuse(setting: string, expected: string): never {
  throw new WorkbenchError(
    'invalid_search_options',
    `The search setting "${setting}" must be ${expected}.`,
    { hint: `Change ${setting} and start the search again.`, details: { setting } },
  );
}
