// The renderer's Content-Security-Policy: nothing but the app's own files, no inline or eval'd
// script, no network at all (the renderer reaches the engine through the bridge only). The app
// shell and the renderer tests' server send this same string, so the tests run under the app's rules.
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
