import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fakeModel } from '../registry/fake-model';
import { categoryColumn, freshRegistries, numberColumn } from '../registry/test-registries';
import { predictionLogCsv } from './log-csv';

const freshRegistry = freshRegistries('log-csv-test');

describe('the prediction log as CSV', () => {
  it('writes a line per logged row: time, version, source, latency, inputs, prediction, probabilities', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(fakeModel());
    // Within the default retention of 90 days, whenever the test runs.
    const time = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const [first, second] = [time, time + 1000].map((t) => new Date(t).toISOString());
    await registry.logPredictions({
      versionId: version.id,
      table: {
        rowCount: 2,
        columns: [
          numberColumn('x', 2, (i) => (i === 0 ? 0.1 : NaN)),
          categoryColumn('colour', 2, (i) => i, ['red', 'dark, "deep" blue']),
        ],
        issues: [],
      },
      predictions: [
        { label: 'yes', probabilities: [0.25, 0.75] },
        { label: 'no', probabilities: [0.5, 0.5] },
      ],
      latencyMs: 3,
      time,
    });
    await registry.logPredictions({
      versionId: version.id,
      table: { rowCount: 1, columns: [numberColumn('x', 1, () => 2)], issues: [] },
      predictions: [{ label: 'no', probabilities: [1, 0] }],
      latencyMs: 0.5,
      time: time + 1000,
    });
    const csv = predictionLogCsv(await registry.readPredictionLog()).join('');
    expect(csv.split('\n')).toEqual([
      'time,version,source,latency_ms,x,colour,prediction,probability_no,probability_yes',
      `${first},1,batch,1.5,0.1,red,yes,0.25,0.75`,
      `${first},1,batch,1.5,,"dark, ""deep"" blue",no,0.5,0.5`,
      `${second},1,single,0.5,2,,no,1,0`,
      '',
    ]);
  });
});
