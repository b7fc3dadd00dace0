/**
 * The cache that holds onnxruntime-web's wasm (the export check), apart from the precache: the
 * page fills it after start-up and the export worker reads from it (onnx-runtime-wasm.ts).
 */
export const ONNX_RUNTIME_CACHE = 'onnx-runtime';
