import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { securityHeaders } from './csp.config.ts';
import { cspMetaTag, moduleWorkersAsChunks } from './vite.plugins.ts';

export default defineConfig({
  plugins: [
    svelte(),
    cspMetaTag(),
    moduleWorkersAsChunks(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.svg', 'icons/apple-touch-icon.png', 'samples/*.csv'],
      manifest: {
        name: 'Tabular Workbench',
        short_name: 'Workbench',
        description:
          'Train, tune and keep machine-learning models on tabular data, offline, in your browser.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#2563eb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // Build output only: the public files come from includeAssets and the manifest's icons
        // (and the plugin adds manifest.webmanifest); globbing them too listed each one twice.
        globPatterns: ['**/*.{js,css,html,wasm}'],
        // The threaded wasm needs SharedArrayBuffer (cross-origin isolation, which we do not
        // ask for) and starts its threads from blob: URLs, which worker-src 'self' refuses:
        // tf.js never fetches it here, so it is not worth 435 kB of every install.
        // onnxruntime-web's 14 MB wasm (the export check) would hold back every install and
        // triple a first visit: it is cached apart, after start-up (src/onnx-runtime-wasm.ts).
        globIgnores: ['**/tfjs-backend-wasm-threaded-simd-*.wasm', '**/ort-wasm-*.wasm'],
        // tf.js is one 1.2 MiB chunk; a file over the limit would be left out of the precache
        // and missing offline.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    // No data: URIs: the CSP allows images and fonts from 'self' only.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    // The training worker is built as chunks of the page build (moduleWorkersAsChunks), so code
    // shared with the worker must not touch `document`: Vite's preload helper for dynamic
    // imports adds <link rel=modulepreload> tags, and in the worker a dynamic import (the
    // registry loading `predict` for reference data) then failed with "document is not defined".
    modulePreload: false,
    rolldownOptions: {
      output: {
        // tf.js in one chunk of its own, shared by the training worker and the console API (see
        // moduleWorkersAsChunks), whose hash stays put when only our code changes: an update
        // then downloads our chunks, not 1.2 MiB of tf.js again.
        codeSplitting: {
          groups: [
            { name: 'tfjs', test: /[\\/]node_modules[\\/](@tensorflow|long|seedrandom)[\\/]/ },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
  preview: { headers: securityHeaders() },
});
