// VPN state from recorded interface and routing tables of Linux, macOS and Windows machines (with
// and without a VPN), plus the egress network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isActiveTunnel,
  parseLinuxIpAddr,
  parseLinuxSysfs,
  parseMacIfconfig,
  parseWindowsIpconfig,
  parseWindowsNetAdapterJson,
  type NetInterface,
  type SysfsEntry,
} from '../../main/vpn/interfaces.ts';
import { parseLinuxRoutes, parseMacNetstat, parseWindowsRoutePrint } from '../../main/vpn/routes.ts';
import { detectVpnState, judgeVpnState, readMachineTables, type Exec } from '../../main/checks/vpn-state.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'vpn');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const AZ = { asn: 'AS29049', cc: 'AZ', name: 'Delta Telecom Ltd' };
const NL = { asn: 'AS9009', cc: 'NL', name: 'M247 Ltd' };

const tunnels = (list: NetInterface[] | null) => (list ?? []).filter(isActiveTunnel).map((i) => i.name);
const codes = (report: { evidence: { code: string; detail?: string }[] }) => report.evidence.map((e) => (e.detail ? `${e.code}:${e.detail}` : e.code));

// ---- Linux ---------------------------------------------------------------------------------------

test('linux ip -j addr: WireGuard and OpenVPN are tunnels; loopback, ethernet, docker, idle tunl0 are not', () => {
  assert.deepEqual(tunnels(parseLinuxIpAddr(fixture('linux-ip-addr-wireguard.json'))), ['wg0']);
  assert.deepEqual(tunnels(parseLinuxIpAddr(fixture('linux-ip-addr-openvpn.json'))), ['tun0']);
  const plain = parseLinuxIpAddr(fixture('linux-ip-addr-plain.json'));
  assert.deepEqual(tunnels(plain), []);
  assert.equal(plain?.find((i) => i.name === 'tunl0')?.kind, 'tunnel', 'an ipip device is a tunnel, just not an active one');
  assert.equal(plain?.find((i) => i.name === 'enp3s0')?.kind, 'physical');
  assert.equal(plain?.find((i) => i.name === 'lo')?.kind, 'loopback');
});

test('linux: a USB modem with link type none is not a VPN; an idle tap is not active; ppp is', () => {
  const list = parseLinuxIpAddr(fixture('linux-ip-addr-modem-tap-ppp.json'));
  assert.equal(list?.find((i) => i.name === 'wwan0')?.kind, 'physical');
  assert.equal(list?.find((i) => i.name === 'tap0')?.kind, 'tunnel');
  assert.deepEqual(tunnels(list), ['ppp0']);
});

test('linux: bad ip output is unreadable, not an empty machine', () => {
  assert.equal(parseLinuxIpAddr('Object "addr" is unknown'), null);
  assert.equal(parseLinuxRoutes('{', 4), null);
});

test('linux /sys/class/net: the tun-type wg0 that is up counts; sit0 that is down does not', () => {
  const wg = parseLinuxSysfs(JSON.parse(fixture('linux-sysfs-wireguard.json')) as SysfsEntry[]);
  assert.deepEqual(tunnels(wg), ['wg0']);
  assert.deepEqual(tunnels(parseLinuxSysfs(JSON.parse(fixture('linux-sysfs-plain.json')) as SysfsEntry[])), []);
});

test("linux routes: wg-quick's table 51820 default and OpenVPN's 0/1 + 128/1 pair are found", () => {
  const wg = parseLinuxRoutes(fixture('linux-ip-route-wireguard.json'), 4) ?? [];
  assert.deepEqual(
    wg.map((r) => [r.via.name, r.prefixLength, r.table ?? 'main']),
    [
      ['wg0', 0, '51820'],
      ['wlp2s0', 0, 'main'],
    ],
  );
  const v6 = parseLinuxRoutes(fixture('linux-ip6-route-wireguard.json'), 6) ?? [];
  assert.deepEqual(v6.map((r) => [r.family, r.via.name]), [[6, 'wg0']]);
  const ovpn = parseLinuxRoutes(fixture('linux-ip-route-openvpn.json'), 4) ?? [];
  assert.deepEqual(ovpn.map((r) => `${r.via.name}/${r.prefixLength}`), ['tun0/1', 'eth0/0', 'tun0/1']);
});

