import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, isSerializedError, toWorkbenchError, WorkbenchError } from './errors';

describe('WorkbenchError', () => {
  it('survives a structured clone as plain data and comes back with its code', () => {
    const error = new WorkbenchError('target_one_class', 'Only one class.', {
      hint: 'Pick another target.',
      details: { column: 'y' },
    });
    const cloned = structuredClone(error.toJSON());
    expect(isSerializedError(cloned)).toBe(true);
    const back = toWorkbenchError(cloned);
    expect(back).toBeInstanceOf(WorkbenchError);
    expect(back).toMatchObject({ code: 'target_one_class', hint: 'Pick another target.' });
    expect(back.details).toEqual({ column: 'y' });
  });

  it('wraps foreign errors as internal and aborts as aborted', () => {
    expect(toWorkbenchError(new TypeError('boom'))).toMatchObject({ code: 'internal' });
    expect(toWorkbenchError(new TypeError('boom')).message).toContain('boom');
    expect(toWorkbenchError(new DOMException('stop', 'AbortError')).code).toBe('aborted');
    expect(isSerializedError({ code: 'not_a_code', message: '' })).toBe(false);
  });

  it('has a human message for every code', () => {
    for (const message of Object.values(ERROR_CATALOGUE)) expect(message).toMatch(/^[A-Z].*\.$/);
  });
});
