import { WorkbenchError } from '../errors';

/** The one way a model value is refused: what is wrong, where, and what to do. */
export function invalidModel(problem: string, path = ''): WorkbenchError {
  return new WorkbenchError(
    'invalid_model',
    `This is not a valid model: ${path ? `${path}: ` : ''}${problem}.`,
    {
      hint: 'Use a model returned by trainModel or loadVersion, unchanged. If it came from a file, export it again.',
      details: { path },
    },
  );
}
