// What `yoxla` loads before it can answer: a command loads only its own modules, so `--help`,
// `list` and `split-tunnel` start without the engine, the lab, undici or the report writers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../support/cli-process.ts';

// A child process (nothing loaded yet) runs main() with these arguments and prints the module
// URLs it loaded, one a line, after the command's own output.
const CHILD = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const loaded = [];
const SENTINEL = 'data:text/javascript,export default "last"';
let sentinelSeen;
const allSeen = new Promise((resolve) => (sentinelSeen = resolve));
port1.on('message', (url) => (url === SENTINEL ? sentinelSeen() : loaded.push(url)));
register('./test/support/record-loads.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
const { main } = await import('./main/cli.ts');
const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false };
const code = await main(JSON.parse(process.argv[1]), quiet);
await import(SENTINEL); // one port keeps its order: once this arrives, every earlier load has too
await allSeen;
port1.close();
console.log(JSON.stringify({ code, loaded }));
`;

function modulesLoadedBy(args: string[]): { code: number; loaded: string[] } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, JSON.stringify(args)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as { code: number; loaded: string[] };
}

const HEAVY = [/\/node_modules\/undici\//, /\/main\/engine\//, /\/main\/lab\//, /\/main\/runner\.ts/, /\/main\/report\//, /\/main\/checks\//];

for (const args of [['--help'], ['list', '--targets', 'messengers'], ['split-tunnel', '--guide']]) {
  test(`yoxla ${args.join(' ')} loads none of the engine, the lab, undici or the reports`, () => {
    const { code, loaded } = modulesLoadedBy(args);
    assert.equal(code, 0);
    assert.ok(loaded.some((url) => url.endsWith('/main/cli.ts')), 'the hooks saw the CLI load');
    const heavy = loaded.filter((url) => HEAVY.some((pattern) => pattern.test(url)));
    assert.deepEqual(heavy, []);
  });
}

test('yoxla lab loads the lab and the engine when it runs (the lazy imports resolve)', () => {
  const { code, loaded } = modulesLoadedBy(['lab', 'main/lab/scenarios/does-not-exist.json']);
  assert.equal(code, 2); // a missing scenario is bad input, recognised after the lab modules loaded
  assert.ok(loaded.some((url) => url.endsWith('/main/lab/load.ts')));
  assert.ok(loaded.some((url) => url.endsWith('/main/runner.ts')));
});
