import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
mount(App, { target });

/**
 * The headless API for the devtools console and scripts: `const wb = await workbench()`, then
 * `await wb.probeBackends()` or `await (await wb.openRegistry()).listVersions()`. Loaded on first
 * use, so the page stays light; it shares its tf.js chunks with the training worker.
 */
Object.assign(globalThis, { workbench: () => import('./console-api') });
