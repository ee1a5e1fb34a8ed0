// Builds the renderer (renderer/) into dist/renderer/ for Electron's file:// page and the test
// harness. Everything the page needs is bundled: no CDN, no remote fonts, nothing inlined as data:
// (the page's CSP allows fonts from 'self' only), no inline scripts or styles.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { RENDERER_CSP } from './main/bridge/csp.ts';
import { rendererLocales } from './scripts/renderer-locales.ts';

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


/**
 * `virtual:yoxla-locales`, the renderer's locale text: locales/{az,en}/*.json without what only
 * main, the CLI or the report shows, both languages side by side (scripts/renderer-locales.ts).
 */
const LOCALES_MODULE = 'virtual:yoxla-locales';
const RENDERER_LANGUAGES = ['az', 'en'];
const bundledLocales: Plugin = {
  name: 'yoxla-locales',
  resolveId: (id) => (id === LOCALES_MODULE ? `\0${LOCALES_MODULE}` : null),
  load(id) {
    if (id !== `\0${LOCALES_MODULE}`) return null;
    const { files, tree } = rendererLocales(here('./locales'), RENDERER_LANGUAGES);
    for (const file of files) this.addWatchFile(file);
    return `export default ${JSON.stringify({ languages: RENDERER_LANGUAGES, tree })};`;
  },
};

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [bundledLocales, react(), contentSecurityPolicy],
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
    // One chunk on purpose (a desktop app loads it from disk); the budget that matters is gzipped JS <= 150 KB (bench/renderer-size.ts).
    chunkSizeWarningLimit: 1000,
  },
});