test('linux verdicts: WireGuard and OpenVPN on, plain machine off', () => {
  const wg = judgeVpnState({
    interfaces: parseLinuxIpAddr(fixture('linux-ip-addr-wireguard.json')),
    routes: [...(parseLinuxRoutes(fixture('linux-ip-route-wireguard.json'), 4) ?? []), ...(parseLinuxRoutes(fixture('linux-ip6-route-wireguard.json'), 6) ?? [])],
    egress: NL,
  });
  assert.equal(wg.state, 'on');
  assert.deepEqual(codes(wg), ['default-via-tunnel:wg0', 'default-via-other:wlp2s0', 'egress-foreign:NL AS9009 M247 Ltd']);

  const ovpn = judgeVpnState({
    interfaces: parseLinuxIpAddr(fixture('linux-ip-addr-openvpn.json')),
    routes: parseLinuxRoutes(fixture('linux-ip-route-openvpn.json'), 4),
    egress: null,
  });
  assert.equal(ovpn.state, 'on');
  assert.ok(codes(ovpn).includes('egress-unknown'));

  const plain = judgeVpnState({
    interfaces: parseLinuxIpAddr(fixture('linux-ip-addr-plain.json')),
    routes: parseLinuxRoutes(fixture('linux-ip-route-plain.json'), 4),
    egress: AZ,
  });
  assert.equal(plain.state, 'off');
  assert.deepEqual(codes(plain), ['default-via-other:enp3s0', 'no-tunnel', 'egress-home:AZ AS29049 Delta Telecom Ltd']);
});

// ---- macOS ---------------------------------------------------------------------------------------

test("macOS ifconfig: the system's utun0-3 (link-local only) are not VPNs; WireGuard's utun4, Tunnelblick's utun5 and IKEv2's ipsec0 are", () => {
  const plain = parseMacIfconfig(fixture('macos-ifconfig-plain.txt'));
  assert.deepEqual(
    plain.filter((i) => i.kind === 'tunnel').map((i) => i.name),
    ['utun0', 'utun1', 'utun2', 'utun3'],
  );
  assert.deepEqual(tunnels(plain), []);
  assert.equal(plain.find((i) => i.name === 'en0')?.addresses?.includes('192.168.1.20'), true);
  assert.equal(plain.find((i) => i.name === 'anpi0')?.up, false, 'status: inactive');
  assert.deepEqual(tunnels(parseMacIfconfig(fixture('macos-ifconfig-wireguard.txt'))), ['utun4']);
  assert.deepEqual(tunnels(parseMacIfconfig(fixture('macos-ifconfig-openvpn.txt'))), ['utun5']);
  assert.deepEqual(tunnels(parseMacIfconfig(fixture('macos-ifconfig-ipsec.txt'))), ['ipsec0']);
});

test("macOS netstat: IPv6 defaults via the system's utuns do not make a VPN", () => {
  const routes = parseMacNetstat(fixture('macos-netstat-plain.txt'));
  assert.deepEqual(
    routes.map((r) => `${r.family}:${r.via.name}`),
    ['4:en0', '6:utun0', '6:utun1', '6:utun2', '6:utun3'],
  );
  const report = judgeVpnState({ interfaces: parseMacIfconfig(fixture('macos-ifconfig-plain.txt')), routes, egress: AZ });
  assert.equal(report.state, 'off');
  assert.ok(!codes(report).some((c) => c.startsWith('default-via-tunnel')));
});

test('macOS verdicts: WireGuard (link# default), Tunnelblick (0/1 + 128.0/1) and IKEv2 are on', () => {
  for (const vpn of ['wireguard', 'openvpn', 'ipsec']) {
    const report = judgeVpnState({
      interfaces: parseMacIfconfig(fixture(`macos-ifconfig-${vpn}.txt`)),
      routes: parseMacNetstat(fixture(`macos-netstat-${vpn}.txt`)),
      egress: null,
    });
    assert.equal(report.state, 'on', vpn);
    assert.equal(report.evidence[0]?.code, 'default-via-tunnel', vpn);
  }
});

// ---- Windows -------------------------------------------------------------------------------------

