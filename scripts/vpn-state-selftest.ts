// The VPN-state parsers against this machine's real interface and route tables (CI runs it on a
// Linux, a Windows and a macOS runner: the "vpn-state" job of .github/workflows/ci.yml). Prints
// what was read and the verdict as JSON; exits 1 naming each problem.
//
//   node --import tsx scripts/vpn-state-selftest.ts [--expect-no-vpn]
//
// Always checked: both tables could be read and parsed; every interface Node's own
// os.networkInterfaces() knows is in the parsed list, with its addresses (two independent readers
// must agree). With --expect-no-vpn (a CI runner has no VPN): a default route exists, no tunnel
// is active, and the verdict is "off".
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import ipaddr from 'ipaddr.js';
import { judgeVpnState, readMachineTables, type MachineTables, type VpnStateReport } from '../main/checks/vpn-state.ts';
import { isActiveTunnel } from '../main/vpn/interfaces.ts';

export interface SelfTestResult {
  platform: NodeJS.Platform;
  interfaces: Array<{ name: string; kind: string; up: boolean; tunnelBy?: string; addresses?: number }>;
  defaultRoutes: number;
  verdict: VpnStateReport;
  problems: string[];
}

const canonical = (address: string): string => {
  const bare = address.replace(/%.*$/, '');
  return ipaddr.isValid(bare) ? ipaddr.parse(bare).toNormalizedString() : bare.toLowerCase();
};

/** Pure: what the tables say, checked against Node's view of the interfaces. */
export function checkTables(
  platform: NodeJS.Platform,
  tables: MachineTables,
  nodeView: NodeJS.Dict<NetworkInterfaceInfo[]>,
  expectNoVpn: boolean,
): SelfTestResult {
  const problems: string[] = [];
  const list = tables.interfaces ?? [];
  if (tables.interfaces === null) problems.push('the interface table could not be read or parsed');
  else if (list.length === 0) problems.push('the interface table parsed to no interface at all');
  if (tables.routes === null) problems.push('the routing table could not be read or parsed');

  if (tables.interfaces !== null) {
    for (const [name, infos] of Object.entries(nodeView)) {
      const internal = (infos ?? []).every((i) => i.internal);
      // Windows lists its loopback pseudo-interface to Node but not in `ipconfig /all`.
      if (platform === 'win32' && internal) continue;
      const parsed = list.find((i) => i.name === name);
      if (!parsed) {
        problems.push(`Node sees interface "${name}", the parser does not (parsed: ${list.map((i) => i.name).join(', ')})`);
        continue;
      }
      if (parsed.addresses === undefined) continue;
      const have = new Set(parsed.addresses.map(canonical));
      for (const info of infos ?? []) {
        if (info.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80')) continue; // zone spelling differs by OS
        if (!have.has(canonical(info.address))) problems.push(`interface "${name}": Node sees ${info.address}, the parser does not`);
      }
    }
  }

  const verdict = judgeVpnState({ ...tables, egress: null });
  const routes = tables.routes ?? [];
  if (expectNoVpn) {
    if (tables.routes !== null && routes.length === 0) problems.push('no default route found (a CI runner has one)');
    for (const tunnel of list.filter(isActiveTunnel)) problems.push(`"${tunnel.name}" is taken for an active tunnel (by ${tunnel.tunnelBy ?? '?'}), but no VPN runs here`);
    for (const e of verdict.evidence.filter((e) => e.code === 'default-via-tunnel')) problems.push(`the default route is taken to go through a tunnel (${e.detail ?? '?'})`);
    if (verdict.state !== 'off') problems.push(`verdict "${verdict.state}", expected "off" (evidence: ${verdict.evidence.map((e) => e.code).join(', ')})`);
  }

  return {
    platform,
    interfaces: list.map((i) => ({
      name: i.name,
      kind: i.kind,
      up: i.up,
      ...(i.tunnelBy ? { tunnelBy: i.tunnelBy } : {}),
      ...(i.addresses ? { addresses: i.addresses.length } : {}),
    })),
    defaultRoutes: routes.length,
    verdict,
    problems,
  };
}

async function main(): Promise<void> {
  const expectNoVpn = process.argv.includes('--expect-no-vpn');
  const tables = await readMachineTables(process.platform);
  const result = checkTables(process.platform, tables, networkInterfaces(), expectNoVpn);
  console.log(JSON.stringify(result, null, 2));
  if (result.problems.length > 0) {
    for (const problem of result.problems) console.error(`vpn-state self-test: ${problem}`);
    process.exitCode = 1;
  } else {
    console.error(`vpn-state self-test: ${result.interfaces.length} interfaces, ${result.defaultRoutes} default routes, verdict ${result.verdict.state}: ok`);
  }
}

// Run as a script (not when a test imports checkTables).
if (process.argv[1]?.endsWith('vpn-state-selftest.ts')) await main();
