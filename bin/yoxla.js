#!/usr/bin/env node
// Entry point for `npx yoxla`. Runs the JavaScript in dist/main/ (made by `npm run build:cli`, which
// `npm ci` runs as `prepare`, or by `npm run build`) when every module there is at least as new as
// its TypeScript source: a cold start without compiling anything. Otherwise (never built, built
// without TypeScript installed, or a source edited since) it runs the sources through tsx, so it
// is never stale, only slower (README "Command line").
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'main');
const built = join(root, 'dist', 'main');
// Bundled by Vite as dist/app/preload.cjs for the app; the CLI never loads it.
const notForTheCli = join('app', 'preload.ts');

function builtIsCurrent() {
  try {
    for (const file of readdirSync(sources, { recursive: true })) {
      const isModule = file.endsWith('.ts') && file !== notForTheCli;
      const isImportedData = file.startsWith(join('targets', 'data')) && file.endsWith('.json');
      if (!isModule && !isImportedData) continue;
      const output = join(built, isModule ? file.replace(/\.ts$/, '.js') : file);
      if (statSync(output).mtimeMs < statSync(join(sources, file)).mtimeMs) return false;
    }
    return true;
  } catch {
    return false; // dist/main/ or one of its files is missing
  }
}

let cli;
if (builtIsCurrent()) {
  cli = await import(pathToFileURL(join(built, 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../main/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
