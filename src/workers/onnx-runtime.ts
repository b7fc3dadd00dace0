/**
 * onnxruntime-web for the export check, loaded on first use only: its wasm build runs here, in
 * our own worker, on one thread (threads would start blob: workers, which `worker-src 'self'`
 * refuses, and need cross-origin isolation), with no proxy worker. The .wasm file is one of our
 * own assets, kept in a cache of its own (onnx-runtime-wasm.ts), so the check works offline.
 */
import type { OnnxRuntimeLike } from '../lib/page';
import { onnxRuntimeWasm } from '../onnx-runtime-wasm';

let loading: Promise<OnnxRuntimeLike> | null = null;

async function load(): Promise<OnnxRuntimeLike> {
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  // The binary itself, from our cache (onnx-runtime-wasm.ts): no fetch by the runtime.
  ort.env.wasm.wasmBinary = await onnxRuntimeWasm();
  ort.env.logLevel = 'error';
  return {
    name: 'onnxruntime-web',
    version: ort.env.versions.web ?? ort.env.versions.common ?? 'unknown',
    InferenceSession: {
      create: (model) => ort.InferenceSession.create(model, { executionProviders: ['wasm'] }),
    },
    Tensor: ort.Tensor as unknown as OnnxRuntimeLike['Tensor'],
  };
}

/** The runtime, loaded once; a failed load is retried on the next call. */
export function onnxRuntime(): Promise<OnnxRuntimeLike> {
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
