import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../lib/backends/choice';
import {
  deviceKey,
  loadMeasurements,
  loadOverride,
  saveMeasurements,
  saveOverride,
} from './backend-cache';

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

const backends: BackendInfo[] = [
  { name: 'webgpu', available: true, adapter: 'google swiftshader', reason: '' },
  { name: 'wasm', available: true, adapter: 'simd', reason: '' },
];
const nav = { userAgent: 'Chrome/156', hardwareConcurrency: 2 };

describe('backend measurement cache', () => {
  it('returns measurements only for the same device', () => {
    const storage = new MemoryStorage();
    const key = deviceKey(backends, nav);
    const measurements = [
      { name: 'wasm' as const, adapter: 'simd', samplesPerSecond: 5, error: '' },
    ];
    saveMeasurements(storage, key, measurements);
    expect(loadMeasurements(storage, key)?.measurements).toEqual(measurements);
    const otherGpu = deviceKey(
      [{ name: 'webgpu', available: true, adapter: 'nvidia hopper', reason: '' }],
      nav,
    );
    expect(loadMeasurements(storage, otherGpu)).toBeNull();
    expect(
      loadMeasurements(storage, deviceKey(backends, { ...nav, userAgent: 'Chrome/157' })),
    ).toBeNull();
  });

  it('survives corrupt storage and remembers the override', () => {
    const storage = new MemoryStorage();
    storage.setItem('workbench.backend-measurements.v1', '{not json');
    expect(loadMeasurements(storage, 'k')).toBeNull();
    expect(loadOverride(storage)).toBe('auto');
    saveOverride(storage, 'webgpu');
    expect(loadOverride(storage)).toBe('webgpu');
    storage.setItem('workbench.backend-override.v1', 'quantum');
    expect(loadOverride(storage)).toBe('auto');
    saveOverride(storage, 'auto');
    expect(storage.length).toBe(1);
  });
});
