// What makes an endpoint URL or a DoH address acceptable (main/contract/endpoints.ts), as plain
// functions without zod: the CLI flags, main's schemas and the app's Settings → Advanced share these
// rules, and the renderer bundle carries no zod. No Node imports.

export type EndpointProtocol = 'http:' | 'https:';

/** Plain HTTP is allowed for a helper the person runs themselves (oohelperd listens on HTTP); the network then sees the tested URLs. */
export const CONTROL_PROTOCOLS: readonly EndpointProtocol[] = ['https:', 'http:'];
export const DOH_PROTOCOLS: readonly EndpointProtocol[] = ['https:'];
export const PORTAL_CHECK_PROTOCOLS: readonly EndpointProtocol[] = ['http:', 'https:'];
export const EGRESS_PROTOCOLS: readonly EndpointProtocol[] = ['http:', 'https:'];

/** Why `text` cannot be used as an endpoint URL, in one line; null when it can. */
export function endpointUrlProblem(text: string, protocols: readonly EndpointProtocol[]): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${JSON.stringify(text)} is not a URL`;
  }
  if (!(protocols as readonly string[]).includes(url.protocol)) {
    return `${text} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`;
  }
  if (url.hostname === '') return `${text} names no host`;
  if (url.username !== '' || url.password !== '') return `${text} must not carry a user name or password`;
  if (url.hash !== '') return `${text} must not carry a #fragment`;
  return null;
}

// The same tests as zod's z.ipv4() and z.ipv6() (zod/v4/core: the ipv4 pattern; isValidIPv6),
// which these rules used before; test/unit/endpoint-rules.test.ts checks that both still agree.
const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
/** `new URL` parses an authority, not an address: the alphabet keeps `@`, `\` and whitespace out. */
const IPV6_ALPHABET = /^[0-9a-fA-F:.]+$/;

/** True for an IPv4 or IPv6 address written plainly (no brackets, no port, no zone). */
export function isIpAddress(text: string): boolean {
  return IPV4.test(text) || (IPV6_ALPHABET.test(text) && URL.canParse(`http://[${text}]`));
}

/** Why `text` is not an IP address (v4 or v6, no brackets, no port); null when it is one. */
export function ipAddressProblem(text: string): string | null {
  return isIpAddress(text) ? null : `${JSON.stringify(text)} is not an IPv4 or IPv6 address`;
}

/** The host of a URL when it is an IP literal (brackets removed), else null. */
export function urlIpLiteral(text: string): string | null {
  try {
    const host = new URL(text).hostname.replace(/^\[(.*)\]$/, '$1');
    return isIpAddress(host) ? host : null;
  } catch {
    return null;
  }
}

/** The DoH resolver needs an address to reach it without asking the resolver it checks. */
export function dohAddressProblem(dohUrl: string | null, dohAddress: string | null): string | null {
  if (dohUrl === null) return dohAddress === null ? null : 'a DoH address needs a DoH URL (--doh URL)';
  if (dohAddress === null && urlIpLiteral(dohUrl) === null) return `${dohUrl}: say its address with --doh-address IP`;
  return null;
}
