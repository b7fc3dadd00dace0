/**
 * The benchmarks' own build: bench/index.html and its workers, served by bench/run.mjs. Apart
 * from the app's build (vite.config.ts), so no benchmark asset lands in dist/ or in the service
 * worker's precache. Same CSP (meta tag and preview headers) as the app, so the benchmarks
 * measure code under the policy it ships with.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { securityHeaders } from '../csp.config.ts';
import { cspMetaTag } from '../vite.plugins.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  // The repository root, so the page is served at /bench/ and public/ (icons) comes along.
  root: ROOT,
  plugins: [svelte(), cspMetaTag()],
  build: {
    // Gitignored; bench/run.mjs passes the same folder.
    outDir: 'bench-results/dist',
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { input: { bench: fileURLToPath(new URL('index.html', import.meta.url)) } },
  },
  worker: { format: 'es' },
  preview: { headers: securityHeaders() },
});
