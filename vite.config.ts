import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { cspMeta, securityHeaders } from './csp.config.ts';

/** Mirrors the CSP into index.html for hosts that cannot send headers. */
function cspMetaTag(): Plugin {
  return {
    name: 'workbench-csp-meta',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) =>
        context.server
          ? [] // the dev server needs inline HMR code; CSP applies to builds only
          : [
              {
                tag: 'meta',
                attrs: { 'http-equiv': 'Content-Security-Policy', content: cspMeta() },
                injectTo: 'head-prepend',
              },
            ],
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    cspMetaTag(),
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
        globIgnores: ['bench/**'],
        // The tf.js chunks and wasm binaries are several MiB each.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/bench\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    // No data: URIs: the CSP allows images and fonts from 'self' only.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { main: 'index.html', bench: 'bench/index.html' },
    },
  },
  worker: { format: 'es' },
  preview: { headers: securityHeaders() },
});
