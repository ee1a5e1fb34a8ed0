// `yoxla lab SCENARIO --strategies` as a person runs it: the real binary, the real lab, the run
// JSON on disk. The table says what worked per blocked site; the JSON carries every outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunSchema } from '../../main/contract/run.ts';
import { ROOT, runCli, type CliOutcome } from '../support/cli-process.ts';
import { strategiesThatWork } from '../../main/strategies/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'yoxla-strategies-cli-'));
const SCENARIOS = join(ROOT, 'main', 'lab', 'scenarios');

function yoxla(args: string[]): Promise<CliOutcome> {
  return runCli('bin/yoxla.js', args, { env: { YOXLA_HOME: join(dir, 'home') } });
}

test('lab --strategies: encrypted DNS fixes the DNS block, only the VPN gets past the SNI drop', async () => {
  const json = join(dir, 'what-works.json');
  const html = join(dir, 'what-works.html');
  const out = await yoxla(['lab', join(SCENARIOS, 'strategies-what-works.json'), '--strategies', '--json', json, '--html', html, '-q']);
  assert.equal(out.code, 0, out.stderr);
  const run = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  const byHost = new Map(run.results.map((r) => [r.host, r]));

  const azadliq = byHost.get('www.azadliq.org');
  assert.equal(azadliq?.method, 'dns.nxdomain');
  assert.deepEqual(strategiesThatWork(azadliq?.strategies), ['doh', 'vpn']);
  assert.equal(azadliq?.strategies?.doh?.code, 'reached-origin');
  assert.equal(azadliq?.strategies?.['host-case']?.outcome, 'not-applicable');

  const tiktok = byHost.get('www.tiktok.com');
  assert.equal(tiktok?.method, 'tls.sni-drop');
  assert.deepEqual(strategiesThatWork(tiktok?.strategies), ['vpn']);
  assert.equal(tiktok?.strategies?.['tcp-split']?.failure, 'generic_timeout_error');
  assert.equal(tiktok?.strategies?.tor?.code, 'tunnel-unreachable');

  assert.equal(byHost.get('www.bbc.com')?.strategies, undefined, 'a working site is not tried');

  assert.match(out.stdout, /What works here/);
  assert.match(out.stdout, /- www\.azadliq\.org: works: Encrypted DNS \(DoH\), Your VPN;/);
  assert.match(out.stdout, /- www\.tiktok\.com: works: Your VPN;/);
  const report = readFileSync(html, 'utf8');
  assert.match(report, /id="strategies"/);
  assert.match(report, /hides the site&#39;s name from the provider&#39;s DNS server only/);
});

test('lab without --strategies tries nothing, and the usage line names the flag', async () => {
  const json = join(dir, 'plain.json');
  const out = await yoxla(['lab', join(SCENARIOS, 'strategies-doh-blocked.json'), '--json', json, '-q', '--lang', 'az']);
  assert.equal(out.code, 0, out.stderr);
  const run = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.ok(run.results.some((r) => r.status === 'blocked'));
  assert.ok(run.results.every((r) => r.strategies === undefined));
  assert.doesNotMatch(out.stdout, /Burada nə işləyir/);

  const help = await yoxla(['help']);
  assert.match(help.stdout, /yoxla lab SCENARIO\.json .*--strategies/);
  assert.match(help.stdout, /yoxla check .*--strategies/);
});
