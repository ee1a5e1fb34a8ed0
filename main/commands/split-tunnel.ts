// `yoxla split-tunnel --exclude HOST|IP|CIDR... [--wireguard IN.conf] [--out OUT.conf] [--json]`
// and `yoxla split-tunnel --guide [CLIENT...]`: keep the VPN on and leave only some services
// outside it. The user's own config is never changed; a new file is written next to it.
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { translator } from '../i18n.ts';
import type { Family } from '../vpn/allowed-ips.ts';
import { FileExistsError, writeNewFile } from '../vpn/files.ts';
import { renderGuide, renderSafety } from '../vpn/render.ts';
import {
  allowedIpsFor,
  ExclusionError,
  parseExclusion,
  resolveExclusions,
  SPLIT_CLIENTS,
  type ExclusionInput,
  type Resolver,
  type ResolvedExclusion,
  type SplitClient,
} from '../vpn/split-tunnel.ts';
import { peerEndpoints, rewriteAllowedIps } from '../vpn/wireguard-conf.ts';
import { languageOf, parseStrict, type Io } from './args.ts';
import { UsageError } from './usage-error.ts';

export interface SplitTunnelDeps {
  /** Addresses of a host name; production asks the system resolver (as the user's apps do). */
  resolve?: Resolver;
}

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const OPTIONS = {
  exclude: { type: 'string', multiple: true },
  wireguard: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  guide: { type: 'boolean', default: false },
  lang: { type: 'string', default: 'en' },
} as const;

/** `wg0.conf` -> `wg0-split.conf` beside it (WireGuard names the tunnel after the file). */
export function defaultOutPath(input: string): string {
  const name = basename(input).replace(/\.conf$/i, '');
  return join(dirname(input), `${name}-split.conf`);
}

const REWRITE_ERRORS = {
  'no-peer': 'has no [Peer] section',
  'no-full-tunnel-peer': 'has no peer that sends all traffic (0.0.0.0/0 or ::/0) through the tunnel, so there is nothing to split',
} as const;

function exclusionsOf(texts: readonly string[]): ExclusionInput[] {
  try {
    return texts.map(parseExclusion);
  } catch (err) {
    if (err instanceof ExclusionError) throw new UsageError(err.message);
    throw err;
  }
}

async function resolveAll(inputs: readonly ExclusionInput[], resolver: Resolver, role: ResolvedExclusion['role']): Promise<ResolvedExclusion[]> {
  try {
    return await resolveExclusions(inputs, resolver, role);
  } catch (err) {
    if (err instanceof ExclusionError) throw new UsageError(err.message);
    throw err;
  }
}

export async function commandSplitTunnel(args: string[], io: Io, deps: SplitTunnelDeps = {}): Promise<number> {
  const { values, positionals } = parseStrict(args, OPTIONS);
  const lang = languageOf(values.lang);
  const t = translator(lang);

  if (values.guide) {
    const unknown = positionals.find((p) => !(SPLIT_CLIENTS as readonly string[]).includes(p));
    if (unknown) throw new UsageError(`unknown client ${unknown} (known: ${SPLIT_CLIENTS.join(', ')})`);
    io.stdout(renderGuide(t, positionals.length > 0 ? (positionals as SplitClient[]) : SPLIT_CLIENTS));
    return 0;
  }

  // `--exclude a b c` as DESIGN.md writes it, `--exclude a --exclude b`, and `--exclude a,b` all work.
  const texts = [...(values.exclude ?? []), ...positionals].flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (texts.length === 0) throw new UsageError('say what to leave outside the VPN: --exclude HOST|IP|CIDR ... (or --guide for the VPN apps)');
  if (values.out !== undefined && values.wireguard === undefined) throw new UsageError('--out needs --wireguard IN.conf (the config to start from)');
  const resolver = deps.resolve ?? systemResolver;
  const services = await resolveAll(exclusionsOf(texts), resolver, 'service');

  let conf: string | undefined;
  let outPath: string | undefined;
  let endpoints: ResolvedExclusion[] = [];
  if (values.wireguard !== undefined) {
    try {
      conf = await readFile(values.wireguard, 'utf8');
    } catch (err) {
      throw new UsageError(`${values.wireguard}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    outPath = values.out ?? defaultOutPath(values.wireguard);
    if (resolvePath(outPath) === resolvePath(values.wireguard)) throw new UsageError(`${outPath} is the input file; yoxla never changes it: choose another --out`);
    endpoints = await resolveAll(exclusionsOf(peerEndpoints(conf)), resolver, 'endpoint');
  }
  const exclusions = [...services, ...endpoints];

  let families: Family[] = [4, 6];
  if (conf !== undefined && outPath !== undefined) {
    const rewritten = rewriteAllowedIps(conf, (f) => {
      families = f;
      return allowedIpsFor(exclusions, f);
    });
    if (!rewritten.ok) throw new UsageError(`${values.wireguard}: ${REWRITE_ERRORS[rewritten.error]}`);
    try {
      await writeNewFile(outPath, rewritten.text);
    } catch (err) {
      if (err instanceof FileExistsError) throw new UsageError(`${outPath} already exists; yoxla never overwrites a file: choose another --out`);
      throw err;
    }
  }
  const allowedIPs = allowedIpsFor(exclusions, families);

  if (values.json) {
    io.stdout(`${JSON.stringify({ allowedIPs, excluded: exclusions, ...(outPath ? { wrote: outPath } : {}) }, null, 2)}\n`);
    return 0;
  }
  const lines = [t('vpn.split.excluded')];
  for (const e of exclusions) {
    lines.push(`  ${t(e.role === 'endpoint' ? 'vpn.split.endpoint' : 'vpn.split.entry', { input: e.input, addresses: e.addresses.join(', ') })}`);
  }
  lines.push('');
  if (outPath) {
    lines.push(t('vpn.split.wrote', { path: outPath, input: values.wireguard }), t('vpn.split.killSwitch'));
  } else {
    lines.push(t('vpn.split.allowedIps', { count: allowedIPs.length }), `AllowedIPs = ${allowedIPs.join(', ')}`);
  }
  lines.push('', t('vpn.split.guideHint'), '');
  io.stdout(`${lines.join('\n')}\n${renderSafety(t)}`);
  return 0;
}
