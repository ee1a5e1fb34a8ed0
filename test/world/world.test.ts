// The production path in a world of network namespaces (world.ts, docs/world.md): `yoxla check`
// through bin/yoxla.js in the client namespace, the app's bridge and runner process in the same
// place, and the VPN comparison over a second, uncensored route. Every condition the ISP router
// imposes is asserted with its verdict word; what works and what is down for everyone as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import ipaddr from 'ipaddr.js';
import { join } from 'node:path';
import { RunSchema, type Result, type Run } from '../../main/contract/run.ts';
import type { TcpObservation } from '../../main/contract/observations.ts';
import { ADDR, SERVICE_HOSTS, WORLD_FLAGS, startWorld, worldUnavailable, type World } from './world.ts';

const reason = worldUnavailable();
if (reason) console.log(`# world tests skipped: ${reason}`);
const skip = reason ?? false;

/** Each origin of the world, and what a person behind the ISP must be told about it. */
const EXPECTED: Record<string, { status: Result['status']; method: Result['method'] }> = {
  'https://open.example/': { status: 'accessible', method: null },
  'http://plain.example/': { status: 'accessible', method: null },
  'https://sni-drop.example/': { status: 'blocked', method: 'tls.sni-drop' },
  'https://sni-reset.example/': { status: 'blocked', method: 'tls.sni-reset' },
  'https://ip-drop.example/': { status: 'blocked', method: 'tcp.timeout' },
  'https://ip-reset.example/': { status: 'blocked', method: 'tcp.reset' },
  'http://host-reset.example/': { status: 'blocked', method: 'http.reset' },
  'https://nx.example/': { status: 'blocked', method: 'dns.nxdomain' },
  'http://blockpage.example/': { status: 'blocked', method: 'http.blockpage' },
  'https://dns-drop.example/': { status: 'blocked', method: 'dns.timeout' },
  'https://down.example/': { status: 'down', method: null },
  // Dual stack: one working family is what a dual-stack device uses (the notes say which failed).
  'https://dual-v6-blocked.example/': { status: 'accessible', method: null },
  'https://dual-v4-blocked.example/': { status: 'accessible', method: null },
  'https://dual-open.example/': { status: 'accessible', method: null },
  // Throttled by tc: the large file crawls while the run's other pages came fast (docs/world.md).
  'https://slow.example/large': { status: 'blocked', method: 'throttled' },
};
const INPUTS = Object.keys(EXPECTED);

let world: World;
let listFile: string;
let cliRun: Run;

before(async () => {
  if (reason) return;
  world = await startWorld();
  listFile = join(world.dir, 'list.txt');
  writeFileSync(listFile, `${INPUTS.join('\n')}\n`);
});

after(async () => {
  if (world) await world.close();
});

async function yoxlaInClient(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return world.inClient([process.execPath, 'bin/yoxla.js', ...args]);
}

