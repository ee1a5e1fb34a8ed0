// scripts/vpn-state-selftest.ts, which CI's "vpn-state" job runs on Linux, Windows and macOS
// runners: here it runs for real on this machine (its interface list must match /sys/class/net,
// a third reader), and its checks are shown to catch what they are for on made-up tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkInterfaceInfo } from 'node:os';
import { checkTables, type SelfTestResult } from '../../scripts/vpn-state-selftest.ts';
import type { MachineTables } from '../../main/checks/vpn-state.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const info = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

const healthy: MachineTables = {
  interfaces: [
    { name: 'lo', kind: 'loopback', up: true, addresses: ['127.0.0.1', '::1'] },
    { name: 'eth0', kind: 'physical', up: true, addresses: ['10.1.0.4', '2001:db8::4'] },
    { name: 'docker0', kind: 'other', up: false, addresses: ['172.17.0.1'] },
  ],
  routes: [{ family: 4, prefixLength: 0, gateway: '10.1.0.1', via: { name: 'eth0' } }],
};
const nodeView = { lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)], eth0: [info('10.1.0.4'), info('2001:0db8:0:0::4', 'IPv6')] };

test('on this machine: the tables are read and parsed, and agree with Node and with /sys/class/net', { skip: process.platform !== 'linux' && 'Linux here; CI runs it on Windows and macOS' }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'vpn-state-selftest.ts')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as SelfTestResult;
  assert.equal(result.platform, 'linux');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.interfaces.map((i) => i.name).sort(), readdirSync('/sys/class/net').sort());
  assert.equal(result.interfaces.find((i) => i.name === 'lo')?.kind, 'loopback');
  assert.ok(['on', 'off', 'unknown'].includes(result.verdict.state));
  assert.match(run.stderr, /vpn-state self-test: \d+ interfaces, \d+ default routes, verdict \w+: ok/);
});

test('a healthy machine without a VPN passes, with the verdict "off"', () => {
  const result = checkTables('linux', healthy, nodeView, true);
  assert.deepEqual(result.problems, []);
  assert.equal(result.verdict.state, 'off');
  assert.equal(result.defaultRoutes, 1);
});

test('unreadable tables, an interface or address the parser missed, are problems', () => {
  assert.deepEqual(checkTables('linux', { interfaces: null, routes: null }, {}, false).problems, [
    'the interface table could not be read or parsed',
    'the routing table could not be read or parsed',
  ]);
  const missed = checkTables('darwin', healthy, { ...nodeView, en5: [info('192.168.1.9')] }, false).problems;
  assert.equal(missed.length, 1);
  assert.match(missed[0]!, /Node sees interface "en5"/);
  const address = checkTables('linux', healthy, { eth0: [info('10.1.0.5')] }, false).problems;
  assert.deepEqual(address, ['interface "eth0": Node sees 10.1.0.5, the parser does not']);
  // Windows lists its loopback to Node only, not in ipconfig /all.
  assert.deepEqual(checkTables('win32', { ...healthy, interfaces: healthy.interfaces!.filter((i) => i.name !== 'lo') }, nodeView, false).problems, []);
});

test('expecting no VPN: an active tunnel, a default route through it, or no default route at all are problems', () => {
  const tunnel: MachineTables = {
    interfaces: [...healthy.interfaces!, { name: 'wg0', kind: 'tunnel', tunnelBy: 'name', up: true, addresses: ['10.66.0.2'] }],
    routes: [{ family: 4, prefixLength: 0, gateway: null, via: { name: 'wg0' } }],
  };
  const problems = checkTables('linux', tunnel, nodeView, true).problems;
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /"wg0" is taken for an active tunnel/);
  assert.match(problems.join('\n'), /default route is taken to go through a tunnel \(wg0\)/);
  assert.match(problems.join('\n'), /verdict "on", expected "off"/);
  assert.deepEqual(checkTables('linux', tunnel, nodeView, false).problems, [], 'without the expectation a VPN is no problem');
  assert.match(checkTables('linux', { ...healthy, routes: [] }, nodeView, true).problems.join('\n'), /no default route found/);
});
