// A small internet made of network namespaces and packaged servers, to run the production path
// (`yoxla check`, the app's executor) exactly as a person runs it. Layout (docs/world.md):
//
//   client ──(192.0.2.0/30, 2001:db8:c1::/64)── isp ──(192.0.2.4/30, 2001:db8:1e::/64)── internet
//      └────(192.0.2.8/30, 2001:db8:c2::/64)── vpn ──(192.0.2.12/30, 2001:db8:2e::/64)───┘
//
// The client has routes to the documentation ranges only (no default route); the ISP router
// censors with iptables and tc; the internet namespace holds nginx (origins), two dnsmasq (the
// ISP's resolver and an honest one), the test helper and a DoH server (services.ts). Everything is
// named after this process's PID, and `close()` removes exactly what `startWorld()` made.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateAuthority } from '../../main/lab/ca.ts';
import { resolveSets } from '../../main/targets/sets.ts';
import { namespacesUnavailable } from '../kernel/netns.ts';

/** One origin: its name, its addresses in the internet namespace, and what nginx serves there. */
export interface Origin {
  host: string;
  v4: string;
  v6?: string;
  /** `none`: nothing listens (the site is down for everyone). */
  serve: 'https' | 'http' | 'none';
}

export const ADDR = {
  clientIsp: { client: '192.0.2.2', isp: '192.0.2.1', client6: '2001:db8:c1::2', isp6: '2001:db8:c1::1' },
  ispNet: { isp: '192.0.2.5', net: '192.0.2.6', isp6: '2001:db8:1e::1', net6: '2001:db8:1e::2' },
  clientVpn: { client: '192.0.2.10', vpn: '192.0.2.9', client6: '2001:db8:c2::2', vpn6: '2001:db8:c2::1' },
  vpnNet: { vpn: '192.0.2.13', net: '192.0.2.14', vpn6: '2001:db8:2e::1', net6: '2001:db8:2e::2' },
  ispResolver: '198.51.100.53',
  honestResolver: '198.51.100.54',
  blockpage: '198.51.100.80',
  helper: '198.51.100.100',
  doh: '198.51.100.101',
  portal: '198.51.100.102',
  egress: '198.51.100.103',
  local: '203.0.113.30',
  banks: '203.0.113.31',
} as const;

/** The world's origins; the ISP treats each as its name says (see `censor`). */
export const ORIGINS: Origin[] = [
  { host: 'open.example', v4: '203.0.113.10', serve: 'https' },
  { host: 'sni-drop.example', v4: '203.0.113.11', serve: 'https' },
  { host: 'sni-reset.example', v4: '203.0.113.12', serve: 'https' },
  { host: 'ip-drop.example', v4: '203.0.113.13', serve: 'https' },
  { host: 'ip-reset.example', v4: '203.0.113.14', serve: 'https' },
  { host: 'host-reset.example', v4: '203.0.113.15', serve: 'http' },
  { host: 'nx.example', v4: '203.0.113.16', serve: 'https' },
  { host: 'blockpage.example', v4: '203.0.113.17', serve: 'http' },
  { host: 'dns-drop.example', v4: '203.0.113.18', serve: 'https' },
  { host: 'slow.example', v4: '203.0.113.19', serve: 'https' },
  { host: 'down.example', v4: '203.0.113.20', serve: 'none' },
  { host: 'plain.example', v4: '203.0.113.23', serve: 'http' },
  { host: 'dual-v6-blocked.example', v4: '203.0.113.21', v6: '2001:db8:5::21', serve: 'https' },
  { host: 'dual-v4-blocked.example', v4: '203.0.113.22', v6: '2001:db8:5::22', serve: 'https' },
  { host: 'dual-open.example', v4: '203.0.113.24', v6: '2001:db8:5::24', serve: 'https' },
];

export const SERVICE_HOSTS = { helper: 'th.example', doh: 'doh.example', portal: 'portal.example', egress: 'egress.example' } as const;

/** The flags that point a run at the world's own services instead of the real internet's. */
export const WORLD_FLAGS = [
  '--control', `https://${SERVICE_HOSTS.helper}/`,
  '--doh', `https://${SERVICE_HOSTS.doh}/dns-query`,
  '--doh-address', ADDR.doh,
  '--portal-check', `http://${SERVICE_HOSTS.portal}/generate_204`,
  // At an address literal, as the default (https://1.1.1.1/cdn-cgi/trace) is: its certificate names the IP.
  '--egress', `https://${ADDR.egress}/cdn-cgi/trace`,
];

