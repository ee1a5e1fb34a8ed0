// Builds the renderer (renderer/) into dist/renderer/ for Electron's file:// page and the test
// harness. Everything the page needs is bundled: no CDN, no remote fonts, nothing inlined as data:
// (the page's CSP allows fonts from 'self' only), no inline scripts or styles.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { RENDERER_CSP } from './main/bridge/csp.ts';
import { NOT_IN_RENDERER, pruneForRenderer } from './scripts/renderer-locales.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The policy the app's session and the test server send (main/bridge/csp.ts), also in the page, so
 * a file:// load is held to it too. A <meta> policy cannot carry frame-ancestors: that stays a header.
 */
const CONTENT_SECURITY_POLICY = RENDERER_CSP.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** Only in the build: the dev server injects inline scripts and a websocket that the policy forbids. */
const contentSecurityPolicy: Plugin = {
  name: 'yoxla-csp',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head' },
  ],
};


/** Leaves out of each locale file what only main, the CLI or the report shows (scripts/renderer-locales.ts). */
const pruneLocales: Plugin = {
  name: 'yoxla-prune-locales',
  enforce: 'pre',
  transform(code, id) {
    const match = /[\\/]locales[\\/][a-z]+[\\/]([\w-]+\.json)$/.exec(id);
    const file = match?.[1];
    if (!file || !NOT_IN_RENDERER[file]) return null;
    return { code: JSON.stringify(pruneForRenderer(file, JSON.parse(code) as Record<string, unknown>)), map: null };
  },
};

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [pruneLocales, react(), contentSecurityPolicy],
  resolve: {
    alias: [
      // react-i18next imports this shim for React < 18; React 19 has the hook itself.
      { find: /^use-sync-external-store\/shim$/, replacement: 'react' },
    ],
  },
  // Locales live outside the renderer root; the dev server may read them.
  server: { fs: { allow: [here('.')] } },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'chrome120',
    reportCompressedSize: true,
    // One chunk on purpose (a desktop app loads it from disk); the budget that matters is gzipped JS <= 300 KB (bench/renderer-size.ts).
    chunkSizeWarningLimit: 1000,
  },
});
