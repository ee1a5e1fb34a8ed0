// `renderer_kb_gz`: the renderer's JavaScript as people download it, gzipped, in KB (budget: 150, issue 17).
// Every .js/.mjs file under the built renderer folder counts, each gzipped on its own as a server
// or an asar read would; fonts, CSS and HTML do not.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const RENDERER_KB_GZ_BUDGET = 150;

/** Gzipped size of the JS in `distDir` (e.g. dist/renderer) in KB, one decimal. Throws when there is none. */
export function rendererKbGz(distDir: string): number {
  const files = readdirSync(distDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.m?js$/.test(e.name));
  if (files.length === 0) throw new Error(`no JavaScript in ${distDir}: build the renderer first (npm run build:renderer)`);
  const bytes = files.reduce((sum, e) => sum + gzipSync(readFileSync(join(e.parentPath, e.name)), { level: 9 }).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

// `node --import tsx bench/renderer-size.ts [DIST]` prints the figure on its own.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kb = rendererKbGz(process.argv[2] ?? join('dist', 'renderer'));
  console.log(`renderer_kb_gz: ${kb}`);
  if (kb > RENDERER_KB_GZ_BUDGET) process.exitCode = 1;
}