test('windows ipconfig /all: WireGuard and a connected TAP adapter are tunnels; an idle TAP and Ethernet are not', () => {
  const plain = parseWindowsIpconfig(fixture('windows-ipconfig-plain.txt'));
  assert.deepEqual(plain.map((i) => [i.name, i.kind, i.up]), [['Ethernet', 'physical', true]]);
  assert.deepEqual(plain[0]?.addresses, ['fe80::8d4c:1a2b:3c4d:5e6f%12', '192.168.0.105']);
  assert.deepEqual(tunnels(parseWindowsIpconfig(fixture('windows-ipconfig-wireguard.txt'))), ['ProtonVPN']);
  assert.deepEqual(tunnels(parseWindowsIpconfig(fixture('windows-ipconfig-openvpn.txt'))), ['OpenVPN TAP-Windows6']);
  const idle = parseWindowsIpconfig(fixture('windows-ipconfig-tap-idle.txt'));
  assert.equal(idle.find((i) => i.name === 'OpenVPN TAP-Windows6')?.kind, 'tunnel');
  assert.deepEqual(tunnels(idle), []);
});

test('windows Get-NetAdapter JSON: a lone adapter (object) and lists; a disconnected Wintun is not active', () => {
  const plain = parseWindowsNetAdapterJson(fixture('windows-get-netadapter-plain.json'));
  assert.deepEqual(plain?.map((i) => [i.name, i.kind, i.up, i.index]), [['Ethernet', 'physical', true, 12]]);
  assert.deepEqual(tunnels(parseWindowsNetAdapterJson(fixture('windows-get-netadapter-wireguard.json'))), ['ProtonVPN']);
  const ovpn = parseWindowsNetAdapterJson(fixture('windows-get-netadapter-openvpn.json'));
  assert.deepEqual(tunnels(ovpn), ['OpenVPN TAP-Windows6']);
  assert.equal(ovpn?.find((i) => i.name === 'OpenVPN Wintun')?.kind, 'tunnel');
  assert.equal(parseWindowsNetAdapterJson('Get-NetAdapter : not recognized'), null);
});

test('windows route print: defaults and /1 halves by interface address, IPv6 by index, the interface list', () => {
  const wg = parseWindowsRoutePrint(fixture('windows-route-print-wireguard.txt'));
  assert.deepEqual(
    wg.routes.map((r) => [r.family, r.prefixLength, r.via.address ?? r.via.index, r.metric]),
    [
      [4, 0, '10.2.0.2', 5],
      [4, 0, '192.168.0.105', 25],
      [6, 0, 23, 5],
    ],
  );
  assert.deepEqual(wg.interfaces, [
    { index: 23, description: 'WireGuard Tunnel' },
    { index: 12, description: 'Intel(R) Ethernet Connection (7) I219-V' },
    { index: 1, description: 'Software Loopback Interface 1' },
  ]);
  const ovpn = parseWindowsRoutePrint(fixture('windows-route-print-openvpn.txt'));
  assert.deepEqual(ovpn.routes.map((r) => `${r.via.address}/${r.prefixLength}`), ['192.168.0.105/0', '10.8.0.6/1', '10.8.0.6/1']);
  assert.equal(ovpn.interfaces[0]?.description, 'TAP-Windows Adapter V9');
});

test('windows verdicts: WireGuard and OpenVPN on, ethernet-only off, installed-but-idle OpenVPN off', () => {
  const judge = (ipconfig: string, route: string, egress = AZ) => {
    const table = parseWindowsRoutePrint(fixture(route));
    return judgeVpnState({ interfaces: parseWindowsIpconfig(fixture(ipconfig)), routes: table.routes, interfaceList: table.interfaces, egress });
  };
  const wg = judge('windows-ipconfig-wireguard.txt', 'windows-route-print-wireguard.txt', NL);
  assert.equal(wg.state, 'on');
  assert.deepEqual(codes(wg).slice(0, 2), ['default-via-tunnel:ProtonVPN', 'default-via-other:Ethernet']);
  assert.equal(judge('windows-ipconfig-openvpn.txt', 'windows-route-print-openvpn.txt').state, 'on');
  assert.equal(judge('windows-ipconfig-plain.txt', 'windows-route-print-plain.txt').state, 'off');
  assert.equal(judge('windows-ipconfig-tap-idle.txt', 'windows-route-print-plain.txt').state, 'off');
});

