// The renderer's Content-Security-Policy in the renderer tests' server: nothing but the page's own
// files, no inline or eval'd script, no network at all (the renderer reaches the engine through the
// bridge only). The desktop app sends the same directives from main/app/csp.ts (APP_CSP, with its
// own origin written out for scripts); test/app/csp.test.ts keeps the two in agreement.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
