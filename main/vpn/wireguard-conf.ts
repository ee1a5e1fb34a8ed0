// A WireGuard config with only the `AllowedIPs` of its full-tunnel peers replaced: everything else
// (keys, comments, other peers, line endings) stays byte for byte, so the user's client imports
// it exactly as it imported the original.
import type { Family } from './allowed-ips.ts';

export type RewriteError = 'no-peer' | 'no-full-tunnel-peer';

export type RewriteResult =
  | { ok: true; text: string; peersChanged: number }
  | { ok: false; error: RewriteError };

interface Line {
  text: string;
  /** Section the line belongs to, lower-case without brackets ('' before the first header). */
  section: string;
  /** Index of the section among the file's sections (each [Peer] is its own). */
  sectionIndex: number;
  key: string | null;
  value: string;
}

function splitLines(conf: string): { lines: Line[]; eol: string; trailingEol: boolean } {
  const eol = conf.includes('\r\n') ? '\r\n' : '\n';
  const raw = conf.split(/\r?\n/);
  const trailingEol = raw.length > 1 && raw[raw.length - 1] === '';
  if (trailingEol) raw.pop();
  let section = '';
  let sectionIndex = -1;
  const lines = raw.map((text): Line => {
    const content = text.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(content);
    if (header?.[1]) {
      section = header[1].trim().toLowerCase();
      sectionIndex += 1;
      return { text, section, sectionIndex, key: null, value: '' };
    }
    const eq = content.indexOf('=');
    if (eq < 0) return { text, section, sectionIndex, key: null, value: '' };
    return { text, section, sectionIndex, key: content.slice(0, eq).trim().toLowerCase(), value: content.slice(eq + 1).trim() };
  });
  return { lines, eol, trailingEol };
}

const values = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

const familyOf = (cidr: string): Family => (cidr.includes(':') ? 6 : 4);

/** The families a peer's AllowedIPs send entirely through the tunnel. */
function fullTunnelFamilies(allowed: readonly string[]): Family[] {
  const families: Family[] = [];
  if (allowed.some((a) => /^0\.0\.0\.0\/0$/.test(a))) families.push(4);
  if (allowed.some((a) => /^::\/0$/.test(a) || /^(0{1,4}:){7}0{1,4}\/0$/.test(a))) families.push(6);
  return families;
}

/** The host part of every peer's `Endpoint = host:port` (the VPN server). */
export function peerEndpoints(conf: string): string[] {
  const { lines } = splitLines(conf);
  return lines
    .filter((l) => l.section === 'peer' && l.key === 'endpoint' && l.value !== '')
    .map((l) => {
      const bracketed = /^\[([^\]]+)\]:\d+$/.exec(l.value);
      if (bracketed?.[1]) return bracketed[1];
      return l.value.replace(/:\d+$/, '');
    });
}

/**
 * Replaces the AllowedIPs of every peer that routes a whole family (0.0.0.0/0 or ::/0). For each
 * such family the new entries come from `allowedFor`; entries of families the peer did not route
 * entirely are kept, so a config without IPv6 does not start routing IPv6.
 */
export function rewriteAllowedIps(conf: string, allowedFor: (families: Family[]) => string[]): RewriteResult {
  const { lines, eol, trailingEol } = splitLines(conf);
  const peers = [...new Set(lines.filter((l) => l.section === 'peer').map((l) => l.sectionIndex))];
  if (peers.length === 0) return { ok: false, error: 'no-peer' };
  const replacement = new Map<number, string>();
  const drop = new Set<number>();
  for (const peer of peers) {
    const own = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.sectionIndex === peer && l.key === 'allowedips');
    const allowed = own.flatMap(({ l }) => values(l.value));
    const families = fullTunnelFamilies(allowed);
    const first = own[0];
    if (families.length === 0 || !first) continue;
    const kept = allowed.filter((a) => !families.includes(familyOf(a)));
    const entries = [...allowedFor(families), ...kept];
    const indent = /^\s*/.exec(first.l.text)?.[0] ?? '';
    replacement.set(first.i, `${indent}AllowedIPs = ${entries.join(', ')}`);
    for (const { i } of own.slice(1)) drop.add(i);
  }
  if (replacement.size === 0) return { ok: false, error: 'no-full-tunnel-peer' };
  const out = lines.flatMap((l, i) => (drop.has(i) ? [] : [replacement.get(i) ?? l.text]));
  return { ok: true, text: out.join(eol) + (trailingEol ? eol : ''), peersChanged: replacement.size };
}
