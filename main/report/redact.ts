// Private by default: every output passes through one redactor that removes the public IP (unless
// the person asked to keep it) and whatever would point at the person's own machine: its host name,
// the user name and the home folder. Replaced text becomes `[scrubbed]`, as in OONI's data.
import { homedir, hostname, userInfo } from 'node:os';
import ipaddr from 'ipaddr.js';

export const SCRUBBED = '[scrubbed]';

export interface LocalIdentity {
  hostname: string;
  username: string;
  homeDir: string;
}

export interface RedactOptions {
  /** The public IP recorded in the run (network.ip), if any. */
  publicIp?: string | undefined;
  /** Keep the public IP (report --include-ip on a run made with --include-ip). */
  keepIp?: boolean;
  /** Defaults to this machine's; tests pass their own. */
  identity?: LocalIdentity;
}

export type Redactor = (text: string) => string;

/** Names this short match too much ordinary text to be scrubbed as words ("vm", "a"). */
const MIN_NAME_LENGTH = 3;
/** Generic names that identify nobody and occur in real data. */
const GENERIC_NAMES = new Set(['localhost', 'root', 'user', 'admin', 'ubuntu', 'debian']);

export function localIdentity(): LocalIdentity {
  let username = '';
  try {
    username = userInfo().username;
  } catch {
    // No passwd entry (some containers): there is no user name to leak.
  }
  return { hostname: hostname(), username, homeDir: homedir() };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Every textual form an address may take, as pages, headers and reverse-DNS names write it:
 * IPv4 dotted (also zero-padded), dashed (`198-51-100-7`, common in PTR names), as one integer
 * (`3325256711`), in hex (`c6336407`, also after `0x`), reversed dotted and dashed (the
 * `in-addr.arpa` form), IPv4-mapped IPv6; IPv6 compressed, with leading zeros dropped, fully
 * expanded, dashed (`ipv6-literal.net`), URL-encoded colons, and the `ip6.arpa` nibble form.
 */
export function ipForms(ip: string): string[] {
  const forms = new Set([ip]);
  if (ipaddr.isValid(ip)) {
    const parsed = ipaddr.parse(ip);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      for (const form of ipForms((parsed as ipaddr.IPv6).toIPv4Address().toString())) forms.add(form);
    }
    forms.add(parsed.toString());
    if (parsed.kind() === 'ipv6') {
      const v6 = parsed as ipaddr.IPv6;
      const expanded = v6.parts.map((part) => hex(part, 4)).join(':');
      const sixForms = [v6.toString(), v6.toNormalizedString(), expanded];
      for (const form of sixForms) {
        forms.add(form);
        forms.add(form.replace(/:/g, '-'));
        forms.add(form.replace(/:/g, '%3A'));
      }
      forms.add([...expanded.replace(/:/g, '')].reverse().join('.'));
    } else {
      const octets = (parsed as ipaddr.IPv4).octets;
      const value = octets.reduce((n, o) => n * 256 + o, 0);
      forms.add(octets.join('-'));
      forms.add(octets.map((o) => String(o).padStart(3, '0')).join('.'));
      forms.add(octets.map((o) => String(o).padStart(3, '0')).join('-'));
      forms.add(String(value));
      forms.add(hex(value, 8));
      forms.add([...octets].reverse().join('.'));
      forms.add([...octets].reverse().join('-'));
      forms.add(`::ffff:${octets.join('.')}`);
      forms.add(`::ffff:${hex(value >>> 16, 1)}:${hex(value & 0xffff, 1)}`);
    }
  }
  return [...forms].filter(Boolean);
}

/** One secret, not when it is only part of a longer run of the given characters (198.51.100.7 in .70). */
function wordPattern(secret: string, inner: string): string {
  return `(?<![${inner}])${escapeRegExp(secret)}(?![${inner}])`;
}

export function makeRedactor(options: RedactOptions = {}): Redactor {
  const identity = options.identity ?? localIdentity();
  const patterns: string[] = [];
  // The home folder first: it usually contains the user name, and the whole path should go.
  if (identity.homeDir.length > 1) patterns.push(escapeRegExp(identity.homeDir.replace(/[\\/]+$/, '')));
  if (options.publicIp && !options.keepIp) {
    for (const form of ipForms(options.publicIp).sort((a, b) => b.length - a.length)) {
      // Only a longer run of the same kind of digits protects a neighbour (198.51.100.70 is another
      // address); a dot, letter or dash next to it must not let it through.
      patterns.push(wordPattern(form, /^[0-9.-]+$/.test(form) ? '0-9' : '0-9a-fA-F:'));
    }
  }
  for (const name of [identity.hostname, identity.hostname.split('.')[0] ?? '', identity.username]) {
    if (name.length >= MIN_NAME_LENGTH && !GENERIC_NAMES.has(name.toLowerCase())) patterns.push(wordPattern(name, '\\w-'));
  }
  if (patterns.length === 0) return (text) => text;
  // Case does not matter to host names, hex digits or paths a server echoes back upper-cased.
  const regex = new RegExp(patterns.join('|'), 'gi');
  return (text) => text.replace(regex, SCRUBBED);
}

/** Applies a redactor to every string in a JSON-like value, object keys included. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)])) as T;
  }
  return value;
}
