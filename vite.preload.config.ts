// Builds the Electron preload (main/app/preload.ts) into one CommonJS file, dist/app/preload.cjs:
// a sandboxed preload can neither load ES modules nor other files, only `require('electron')`.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'chrome140',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'main/app/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: {
      external: ['electron'],
    },
  },
});
