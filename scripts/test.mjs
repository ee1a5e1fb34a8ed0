// Runs every test/**/*.test.ts with Node's test runner (Node 20 has no glob support in --test).
// Usage: node scripts/test.mjs [path-substring...]  (no argument: the whole suite)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const files = readdirSync('test', { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', f))
  // Filters use forward slashes on every system (test/unit/ matches test\\unit\\ on Windows).
  .filter((f) => filters.length === 0 || filters.some((s) => f.replaceAll('\\', '/').includes(s.replaceAll('\\', '/'))))
  .sort();
if (files.length === 0) {
  console.error(`no test file matches ${filters.join(' ')}`);
  process.exit(2);
}
const args = [
  '--import', 'tsx',
  '--import', './test/support/loopback-only.ts',
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./test/support/summary-reporter.mjs', '--test-reporter-destination=stdout',
  ...files,
];
const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(status ?? 1);
