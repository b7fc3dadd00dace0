import { describe, expect, it } from 'vitest';
import type { JobOutcome } from '../workers/protocol';
import type { DatasetInfo } from '../workers/protocol';
import { DatasetState } from './dataset.svelte';
import { JobsState } from './jobs.svelte';
import type { WorkerClient } from './worker-client';

/** A worker client whose reads finish when the test says so, in the order they started. */
function fakeClient() {
  const reads: { name: string; finish: (outcome: JobOutcome<DatasetInfo>) => void }[] = [];
  const client = {
    job: (invoke: (api: unknown, id: string) => Promise<JobOutcome<DatasetInfo>>) => {
      let finish: (outcome: JobOutcome<DatasetInfo>) => void = () => undefined;
      const outcome = new Promise<JobOutcome<DatasetInfo>>((resolve) => (finish = resolve));
      const api = {
        loadCsv: (_id: string, _blob: Blob, name: string) => {
          reads.push({ name, finish });
          return outcome;
        },
      };
      void invoke(api, `job-${reads.length + 1}`);
      return {
        id: 'job',
        outcome,
        cancel: () => finish({ status: 'cancelled' }),
        setPaused: () => undefined,
      };
    },
    callback: <F>(report: F) => report,
  };
  return { client: client as unknown as WorkerClient, reads };
}

const info = (name: string): DatasetInfo =>
  ({ name, profile: { columns: [], rowCount: 1 } }) as unknown as DatasetInfo;

describe('DatasetState', () => {
  it('queues a file dropped while another is read, then reads it; never drops it', async () => {
    const { client, reads } = fakeClient();
    const loaded: string[] = [];
    const data = new DatasetState(client, new JobsState(), {
      loaded: (value) => {
        loaded.push(value.name);
        return Promise.resolve();
      },
      failed: () => undefined,
      notice: () => undefined,
    });
    const first = data.loadFile(new Blob(['a\n1\n']), 'first.csv');
    const second = data.loadFile(new Blob(['b\n2\n']), 'second.csv');
    expect(data.queued).toEqual(['second.csv']);
    expect(reads.map((r) => r.name)).toEqual(['first.csv']);
    await second; // queued: it returns at once, and the first read goes on to it
    reads[0]?.finish({ status: 'done', value: info('first.csv') });
    await expect.poll(() => reads.length).toBe(2);
    reads[1]?.finish({ status: 'done', value: info('second.csv') });
    await first;
    expect(loaded).toEqual(['first.csv', 'second.csv']);
    expect(data.queued).toEqual([]);
    expect(data.dataset?.name).toBe('second.csv');
  });

  it('a cancel keeps the previous dataset and empties the queue', async () => {
    const { client, reads } = fakeClient();
    const notices: string[] = [];
    const data = new DatasetState(client, new JobsState(), {
      loaded: () => Promise.resolve(),
      failed: () => undefined,
      notice: (text) => notices.push(text),
    });
    const first = data.loadFile(new Blob(['a\n1\n']), 'kept.csv');
    reads[0]?.finish({ status: 'done', value: info('kept.csv') });
    await first;
    const big = data.loadFile(new Blob(['x\n']), 'big.csv');
    void data.loadFile(new Blob(['y\n']), 'after.csv');
    data.cancel();
    await big;
    expect(data.dataset?.name).toBe('kept.csv');
    expect(data.queued).toEqual([]);
    expect(reads.map((r) => r.name)).toEqual(['kept.csv', 'big.csv']);
    expect(notices.at(-1)).toContain('big.csv was cancelled');
  });
});
