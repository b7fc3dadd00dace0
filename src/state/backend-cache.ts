import {
  isBackendName,
  type BackendInfo,
  type BackendMeasurement,
  type BackendName,
} from '../lib/backends/choice';

const KEY = 'workbench.backend-measurements.v1';
const OVERRIDE_KEY = 'workbench.backend-override.v1';

interface CachedMeasurements {
  deviceKey: string;
  measuredAt: string;
  measurements: BackendMeasurement[];
}

/** Identifies this device and browser: a new GPU, browser or update means measuring again. */
export function deviceKey(
  backends: BackendInfo[],
  nav: Pick<Navigator, 'userAgent' | 'hardwareConcurrency'>,
): string {
  const available = backends.filter((b) => b.available).map((b) => `${b.name}:${b.adapter}`);
  return [nav.userAgent, nav.hardwareConcurrency, ...available].join('|');
}

/** The measurements saved for this device, or null. */
export function loadMeasurements(storage: Storage, key: string): CachedMeasurements | null {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? 'null') as CachedMeasurements | null;
    return parsed && parsed.deviceKey === key && Array.isArray(parsed.measurements) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveMeasurements(
  storage: Storage,
  key: string,
  measurements: BackendMeasurement[],
): void {
  const value: CachedMeasurements = {
    deviceKey: key,
    measuredAt: new Date().toISOString(),
    measurements,
  };
  storage.setItem(KEY, JSON.stringify(value));
}

/** The user's chosen backend, or 'auto' to use the fastest measured. */
export function loadOverride(storage: Storage): BackendName | 'auto' {
  const value = storage.getItem(OVERRIDE_KEY);
  return isBackendName(value) ? value : 'auto';
}

export function saveOverride(storage: Storage, value: BackendName | 'auto'): void {
  if (value === 'auto') storage.removeItem(OVERRIDE_KEY);
  else storage.setItem(OVERRIDE_KEY, value);
}
