/**
 * Build plugins shared by the app's config (vite.config.ts) and the benchmarks' config
 * (bench/vite.config.ts).
 */
import type { Plugin } from 'vite';
import { cspMeta } from './csp.config.ts';

/** Mirrors the CSP into the built HTML for hosts that cannot send headers. */
export function cspMetaTag(): Plugin {
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