/** Bytes of the throttled origin's large asset: at the ISP's rate it cannot arrive within a step. */
export const LARGE_ASSET_BYTES = 4_000_000;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface World {
  readonly dir: string;
  readonly ns: { client: string; isp: string; net: string; vpn: string };
  readonly caFile: string;
  /** The ISP router's link to the client, where tc throttles one origin. */
  readonly ispClientLink: string;
  /**
   * What netfilter counted leaving the client: `stray` to anything but the documentation ranges,
   * loopback and link-local; `seen` all packets that passed the counting chain.
   */
  clientPackets(): { stray: number; seen: number };
  /** Runs a command inside the client namespace, as a person's machine there would. */
  inClient(args: string[], env?: Record<string, string>, timeoutMs?: number): Promise<CommandResult>;
  /**
   * The client's traffic to the documentation ranges goes through the VPN namespace (true) or the
   * ISP (false); its resolv.conf names the resolver of that path (for processes started after).
   */
  useVpn(on: boolean): void;
  close(): Promise<void>;
}

function sh(args: string[]): string {
  const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

/** Why the world cannot be built here (also: nginx and dnsmasq must be installed), or null. */
export function worldUnavailable(): string | null {
  const reason = namespacesUnavailable(`yw${process.pid}p`);
  if (reason) return reason;
  if (!existsSync('/proc/sys/net/ipv6')) return 'IPv6 is disabled in this kernel (the world is dual stack)';
  for (const [tool, path] of [['nginx', '/usr/sbin/nginx'], ['dnsmasq', '/usr/sbin/dnsmasq'], ['tc', 'tc'], ['ip6tables', 'ip6tables']] as const) {
    if (spawnSync('sh', ['-c', `command -v ${path}`]).status !== 0) return `${tool} is not installed`;
  }
  return null;
}

const page = (host: string) =>
  `<!doctype html><html><head><title>${host}</title></head><body><h1>${host}</h1><p>${'The world origin answers. '.repeat(40)}</p></body></html>`;

const BLOCKPAGE = '<!doctype html><html><head><title>Access denied</title></head><body><h1>Access to this resource is restricted</h1><p>By decision of the authorities this site is blocked.</p></body></html>';

/** nginx configuration: one server block per name and address set; temp files stay in `dir`. */
function nginxConf(dir: string, certs: Map<string, { cert: string; key: string }>, localHosts: { host: string; bank: boolean }[]): string {
  const tls = (host: string) => `ssl_certificate ${certs.get(host)?.cert}; ssl_certificate_key ${certs.get(host)?.key};`;
  const listen = (addresses: string[], port: number, ssl: boolean) =>
    addresses.map((a) => `listen ${a.includes(':') ? `[${a}]` : a}:${port}${ssl ? ' ssl' : ''};`).join(' ');
  const text = (body: string) => `default_type text/html; return 200 '${body.replaceAll("'", '&#39;')}';`;
  const servers: string[] = [];
  for (const o of ORIGINS) {
    const addresses = [o.v4, ...(o.v6 ? [o.v6] : [])];
    if (o.serve === 'https') {
      servers.push(`server { ${listen(addresses, 443, true)} server_name ${o.host}; ${tls(o.host)}
        location = /large { alias ${join(dir, 'large.bin')}; default_type application/octet-stream; }
        location / { ${text(page(o.host))} } }`);
    }
    if (o.serve === 'https' || o.serve === 'http') {
      servers.push(`server { ${listen(addresses, 80, false)} server_name ${o.host}; location / { ${text(page(o.host))} } }`);
    }
  }
  // The ISP's blockpage server answers any name on port 80 and 443.
  servers.push(`server { listen ${ADDR.blockpage}:80 default_server; location / { ${text(BLOCKPAGE)} } }`);
  servers.push(`server { listen ${ADDR.portal}:80; server_name ${SERVICE_HOSTS.portal}; location = /generate_204 { return 204; } location / { return 404; } }`);
  // The egress page by name (SNI) and at its address literal (no SNI: the default server, an IP certificate).
  const trace = `location = /cdn-cgi/trace { default_type text/plain; return 200 'fl=1\\nh=${SERVICE_HOSTS.egress}\\nip=$remote_addr\\nloc=$world_loc\\n'; }`;
  servers.push(`server { listen ${ADDR.egress}:443 ssl; server_name ${SERVICE_HOSTS.egress}; ${tls(SERVICE_HOSTS.egress)} ${trace} }`);
  servers.push(`server { listen ${ADDR.egress}:443 ssl default_server; server_name _; ${tls(ADDR.egress)} ${trace} }`);
  for (const { host, bank } of localHosts) {
    const address = bank ? ADDR.banks : ADDR.local;
    servers.push(`server { listen ${address}:443 ssl; server_name ${host}; ${tls(host)} location / { ${text(page(host))} } }`);
  }
  return `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')};
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'nginx-body')};
  proxy_temp_path ${join(dir, 'nginx-proxy')};
  fastcgi_temp_path ${join(dir, 'nginx-fastcgi')};
  uwsgi_temp_path ${join(dir, 'nginx-uwsgi')};
  scgi_temp_path ${join(dir, 'nginx-scgi')};
  server_names_hash_bucket_size 128;
  # The egress page places the VPN's exit abroad and everything else at home, as Cloudflare's loc= does.
  map $remote_addr $world_loc { ${ADDR.vpnNet.vpn} NL; ${ADDR.vpnNet.vpn6} NL; default AZ; }
  ${servers.join('\n  ')}
}
`;
}

/** dnsmasq arguments for one resolver; `isp` adds the provider's lies. */
function dnsmasqArgs(listen: string, isp: boolean, localHosts: { host: string; bank: boolean }[]): string[] {
  const args = ['--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--bind-interfaces', `--listen-address=${listen}`, '--pid-file=', '--user=root', '--cache-size=0', '--log-facility=-'];
  for (const o of ORIGINS) {
    if (isp && o.host === 'nx.example') {
      args.push(`--address=/${o.host}/`); // NXDOMAIN
    } else if (isp && o.host === 'blockpage.example') {
      args.push(`--address=/${o.host}/${ADDR.blockpage}`);
    } else {
      args.push(`--host-record=${o.host},${o.v4}${o.v6 ? `,${o.v6}` : ''}`);
    }
  }
  args.push(`--host-record=${SERVICE_HOSTS.helper},${ADDR.helper}`, `--host-record=${SERVICE_HOSTS.doh},${ADDR.doh}`);
  args.push(`--host-record=${SERVICE_HOSTS.portal},${ADDR.portal}`, `--host-record=${SERVICE_HOSTS.egress},${ADDR.egress}`);
  for (const { host, bank } of localHosts) args.push(`--host-record=${host},${bank ? ADDR.banks : ADDR.local}`);
  return args;
}

/** Starts a long-lived process and waits until `ready` says so (or it fails). */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: (out: string) => boolean, what: string): Promise<ChildProcess> {
  const child = spawn(args[0] as string, args.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 30_000);
    const check = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${out}`));
    });
    if (ready('')) resolve(child);
  });
}

/** Waits until a TCP port answers inside a namespace (nginx has no "ready" line). */
function waitForPort(ns: string, address: string, port: number): void {
  for (let i = 0; i < 100; i += 1) {
    const r = spawnSync('ip', ['netns', 'exec', ns, 'bash', '-c', `exec 3<>/dev/tcp/${address}/${port}`], { timeout: 5_000 });
    if (r.status === 0) return;
    spawnSync('sleep', ['0.1']);
  }
  throw new Error(`nothing listens on ${address}:${port} in ${ns}`);
}

export async function startWorld(): Promise<World> {
  const id = `yw${process.pid}`;
  const ns = { client: `${id}c`, isp: `${id}i`, net: `${id}n`, vpn: `${id}v` };
  const dir = mkdtempSync(join(tmpdir(), 'yoxla-world-'));
  // nginx's workers (not root) read the large asset from here.
  chmodSync(dir, 0o755);
  const netnsEtc = join('/etc/netns', ns.client);
  const children: ChildProcess[] = [];
  const made: string[] = [];

  const close = async (): Promise<void> => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    }
    // Deleting a namespace deletes its ends of the veth pairs, and so the pairs.
    for (const name of made.reverse()) spawnSync('ip', ['netns', 'del', name]);
    rmSync(netnsEtc, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const inNs = (name: string, args: string[]) => sh(['ip', 'netns', 'exec', name, ...args]);
    for (const name of Object.values(ns)) {
      sh(['ip', 'netns', 'add', name]);
      made.push(name);
      inNs(name, ['ip', 'link', 'set', 'lo', 'up']);
      // No router advertisements or duplicate-address waits: addresses are usable at once.
      inNs(name, ['sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    }
    const link = (a: string, aIf: string, aV4: string, aV6: string, b: string, bIf: string, bV4: string, bV6: string) => {
      sh(['ip', 'link', 'add', aIf, 'netns', a, 'type', 'veth', 'peer', 'name', bIf, 'netns', b]);
      for (const [name, ifName, v4, v6] of [[a, aIf, aV4, aV6], [b, bIf, bV4, bV6]] as const) {
        inNs(name, ['ip', 'addr', 'add', `${v4}/30`, 'dev', ifName]);
        inNs(name, ['ip', '-6', 'addr', 'add', `${v6}/64`, 'dev', ifName, 'nodad']);
        inNs(name, ['ip', 'link', 'set', ifName, 'up']);
      }
    };
    const i = {
      clientIsp: `${id}ci`, ispClient: `${id}ic`, ispNet: `${id}in`, netIsp: `${id}ni`,
      clientVpn: `${id}cv`, vpnClient: `${id}vc`, vpnNet: `${id}vn`, netVpn: `${id}nv`,
    };
    const { clientIsp, ispNet, clientVpn, vpnNet } = ADDR;
    link(ns.client, i.clientIsp, clientIsp.client, clientIsp.client6, ns.isp, i.ispClient, clientIsp.isp, clientIsp.isp6);
    link(ns.isp, i.ispNet, ispNet.isp, ispNet.isp6, ns.net, i.netIsp, ispNet.net, ispNet.net6);
    link(ns.client, i.clientVpn, clientVpn.client, clientVpn.client6, ns.vpn, i.vpnClient, clientVpn.vpn, clientVpn.vpn6);
    link(ns.vpn, i.vpnNet, vpnNet.vpn, vpnNet.vpn6, ns.net, i.netVpn, vpnNet.net, vpnNet.net6);
    for (const router of [ns.isp, ns.vpn]) inNs(router, ['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);

    // Routes: the documentation ranges only. The client has no default route.
    const DOC4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];
    for (const prefix of DOC4) inNs(ns.isp, ['ip', 'route', 'add', prefix, 'via', ispNet.net]);
    inNs(ns.isp, ['ip', '-6', 'route', 'add', '2001:db8::/32', 'via', ispNet.net6]);
    for (const prefix of DOC4) inNs(ns.vpn, ['ip', 'route', 'add', prefix, 'via', vpnNet.net]);
    inNs(ns.vpn, ['ip', '-6', 'route', 'add', '2001:db8::/32', 'via', vpnNet.net6]);
    inNs(ns.net, ['ip', 'route', 'add', '192.0.2.0/30', 'via', ispNet.isp]);
    inNs(ns.net, ['ip', '-6', 'route', 'add', '2001:db8:c1::/64', 'via', ispNet.isp6]);
    // The VPN's exit hides the client behind its own address, as a VPN server does.
    inNs(ns.vpn, ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', i.vpnNet, '-j', 'MASQUERADE']);
    // IPv6 NAT is missing from some kernels: then the internet routes the client's VPN prefix back instead.
    const nat6 = spawnSync('ip', ['netns', 'exec', ns.vpn, 'ip6tables', '-t', 'nat', '-A', 'POSTROUTING', '-o', i.vpnNet, '-j', 'MASQUERADE']);
    if (nat6.status !== 0) inNs(ns.net, ['ip', '-6', 'route', 'add', '2001:db8:c2::/64', 'via', vpnNet.vpn6]);

    const routeClient = (via: 'isp' | 'vpn') => {
      const gw = via === 'isp' ? clientIsp.isp : clientVpn.vpn;
      const gw6 = via === 'isp' ? clientIsp.isp6 : clientVpn.vpn6;
      for (const prefix of DOC4) inNs(ns.client, ['ip', 'route', 'replace', prefix, 'via', gw]);
      inNs(ns.client, ['ip', '-6', 'route', 'replace', '2001:db8::/32', 'via', gw6]);
    };
    routeClient('isp');
    // A witness, not a guard: count whatever the client sends outside the ranges it may address.
    const ALLOWED: Record<'iptables' | 'ip6tables', string[]> = {
      iptables: [...DOC4, '127.0.0.0/8'],
      ip6tables: ['2001:db8::/32', '::1/128', 'fe80::/10', 'ff02::/16'],
    };
    for (const [tool, allowed] of Object.entries(ALLOWED)) {
      inNs(ns.client, [tool, '-N', 'YW_STRAY']);
      for (const prefix of allowed) inNs(ns.client, [tool, '-A', 'YW_STRAY', '-d', prefix, '-j', 'RETURN']);
      inNs(ns.client, [tool, '-A', 'YW_STRAY', '-j', 'ACCEPT']);
      inNs(ns.client, [tool, '-A', 'OUTPUT', '-j', 'YW_STRAY']);
    }
    const clientPackets = () => {
      const counts = { stray: 0, seen: 0 };
      for (const tool of ['iptables', 'ip6tables'] as const) {
        // Rule lines: pkts bytes target ...; the last rule (ACCEPT) counts the strays.
        const rules = inNs(ns.client, [tool, '-L', 'YW_STRAY', '-v', '-n', '-x']).trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
        for (const [pkts, , target] of rules) {
          counts.seen += Number(pkts);
          if (target === 'ACCEPT') counts.stray += Number(pkts);
        }
      }
      return counts;
    };

    // Service addresses in the internet namespace.
    const serviceV4 = [ADDR.ispResolver, ADDR.honestResolver, ADDR.blockpage, ADDR.helper, ADDR.doh, ADDR.portal, ADDR.egress, ADDR.local, ADDR.banks];
    for (const o of ORIGINS) {
      inNs(ns.net, ['ip', 'addr', 'add', `${o.v4}/32`, 'dev', 'lo']);
      if (o.v6) inNs(ns.net, ['ip', '-6', 'addr', 'add', `${o.v6}/128`, 'dev', 'lo']);
    }
    for (const a of serviceV4) inNs(ns.net, ['ip', 'addr', 'add', `${a}/32`, 'dev', 'lo']);

    // The client's resolver, as the OS gives it: `ip netns exec` mounts this over /etc/resolv.conf.
    mkdirSync(netnsEtc, { recursive: true });
    writeFileSync(join(netnsEtc, 'resolv.conf'), `nameserver ${ADDR.ispResolver}\n`);

    // Certificates from a CA made for this world only.
    const ca = await CertificateAuthority.create(`Yoxla world CA ${process.pid}`);
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, ca.certPem);
    const localHosts = resolveSets('local').map((t) => ({ host: t.host, bank: t.category === 'bank' }));
    const names = [...ORIGINS.map((o) => o.host), ...Object.values(SERVICE_HOSTS), ADDR.egress, ...localHosts.map((l) => l.host)];
    const certs = new Map<string, { cert: string; key: string }>();
    for (const name of new Set(names)) {
      const pair = await ca.issue(name);
      const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
      writeFileSync(files.cert, pair.certPem);
      writeFileSync(files.key, pair.keyPem);
      certs.set(name, files);
    }
    writeFileSync(join(dir, 'large.bin'), Buffer.alloc(LARGE_ASSET_BYTES, 0x61));
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, certs, localHosts));

    const env = { ...process.env, NODE_EXTRA_CA_CERTS: caFile };
    inNs(ns.net, ['/usr/sbin/nginx', '-t', '-q', '-e', join(dir, 'nginx-error.log'), '-c', join(dir, 'nginx.conf'), '-p', dir]);
    children.push(await startProcess(['ip', 'netns', 'exec', ns.net, '/usr/sbin/nginx', '-e', join(dir, 'nginx-error.log'), '-c', join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], env, () => true, 'nginx'));
    for (const [address, isp] of [[ADDR.ispResolver, true], [ADDR.honestResolver, false]] as const) {
      children.push(
        await startProcess(['ip', 'netns', 'exec', ns.net, '/usr/sbin/dnsmasq', ...dnsmasqArgs(address, isp, localHosts)], env, (out) => out.includes('started'), 'dnsmasq'),
      );
    }
    const servicesConfig = join(dir, 'services.json');
    writeFileSync(
      servicesConfig,
      JSON.stringify({
        honestResolver: ADDR.honestResolver,
        helper: { address: ADDR.helper, certFile: certs.get(SERVICE_HOSTS.helper)?.cert, keyFile: certs.get(SERVICE_HOSTS.helper)?.key },
        doh: { address: ADDR.doh, certFile: certs.get(SERVICE_HOSTS.doh)?.cert, keyFile: certs.get(SERVICE_HOSTS.doh)?.key },
      }),
    );
    children.push(
      await startProcess(['ip', 'netns', 'exec', ns.net, process.execPath, '--import', 'tsx', 'test/world/services.ts', servicesConfig], env, (out) => out.includes('ready'), 'helper and DoH'),
    );
    waitForPort(ns.net, '203.0.113.10', 443);

    censor(ns, i.ispClient);
    // The banks refuse connections from abroad: the VPN's exit is reset.
    inNs(ns.net, ['iptables', '-A', 'INPUT', '-s', ADDR.vpnNet.vpn, '-d', ADDR.banks, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']);

    return {
      dir,
      ns,
      caFile,
      ispClientLink: i.ispClient,
      clientPackets,
      useVpn: (on) => {
        routeClient(on ? 'vpn' : 'isp');
        // A VPN client also hands the system its own resolver: the honest one, reached through the tunnel.
        writeFileSync(join(netnsEtc, 'resolv.conf'), `nameserver ${on ? ADDR.honestResolver : ADDR.ispResolver}\n`);
      },
      inClient: (args, extraEnv = {}, timeoutMs = 300_000) =>
        new Promise((resolve) => {
          const child = spawn('ip', ['netns', 'exec', ns.client, ...args], {
            env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, YOXLA_HOME: join(dir, 'home'), ...extraEnv },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), timeoutMs);
          child.once('close', (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
          });
        }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The ISP router's censorship, all in the kernel: iptables in its forwarding path and tc on its client link. */
function censor(ns: { isp: string }, clientLink: string): void {
  const ipt = (args: string[]) => sh(['ip', 'netns', 'exec', ns.isp, 'iptables', '-A', 'FORWARD', ...args]);
  const ip6t = (args: string[]) => sh(['ip', 'netns', 'exec', ns.isp, 'ip6tables', '-A', 'FORWARD', ...args]);
  const by = (host: string) => ORIGINS.find((o) => o.host === host) as Origin;
  // The server name in the TLS ClientHello, matched per packet as DPI boxes do.
  ipt(['-p', 'tcp', '--dport', '443', '-m', 'string', '--string', 'sni-drop.example', '--algo', 'bm', '-j', 'DROP']);
  ipt(['-p', 'tcp', '--dport', '443', '-m', 'string', '--string', 'sni-reset.example', '--algo', 'bm', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
  // Whole addresses.
  ipt(['-d', by('ip-drop.example').v4, '-j', 'DROP']);
  ipt(['-d', by('ip-reset.example').v4, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
  // The Host header of a plain-HTTP request.
  ipt(['-p', 'tcp', '--dport', '80', '-m', 'string', '--string', 'host: host-reset.example', '--icase', '--algo', 'bm', '-j', 'REJECT', '--reject-with', 'tcp-reset']);
  // DNS queries for one name, as its labels travel on the wire.
  for (const proto of ['udp', 'tcp']) {
    ipt(['-p', proto, '--dport', '53', '-m', 'string', '--hex-string', '|08|dns-drop|07|example|00|', '--algo', 'bm', '-j', 'DROP']);
  }
  // Dual stack: one origin's IPv6 path is cut while IPv4 works, the other's the reverse.
  ip6t(['-d', by('dual-v6-blocked.example').v6 as string, '-j', 'DROP']);
  ipt(['-d', by('dual-v4-blocked.example').v4, '-j', 'DROP']);
  // One origin throttled on the way to the client (htb: a slow class for its source address).
  const tc = (args: string[]) => sh(['ip', 'netns', 'exec', ns.isp, 'tc', ...args]);
  tc(['qdisc', 'add', 'dev', clientLink, 'root', 'handle', '1:', 'htb', 'default', '10']);
  tc(['class', 'add', 'dev', clientLink, 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1gbit']);
  tc(['class', 'add', 'dev', clientLink, 'parent', '1:', 'classid', '1:20', 'htb', 'rate', '64kbit', 'ceil', '64kbit']);
  tc(['filter', 'add', 'dev', clientLink, 'protocol', 'ip', 'parent', '1:', 'prio', '1', 'u32', 'match', 'ip', 'src', `${by('slow.example').v4}/32`, 'flowid', '1:20']);
}
