// `npm run build:cli` (and `prepare`, so `npm ci` runs it): main/**/*.ts to dist/main/**/*.js, the
// files `bin/yoxla.js` runs for a fast start. Each file is transpiled on its own, as tsx does, with
// no type check (`npm run typecheck` and `npm run build` check types), in a third of tsc's time.
// Never fails an install: without TypeScript (`npm ci --omit=dev`) it says so, and the CLI runs
// from the sources through tsx.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'main');
const outDir = join(root, 'dist', 'main');

let ts;
try {
  ts = (await import('typescript')).default;
} catch {
  console.error('yoxla build:cli: TypeScript is not installed; `yoxla` will run from the sources through tsx');
  process.exit(0);
}

const { config } = ts.readConfigFile(join(root, 'tsconfig.build.json'), ts.sys.readFile);
const { options, fileNames } = ts.parseJsonConfigFileContent(config, ts.sys, root);
// A lone file cannot see package.json's "type": "module", so the module kind is said outright.
const compilerOptions = { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false };

let count = 0;
for (const from of fileNames.filter((f) => f.startsWith(`${sourceDir}/`) && f.endsWith('.ts'))) {
  const to = join(outDir, relative(sourceDir, from)).replace(/\.ts$/, '.js');
  const { outputText } = ts.transpileModule(readFileSync(from, 'utf8'), { compilerOptions, fileName: from });
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, outputText);
  count += 1;
}
// JSON the modules import (`with { type: 'json' }`), as tsc copies it; scenarios are read from main/.
const dataDir = join('targets', 'data');
mkdirSync(join(outDir, dataDir), { recursive: true });
for (const file of readdirSync(join(sourceDir, dataDir)).filter((f) => f.endsWith('.json'))) {
  copyFileSync(join(sourceDir, dataDir, file), join(outDir, dataDir, file));
}
console.error(`yoxla build:cli: ${count} modules in ${relative(root, outDir)}`);
