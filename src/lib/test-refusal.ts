/** Test helper: the WorkbenchError a promise rejects with (the test fails if it resolves). */
import { expect } from 'vitest';
import { WorkbenchError } from './errors';

export async function refusal(promise: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    return error as WorkbenchError;
  }
  throw new Error('expected a refusal');
}