async function check(extra: string[], name: string): Promise<Run> {
  const out = join(world.dir, `${name}.json`);
  const result = await yoxlaInClient(['check', '--list', listFile, '--json', out, '--quiet', ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return RunSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
}

const byInput = (run: Run, input: string): Result => {
  const result = run.results.find((r) => r.input === input);
  assert.ok(result, `${input} is in the run`);
  return result;
};

const tcpTo = (result: Result, ip: string) => result.observations.filter((o): o is TcpObservation => o.step === 'tcp' && o.ip === ip);

const DOCUMENTATION = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', 'fe80::/64'].map((c) => ipaddr.parseCIDR(c));
const documented = (dst: string): boolean => {
  const [address, bits] = dst.includes('/') ? ipaddr.parseCIDR(dst) : [ipaddr.parse(dst), dst.includes(':') ? 128 : 32];
  return DOCUMENTATION.some(([range, rangeBits]) => range.kind() === address.kind() && bits >= rangeBits && address.match(range, rangeBits));
};

function clientRoutes(world: World, family: '-4' | '-6'): { dst: string }[] {
  const out = spawnSync('ip', ['netns', 'exec', world.ns.client, 'ip', '-j', family, 'route', 'show'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout) as { dst: string }[];
}

test('the client can address the documentation ranges only: no default route, on either path', { skip }, () => {
  for (const vpn of [false, true]) {
    world.useVpn(vpn);
    const routes = [...clientRoutes(world, '-4'), ...clientRoutes(world, '-6')];
    assert.ok(routes.length >= 4, JSON.stringify(routes));
    for (const { dst } of routes) assert.ok(dst !== 'default' && documented(dst), `route to ${dst} (vpn ${vpn})`);
  }
  world.useVpn(false);
});

test('yoxla check in the client namespace: every ISP condition gets its verdict word; open, down and dual-stack origins too', { skip }, async () => {
  cliRun = await check(WORLD_FLAGS, 'check');
  assert.equal(cliRun.mode, 'check');
  assert.equal(cliRun.network.connectivity, 'ok', 'the DoH resolver answered as the connectivity reference');
  assert.deepEqual(cliRun.network.connectivityEvidence, ['reference-tls-ok']);
  // The egress page placed the client at home; no tunnel, no default route: the VPN is off.
  assert.equal(cliRun.network.cc, 'AZ');
  assert.equal(cliRun.network.vpn, 'off');
  assert.equal(cliRun.network.ip, undefined, 'the public IP is dropped unless asked for');
  for (const input of INPUTS) {
    const r = byInput(cliRun, input);
    assert.deepEqual({ status: r.status, method: r.method }, EXPECTED[input], `${input}: ${JSON.stringify(r.evidence)}`);
    assert.equal(r.controlFailure, null, `${input}: the named test helper answered`);
  }

  // The evidence names what the kernel did.
  const sniDrop = byInput(cliRun, 'https://sni-drop.example/').evidence;
  assert.equal(sniDrop.failure, 'generic_timeout_error');
  assert.equal(sniDrop.sniTest, 'real-sni-only', 'a harmless name at the same address got through');
  assert.equal(byInput(cliRun, 'https://sni-reset.example/').evidence.failure, 'connection_reset');
  assert.equal(byInput(cliRun, 'https://ip-drop.example/').evidence.failure, 'generic_timeout_error');
  assert.match(byInput(cliRun, 'https://ip-reset.example/').evidence.failure ?? '', /^connection_(reset|refused)$/);
  assert.equal(byInput(cliRun, 'http://host-reset.example/').evidence.failure, 'connection_reset');
  for (const blocked of INPUTS.filter((i) => EXPECTED[i]?.status === 'blocked')) {
    assert.equal(byInput(cliRun, blocked).evidence.control, 'ok', `${blocked}: the helper outside saw it work`);
  }
  // DNS: the ISP's resolver (from resolv.conf) against DoH and the helper's honest resolver.
  // `system` is the person's own lookup (getaddrinfo through /etc/netns resolv.conf), `network` the
  // same resolver asked directly: here both are the ISP's dnsmasq, so they agree.
  assert.deepEqual(byInput(cliRun, 'https://nx.example/').evidence.dns, { system: [], network: [], doh: ['203.0.113.16'], control: ['203.0.113.16'] });
  assert.deepEqual(byInput(cliRun, 'http://blockpage.example/').evidence.dns, { system: [ADDR.blockpage], network: [ADDR.blockpage], doh: ['203.0.113.17'], control: ['203.0.113.17'] });
  for (const input of INPUTS.filter((i) => i.startsWith('https://') || i.startsWith('http://'))) {
    const roles = new Set(byInput(cliRun, input).observations.flatMap((o) => (o.step === 'dns' ? [o.resolver] : [])));
    assert.ok(roles.has('os') && roles.has('network') && roles.has('doh'), `${input}: the three DNS roles were asked (${[...roles].join(', ')})`);
  }
  assert.deepEqual(byInput(cliRun, 'https://dns-drop.example/').evidence.dns?.system, []);
  assert.equal(byInput(cliRun, 'https://dns-drop.example/').evidence.failure, 'generic_timeout_error');
  // Down for everyone: refused here and from the helper, not a block.
  const down = byInput(cliRun, 'https://down.example/').evidence;
  assert.equal(down.failure, 'connection_refused');
  assert.equal(down.control, 'connection_refused');
  // Working origins carry no trace of trouble.
  for (const open of ['https://open.example/', 'http://plain.example/', 'https://dual-open.example/']) {
    const r = byInput(cliRun, open);
    assert.equal(r.evidence.code, 'probe-ok', open);
    assert.deepEqual(r.evidence.notes, [], open);
  }

  // The throttle's evidence: the file's own bytes against another origin's page on the same path.
  const throttled = byInput(cliRun, 'https://slow.example/large');
  assert.equal(throttled.evidence.code, 'page-transfer-slow');
  assert.ok((throttled.evidence.throughputRatio ?? 1) < 0.25);
  const reference = throttled.observations.find((o) => o.step === 'throughput' && o.role === 'control');
  assert.ok(reference?.step === 'throughput' && new URL(reference.url).hostname !== 'slow.example', JSON.stringify(reference));
  // The throttle is real: slow.example's bytes went through tc's slow class on the ISP's client link.
  const slowClass = spawnSync('ip', ['netns', 'exec', world.ns.isp, 'tc', '-s', 'class', 'show', 'dev', world.ispClientLink, 'classid', '1:20'], { encoding: 'utf8' });
  assert.ok(Number(/Sent (\d+) bytes/.exec(slowClass.stdout)?.[1] ?? 0) > 0, slowClass.stdout);

  // Dual stack: both families were tried; the notes say which path failed and the person's device uses the other.
  const v6Blocked = byInput(cliRun, 'https://dual-v6-blocked.example/');
  assert.ok(tcpTo(v6Blocked, '2001:db8:5::21').every((o) => o.failure === 'generic_timeout_error'));
  assert.ok(tcpTo(v6Blocked, '2001:db8:5::21').length > 0);
  assert.ok(tcpTo(v6Blocked, '203.0.113.21').some((o) => o.failure === null));
  assert.deepEqual(v6Blocked.evidence.notes, ['ipv6-path-fails']);
  const v4Blocked = byInput(cliRun, 'https://dual-v4-blocked.example/');
  assert.ok(tcpTo(v4Blocked, '203.0.113.22').every((o) => o.failure === 'generic_timeout_error'));
  assert.ok(tcpTo(v4Blocked, '2001:db8:5::22').some((o) => o.failure === null));
  assert.deepEqual(v4Blocked.evidence.notes, ['ipv4-path-fails']);
});

test('without a named helper and with --no-egress: nothing is called blocked, the network stays unknown', { skip }, async () => {
  const flags = WORLD_FLAGS.filter((_, i, all) => all[i] !== '--control' && all[i - 1] !== '--control' && all[i] !== '--egress' && all[i - 1] !== '--egress');
  const run = await check([...flags, '--no-egress'], 'no-control');
  assert.equal(run.network.connectivity, 'ok');
  assert.equal(run.network.asn, 'AS0');
  assert.equal(run.network.cc, 'ZZ');
  for (const input of INPUTS) {
    const r = byInput(run, input);
    assert.equal(r.controlFailure, 'no-consent', input);
    if (EXPECTED[input]?.status === 'accessible') assert.equal(r.status, 'accessible', input);
    else assert.ok(r.status !== 'blocked' && r.status !== 'down', `${input}: without a control nothing is called blocked or down (${r.status})`);
    if (r.evidence.failure !== null) assert.equal(r.status, 'inconclusive', `${input}: a failure without a control is unclear`);
  }
});

/** Settings → Advanced pointing the app at the world's services, written as the app saves them. */
function appSettingsFile(name: string): string {
  const file = join(world.dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      controlUrl: `https://${SERVICE_HOSTS.helper}/`,
      dohUrl: `https://${SERVICE_HOSTS.doh}/dns-query`,
      dohAddress: ADDR.doh,
      portalCheckUrl: `http://${SERVICE_HOSTS.portal}/generate_204`,
      egressUrl: `https://${SERVICE_HOSTS.egress}/cdn-cgi/trace`,
    }),
  );
  return file;
}

test('the app path: bridge service with Settings → Advanced, the forked runner, the production executor: the same verdicts', { skip }, async () => {
  const dataDir = join(world.dir, 'app');
  const settingsFile = appSettingsFile('app-settings.json');
  const out = await world.inClient([process.execPath, '--import', 'tsx', 'test/world/app-entry.ts', dataDir, settingsFile, 'check', listFile]);
  assert.equal(out.code, 0, out.stderr);
  const run = RunSchema.parse(JSON.parse(out.stdout));
  assert.equal(run.network.connectivity, 'ok');
  assert.equal(run.network.cc, 'AZ');
  for (const input of INPUTS) {
    const r = byInput(run, input);
    assert.deepEqual({ status: r.status, method: r.method }, EXPECTED[input], `${input}: ${JSON.stringify(r.evidence)}`);
    if (cliRun) assert.deepEqual(r.evidence.notes, byInput(cliRun, input).evidence.notes, input);
  }
});

test('over the VPN route the censored sites open and the egress is abroad; yoxla vpn sees the banks break', { skip }, async () => {
  const home = join(world.dir, 'vpn-home');
  const env = { YOXLA_HOME: home };
  const first = await world.inClient([process.execPath, 'bin/yoxla.js', 'vpn', '--vpn', 'off', ...WORLD_FLAGS, '--quiet'], env);
  assert.equal(first.code, 0, first.stderr);
  world.useVpn(true);
  try {
    const overVpn = await check(WORLD_FLAGS, 'over-vpn');
    assert.equal(overVpn.network.cc, 'NL', 'the egress page saw the VPN exit');
    assert.equal(overVpn.network.vpn, 'on');
    for (const input of INPUTS) {
      const r = byInput(overVpn, input);
      if (input === 'https://down.example/') assert.equal(r.status, 'down', input);
      else assert.equal(r.status, 'accessible', `${input} over the uncensored VPN: ${JSON.stringify(r.evidence)}`);
    }

    const json = join(world.dir, 'vpn.json');
    const second = await world.inClient([process.execPath, 'bin/yoxla.js', 'vpn', '--vpn', 'on', ...WORLD_FLAGS, '--json', json, '--quiet'], env);
    assert.equal(second.code, 0, second.stderr);
    const compared = RunSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    assertBanksBreak(compared);
  } finally {
    world.useVpn(false);
  }
});

test('the app VPN wizard (vpn:phase, production deps) over the same two routes: vpnImpact sees the difference', { skip }, async () => {
  const dataDir = join(world.dir, 'app-vpn');
  const settingsFile = appSettingsFile('app-vpn-settings.json');
  const entry = (declared: 'on' | 'off') => world.inClient([process.execPath, '--import', 'tsx', 'test/world/app-entry.ts', dataDir, settingsFile, 'vpn', declared]);
  const first = await entry('off');
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(RunSchema.parse(JSON.parse(first.stdout)).vpnImpact, [], 'the first phase only measures');
  world.useVpn(true);
  try {
    const second = await entry('on');
    assert.equal(second.code, 0, second.stderr);
    assertBanksBreak(RunSchema.parse(JSON.parse(second.stdout)));
  } finally {
    world.useVpn(false);
  }
});

/** The banks refuse the VPN's exit; every other local service works on both routes. */
function assertBanksBreak(run: Run): void {
  assert.ok(run.vpnImpact.length > 0, 'the comparison has rows');
  const banks = new Set(run.results.filter((r) => r.category === 'bank').map((r) => r.host));
  assert.ok(banks.size > 0);
  for (const row of run.vpnImpact) {
    if (banks.has(row.host)) {
      assert.equal(row.verdict, 'breaks-with-vpn', `${row.host}: ${JSON.stringify(row)}`);
      assert.equal(row.domestic, 'accessible', row.host);
    } else {
      assert.equal(row.verdict, 'works-both', `${row.host}: ${JSON.stringify(row)}`);
    }
  }
}

/** The world's flags with some replaced: `--flag value` pairs. */
function withFlags(changes: Record<string, string>): string[] {
  const flags = [...WORLD_FLAGS];
  for (const [flag, value] of Object.entries(changes)) {
    const at = flags.indexOf(flag);
    if (at >= 0) flags[at + 1] = value;
    else flags.push(flag, value);
  }
  return flags;
}

test('the connectivity check with the chosen reference and portal check: ok, captive portal, offline', { skip }, async () => {
  const one = join(world.dir, 'one.txt');
  writeFileSync(one, 'https://open.example/\n');
  const run = async (changes: Record<string, string>, name: string) => {
    const out = join(world.dir, `${name}.json`);
    const result = await yoxlaInClient(['check', '--list', one, '--json', out, '--quiet', ...withFlags(changes)]);
    assert.equal(result.code, 0, result.stderr);
    return RunSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  };
  // The DoH name at an address that serves another site's certificate: the reference fails, the portal check decides.
  const wrongReference = '203.0.113.10';
  const fine = await run({ '--doh-address': wrongReference }, 'portal-ok');
  assert.equal(fine.network.connectivity, 'ok');
  assert.ok(fine.network.connectivityEvidence.includes('portal-check-ok'), fine.network.connectivityEvidence.join());
  assert.equal(byInput(fine, 'https://open.example/').status, 'accessible');

  // A page that answers 200 where 204 is expected is what a Wi-Fi login page does.
  const portal = await run({ '--doh-address': wrongReference, '--portal-check': 'http://plain.example/generate_204' }, 'portal');
  assert.equal(portal.network.connectivity, 'captive-portal');
  assert.ok(portal.network.connectivityEvidence.includes('portal-check-status-200'), portal.network.connectivityEvidence.join());
  assert.equal(byInput(portal, 'https://open.example/').status, 'inconclusive');

  // Neither the reference nor the portal check answers: offline, and nothing is judged.
  const offline = await run({ '--doh-address': '203.0.113.14', '--portal-check': 'http://ip-reset.example/generate_204' }, 'offline');
  assert.equal(offline.network.connectivity, 'offline');
  assert.equal(byInput(offline, 'https://open.example/').status, 'inconclusive');
});

// Last: after every run above, on both routes.
test('no packet left the client for an address outside the documentation ranges', { skip }, () => {
  const { stray, seen } = world.clientPackets();
  assert.ok(seen > 1000, `the counting chain saw the runs (${seen} packets)`);
  assert.equal(stray, 0);
});
