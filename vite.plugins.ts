/**
 * Build plugins shared by the app's config (vite.config.ts) and the benchmarks' config
 * (bench/vite.config.ts).
 */
import path from 'node:path';
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

/**
 * `new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })`, as a chunk of the
 * page's own build instead of a bundle of its own.
 *
 * Vite bundles each such worker with a separate rolldown run (`bundleWorkerEntry` in
 * vite/dist/node/chunks/node.js), and separate runs cannot share chunks: the worker and the
 * page's lazy console API each carried their own copy of tf.js. Emitting the worker as an extra
 * entry of the page's graph lets rolldown split what both load into common chunks, which a
 * module worker imports like the page does. Build only: the dev server serves workers as plain
 * modules already, and classic workers (no `type: 'module'`) cannot import chunks, so they stay
 * with Vite's worker bundling.
 */
export function moduleWorkersAsChunks(): Plugin {
  // Vite's own pattern (workerImportMetaUrlRE), with the options argument captured.
  const workerRE =
    /\bnew\s+Worker\s*\(\s*(new\s+URL\s*\(\s*('[^'$]+'|"[^"$]+")\s*,\s*import\.meta\.url\s*\))\s*,\s*(\{[^)]*\})\s*\)/g;
  return {
    name: 'workbench-module-workers-as-chunks',
    apply: 'build',
    enforce: 'pre',
    transform: {
      filter: { code: /\bnew\s+Worker\b/ },
      handler(code, id) {
        let changed = code;
        for (const match of code.matchAll(workerRE)) {
          const [, urlExpression = '', quotedPath = '', options = ''] = match;
          if (!/\btype\s*:\s*['"]module['"]/.test(options)) continue;
          const file = path.resolve(path.dirname(id), quotedPath.slice(1, -1));
          const name = path.basename(file).replace(/\.[cm]?[jt]s$/, '');
          const reference = this.emitFile({ type: 'chunk', id: file, name });
          changed = changed.replace(
            urlExpression,
            `new URL(/* @vite-ignore */ import.meta.ROLLDOWN_FILE_URL_${reference}, import.meta.url)`,
          );
        }
        return changed === code ? null : { code: changed, map: null };
      },
    },
  };
}