test('windows: with Get-NetAdapter only (no addresses), the IPv6 default by index still finds WireGuard', () => {
  const table = parseWindowsRoutePrint(fixture('windows-route-print-wireguard.txt'));
  const report = judgeVpnState({
    interfaces: parseWindowsNetAdapterJson(fixture('windows-get-netadapter-wireguard.json')),
    routes: table.routes,
    interfaceList: table.interfaces,
    egress: null,
  });
  assert.equal(report.state, 'on');
  assert.ok(codes(report).includes('default-via-tunnel:ProtonVPN'));
});

// ---- the egress network and unknowns ---------------------------------------------------------------

test('egress: leaving from abroad is a VPN even without a tunnel interface (a VPN router, a proxy-style app)', () => {
  const report = judgeVpnState({ interfaces: parseLinuxIpAddr(fixture('linux-ip-addr-plain.json')), routes: parseLinuxRoutes(fixture('linux-ip-route-plain.json'), 4), egress: NL });
  assert.equal(report.state, 'on');
  assert.ok(codes(report).includes('egress-foreign:NL AS9009 M247 Ltd'));
});

test('a tunnel that is up but not the default route (Tailscale, a work VPN for one subnet) with a home egress is off', () => {
  const interfaces = parseLinuxIpAddr(fixture('linux-ip-addr-wireguard.json'));
  const routes = (parseLinuxRoutes(fixture('linux-ip-route-wireguard.json'), 4) ?? []).filter((r) => r.via.name !== 'wg0');
  const report = judgeVpnState({ interfaces, routes, egress: AZ });
  assert.equal(report.state, 'off');
  assert.ok(codes(report).includes('tunnel-up-not-default:wg0'));
});

test('nothing readable and no egress: unknown; unknown country (ZZ) is no evidence', () => {
  assert.equal(judgeVpnState({ interfaces: null, routes: null, egress: null }).state, 'unknown');
  const zz = judgeVpnState({ interfaces: null, routes: null, egress: { asn: 'AS0', cc: 'ZZ' } });
  assert.equal(zz.state, 'unknown');
  assert.deepEqual(codes(zz), ['interfaces-unreadable', 'routes-unreadable', 'egress-unknown']);
  // A tunnel is up but the routes are unreadable: it may or may not carry the traffic.
  assert.equal(judgeVpnState({ interfaces: parseLinuxIpAddr(fixture('linux-ip-addr-wireguard.json')), routes: null, egress: null }).state, 'unknown');
});

test('readMachineTables runs the right read-only commands per OS, never a shell, and falls back to sysfs', async () => {
  const calls: string[] = [];
  const outputs: Record<string, string | null> = {
    'ip -j addr': null,
    'ip -j route show table all': fixture('linux-ip-route-wireguard.json'),
    'ip -j -6 route show table all': fixture('linux-ip6-route-wireguard.json'),
    '/sbin/ifconfig': fixture('macos-ifconfig-wireguard.txt'),
    '/usr/sbin/netstat -rn': fixture('macos-netstat-wireguard.txt'),
    'ipconfig /all': fixture('windows-ipconfig-wireguard.txt'),
    'route print': fixture('windows-route-print-wireguard.txt'),
  };
  const exec: Exec = async (file, args) => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    return outputs[line] ?? null;
  };
  const sysfs = async () => JSON.parse(fixture('linux-sysfs-wireguard.json')) as SysfsEntry[];
  const linux = await readMachineTables('linux', exec, sysfs);
  assert.deepEqual(tunnels(linux.interfaces), ['wg0']);
  assert.equal((await detectVpnState({ platform: 'linux', exec, sysfs, egress: null })).state, 'on');
  assert.equal((await detectVpnState({ platform: 'darwin', exec, egress: null })).state, 'on');
  assert.equal((await detectVpnState({ platform: 'win32', exec, egress: null })).state, 'on');
  assert.deepEqual((await readMachineTables('aix', exec)).interfaces, null);
  assert.ok(calls.every((c) => !/\b(sh|bash|cmd)\b/.test(c)));
});
