// Turning what a person typed (a URL, a bare host, or OONI's `tcpconnect://HOST:PORT`) into a
// measurable input.
const HOST = /^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+\.?$/i;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** OONI's input scheme for "connect over TCP and nothing more" (whatsapp, facebook_messenger). */
export const TCPCONNECT_PROTOCOL = 'tcpconnect:';

export class InputError extends Error {}

/** What an error may echo of a bad entry: a 50 MB line is not repeated whole. */
export const ECHO_LIMIT = 200;
export function clip(text: string, limit = ECHO_LIMIT): string {
  const chars = [...text.slice(0, limit * 2)];
  return chars.length > limit || text.length > limit * 2 ? `${chars.slice(0, limit).join('')}…` : text;
}

const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * A host that URL parsers, resolvers and inet_aton read as an IPv4 address without it being one
 * written the usual way: `0x7f.1`, `127.1`, `2130706433`, `0177.0.0.1`. WHATWG URL treats a name
 * whose last label is a number (decimal or 0x hex) as an address; such a name is only accepted as
 * a canonical dotted quad, so a list cannot hide a private address behind another spelling.
 */
export function isNonCanonicalIpv4(host: string): boolean {
  const name = host.replace(/\.$/, '');
  const last = name.split('.').pop() ?? '';
  return /^(?:0x[0-9a-f]*|\d+)$/i.test(last) && !CANONICAL_IPV4.test(name);
}

/** The authority of a URL as written (URL() would already have rewritten it). */
const rawAuthority = (text: string): string => /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(text)?.[1] ?? '';

/** Refuses what a list must not carry: user:password@ (a secret, sent on), port 0, a disguised address. */
function checkAuthority(text: string): void {
  const authority = rawAuthority(text);
  if (authority.includes('@')) throw new InputError(`a user name or password in an address is not allowed: ${clip(text)}`);
  const port = /:(\d+)$/.exec(authority.replace(/^\[[^\]]*\]/, ''))?.[1];
  if (port !== undefined && Number(port) === 0) throw new InputError(`not a usable port: ${clip(text)}`);
  const host = authority.replace(/^\[([^\]]*)\].*$/, '$1').replace(/:\d*$/, '');
  if (isNonCanonicalIpv4(host)) throw new InputError(`an IP address must be written as four numbers 0-255 (like 192.0.2.1): ${clip(text)}`);
}

/** Host and port of a `tcpconnect://HOST:PORT` input, or null for any other input. */
export function parseTcpConnect(input: string): { host: string; port: number } | null {
  if (!input.toLowerCase().startsWith(`${TCPCONNECT_PROTOCOL}//`)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1) return null;
  // tcpconnect is not a scheme URL knows, so its host is not lower-cased for us.
  return { host: url.hostname.toLowerCase(), port };
}

function checkHost(host: string): void {
  if (!HOST.test(host) && !IPV4.test(host)) throw new InputError(`not a host name: ${clip(host)}`);
  if (isNonCanonicalIpv4(host)) throw new InputError(`an IP address must be written as four numbers 0-255 (like 192.0.2.1): ${clip(host)}`);
}

/** `tcpconnect://HOST:PORT` exactly: a port is required, a path or query means a typo. */
function normaliseTcpConnect(text: string): { input: string; host: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`not a valid URL: ${clip(text)}`);
  }
  if (!url.port) throw new InputError(`a tcpconnect input needs a port (tcpconnect://HOST:PORT): ${clip(text)}`);
  if (Number(url.port) < 1) throw new InputError(`not a usable port: ${clip(text)}`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash || rawAuthority(text).includes('@')) {
    throw new InputError(`a tcpconnect input is only tcpconnect://HOST:PORT: ${clip(text)}`);
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  checkHost(host);
  return { input: `tcpconnect://${host}:${url.port}`, host };
}

/** `meydan.tv` -> `https://meydan.tv/`; URLs keep their scheme and path; anything else is refused. */
export function normaliseInput(raw: string): { input: string; host: string } {
  const text = raw.trim();
  if (!text) throw new InputError('empty entry');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (text.toLowerCase().startsWith(`${TCPCONNECT_PROTOCOL}//`)) return normaliseTcpConnect(text);
    checkAuthority(text);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InputError(`not a valid URL: ${clip(text)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InputError(`only http, https and tcpconnect inputs can be tested: ${clip(text)}`);
    }
    checkHost(url.hostname);
    return { input: url.toString(), host: url.hostname.toLowerCase() };
  }
  if (!HOST.test(text)) throw new InputError(`not a URL or host name: ${clip(text)}`);
  const host = text.toLowerCase().replace(/\.$/, '');
  checkHost(host);
  return { input: `https://${host}/`, host };
}
