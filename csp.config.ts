/**
 * The one Content-Security-Policy of the app. Served as an HTTP header on every response (that
 * covers workers and the service worker, which a <meta> tag cannot) and mirrored in a <meta>
 * tag for static hosts that cannot set headers.
 */
export const CSP_DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  // 'wasm-unsafe-eval' lets the tf.js wasm backend compile its module; nothing else may eval.
  'script-src': "'self' 'wasm-unsafe-eval'",
  'worker-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self'",
  'font-src': "'self'",
  'connect-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

/** Directives a <meta> CSP may carry (browsers ignore, and warn about, frame-ancestors there). */
const META_UNSUPPORTED = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

export function cspHeader(): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

export function cspMeta(): string {
  return Object.entries(CSP_DIRECTIVES)
    .filter(([name]) => !META_UNSUPPORTED.has(name))
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** Headers for every response of the production server. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': cspHeader(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
