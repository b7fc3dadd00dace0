/**
 * What `await workbench()` resolves to in the page: the whole headless API of src/lib, with the
 * same tf.js backends registered as in the training worker (webgpu, webgl, wasm, cpu), so a page
 * script can probe, activate and train as the worker does. Imports exactly what the worker
 * imports, so the build puts tf.js in chunks the two share.
 */
import './workers/register-backends';

export * from './lib/index';
