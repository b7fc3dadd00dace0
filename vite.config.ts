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
        globPatterns: ['**/*.{js,css,html,wasm,csv,json,svg,png,webmanifest}'],
        // The tf.js chunks and wasm binaries are several MiB each.
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
