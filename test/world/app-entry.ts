// Runs inside the world's client namespace (`ip netns exec`), started by the world tests: the
// desktop app's path without Electron. The bridge service (main/bridge/service.ts) with the
// production VPN deps, and its runs in a forked runner process (runner-entry.ts, as the app's
// utilityProcess) with the production executor. Settings → Advanced names the world's endpoints.
// Usage: app-entry.ts DATA_DIR SETTINGS.json check LIST.txt | vpn on|off
// Prints the finished run's JSON on stdout.
import { readFileSync } from 'node:fs';
import { createBridgeService } from '../../main/bridge/service.ts';
import { createChildExecutor } from '../../main/bridge/child-executor.ts';
import { forkRunner } from '../../main/bridge/runner-ports.ts';
import { productionVpnDeps } from '../../main/bridge/production.ts';
import type { ProgressEvent } from '../../main/contract/bridge.ts';

const [dataDir, settingsFile, mode, arg] = process.argv.slice(2) as [string, string, 'check' | 'vpn', string];
const executor = createChildExecutor(forkRunner());
const service = createBridgeService({
  storage: { dataDir },
  executor,
  chooseSavePath: async () => null,
  printPdf: async () => {
    throw new Error('no PDF in the world');
  },
  vpn: productionVpnDeps(),
  log: (message) => process.stderr.write(`bridge: ${message}\n`),
});

const fail = (what: string, detail: unknown): never => {
  process.stderr.write(`${what}: ${JSON.stringify(detail)}\n`);
  process.exit(1);
};

const finished = new Promise<ProgressEvent>((resolve) => service.onProgress((event) => (event.type === 'finished' || event.type === 'failed') && resolve(event)));
const settings = await service.invoke('settings:set', { consentAccepted: true, ...JSON.parse(readFileSync(settingsFile, 'utf8')) });
if (!settings.ok) fail('settings:set', settings.error);
const started =
  mode === 'check'
    ? await service.invoke('run:start', { mode: 'check', list: readFileSync(arg, 'utf8') })
    : await service.invoke('vpn:phase', { declared: arg as 'on' | 'off' });
if (!started.ok) fail(mode, started.error);
const event = await finished;
await executor.close();
if (event.type !== 'finished') fail('run', event);
process.stdout.write(`${JSON.stringify((event as Extract<ProgressEvent, { type: 'finished' }>).run)}\n`, () => process.exit(0));
