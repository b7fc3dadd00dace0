import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import { BACKEND_NAMES, type BackendInfo, type BackendName } from './choice';

/** Tries each registered backend once and reports which work here. */
export async function probeBackends(): Promise<BackendInfo[]> {
  const previous = tf.getBackend();
  const infos: BackendInfo[] = [];
  for (const name of BACKEND_NAMES) infos.push(await probeOne(name));
  if (previous) await tf.setBackend(previous);
  return infos;
}

/** Switches tf.js to a backend, failing with a clear error when it cannot start. */
export async function activateBackend(name: BackendName): Promise<BackendInfo> {
  const info = await probeOne(name);
  if (!info.available) {
    throw new WorkbenchError(
      'backend_unavailable',
      `The ${name} backend is not available here: ${info.reason}`,
      {
        hint: 'Pick another backend, or let the workbench choose by measuring.',
        details: { backend: name },
      },
    );
  }
  await tf.setBackend(name);
  await tf.ready();
  return info;
}

async function probeOne(name: BackendName): Promise<BackendInfo> {
  const unavailable = (reason: string): BackendInfo => ({
    name,
    available: false,
    adapter: '',
    reason,
  });
  if (tf.findBackendFactory(name) === null) return unavailable('not included in this build');
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return unavailable('failed to initialise');
    await tf.ready();
    // A tiny op proves the backend computes, not just that it registered.
    const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    const value = (await sum.data())[0];
    sum.dispose();
    if (value !== 3) return unavailable('computed a wrong result');
    return { name, available: true, adapter: await adapterLabel(name), reason: '' };
  } catch (error) {
    return unavailable(error instanceof Error ? error.message : String(error));
  }
}

async function adapterLabel(name: BackendName): Promise<string> {
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    const adapter = await gpu?.requestAdapter();
    const info = adapter?.info;
    return [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'gpu';
  }
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return simd ? 'simd' : 'scalar';
  }
  if (name === 'webgl') return `webgl ${tf.env().getNumber('WEBGL_VERSION')}`;
  return 'js';
}

/** Resolves when tf.js's current backend has finished initialising (a no-op once it has). */
export async function backendReady(): Promise<void> {
  await tf.ready();
}
