import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../lib/errors';
import { JobTable } from './job-table';

/** A job that runs until its signal aborts (then fails as a cancel does) or it is released. */
function longJob(started: () => void) {
  let release: (value: string) => void = () => undefined;
  const work = ({ signal }: { signal: AbortSignal }) =>
    new Promise<string>((resolve, reject) => {
      release = resolve;
      started();
      signal.addEventListener('abort', () =>
        reject(new WorkbenchError('aborted', 'The work was cancelled.')),
      );
    });
  return { work, release: (value: string) => release(value) };
}

describe('JobTable', () => {
  it('cancels one job without touching another', async () => {
    const jobs = new JobTable();
    const a = longJob(() => undefined);
    const b = longJob(() => undefined);
    const first = jobs.run('a', a.work);
    const second = jobs.run('b', b.work);
    expect(jobs.ids).toEqual(['a', 'b']);
    jobs.cancel('a');
    expect(await first).toEqual({ status: 'cancelled' });
    expect(jobs.ids).toEqual(['b']);
    b.release('done');
    expect(await second).toEqual({ status: 'done', value: 'done' });
    expect(jobs.ids).toEqual([]);
  });

  it('turns a failure into a coded outcome and refuses a duplicate id', async () => {
    const jobs = new JobTable();
    const failed = await jobs.run('x', () => Promise.reject(new TypeError('boom')));
    expect(failed.status === 'failed' && failed.error.code).toBe('internal');
    const a = longJob(() => undefined);
    const running = jobs.run('same', a.work);
    const duplicate = await jobs.run('same', () => Promise.resolve(1));
    expect(duplicate.status === 'failed' && duplicate.error.message).toContain('already running');
    a.release('first');
    expect(await running).toEqual({ status: 'done', value: 'first' });
    jobs.cancel('unknown'); // ignored
  });

  it('pauses and resumes a job by id, and a cancel wakes a paused job', async () => {
    const jobs = new JobTable();
    const steps: number[] = [];
    const outcome = jobs.run('train', async ({ pause, signal }) => {
      for (let step = 0; step < 3; step++) {
        await pause.wait(signal);
        if (signal.aborted) throw new WorkbenchError('aborted', 'The work was cancelled.');
        steps.push(step);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return steps.length;
    });
    jobs.setPaused('train', true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(steps.length).toBeLessThanOrEqual(1);
    jobs.cancel('train');
    expect(await outcome).toEqual({ status: 'cancelled' });
  });
});
