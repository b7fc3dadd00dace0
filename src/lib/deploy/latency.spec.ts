import { describe, expect, it } from 'vitest';
import { fakeModel } from '../registry/fake-model';
import { tableFromRecords } from '../train/records';
import { LATENCY_ROWS, latencyRows, measureLatency } from './latency';

describe('measureLatency', () => {
  it('times 1,000 rows (repeating a short table) and states where it ran', async () => {
    const model = fakeModel();
    const rows = latencyRows(tableFromRecords([{}, {}], model.preprocessing));
    expect(rows.rowCount).toBe(LATENCY_ROWS);
    const before = Date.now();
    const latency = await measureLatency(model, rows);
    expect(latency.rows).toBe(1000);
    expect(latency.backend).toBe('js');
    expect(latency.ms).toBeGreaterThan(0);
    expect(latency.measuredAt).toBeGreaterThanOrEqual(before);
  });
});
