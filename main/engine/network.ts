// A `Network` is everything the engine may touch: how to reach a resolver, how to open a TCP
// connection, which certificate authorities to trust. Production and the lab differ only here.
import net from 'node:net';
import dgram from 'node:dgram';
import ipaddr from 'ipaddr.js';

export interface Endpoint {
  ip: string;
  port: number;
}

export const endpointKey = (e: Endpoint): string => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);

export interface DohConfig {
  /** RFC 8484 endpoint, e.g. https://dns.example/dns-query. */
  url: string;
  /** Addresses of the DoH server's host, so DoH never depends on the resolver it checks. */
  bootstrap: string[];
}

export interface Network {
  /** For evidence only: `system`, `lab:domestic`, `lab:vpn`, ... */
  readonly name: string;
  /** The "system" resolvers (the ISP's), queried with `dnsExchange`. */
  readonly resolvers: Endpoint[];
  /** Extra trust anchors (PEM). Undefined: the platform's roots. The lab passes its own CA only. */
  readonly ca?: string[];
  readonly doh?: DohConfig;
  /**
   * Sends one DNS message and returns the raw reply. Rejects with a Node-style error (`code`)
   * so the failure mapping sees the same errors as for sockets.
   */
  dnsExchange(server: Endpoint, query: Buffer, transport: 'udp' | 'tcp', signal: AbortSignal): Promise<Buffer>;
  /**
   * The operating system's own lookup (getaddrinfo), when this network can make it: the addresses
   * in the order the OS gives them. Rejects with a Node-style error (`ENOTFOUND`, `ENODATA`, ...).
   * Absent in the lab and behind the loopback guard, whose lookups go to `resolvers` instead.
   */
  osLookup?(host: string, signal: AbortSignal): Promise<string[]>;
  /** Opens a TCP connection; resolves once connected. Rejects with a Node-style error. */
  dial(to: Endpoint, signal: AbortSignal): Promise<net.Socket>;
  /**
   * Is this an address on the person's own machine or local network (a router, a Wi-Fi login
   * page, a local filter), never to be fetched because a site redirected there? Default
   * `isNonPublicAddress`. The lab, whose whole internet lives on 127.x, says which of those
   * addresses are its "public" hosts; any other loopback or private address is local to it too.
   */
  isLocalAddress?(ip: string): boolean;
}

/** Address ranges that are someone's own machine or network, not the internet (IANA special-purpose). */
const LOCAL_RANGES = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified', 'broadcast', 'multicast']);

/**
 * True for loopback, private (RFC 1918), link-local, unique-local, shared (CGNAT), unspecified,
 * broadcast and multicast addresses, also when written as IPv4-mapped, NAT64 (64:ff9b::/96) or
 * 6to4 IPv6; and for anything that is not an IP address at all (nothing unknown is fetched).
 */
export function isNonPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return true;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv6') {
    const parts = (parsed as ipaddr.IPv6).parts;
    const range = parsed.range();
    const embedded = (hi: number | undefined, lo: number | undefined) =>
      new ipaddr.IPv4([(hi ?? 0) >> 8, (hi ?? 0) & 0xff, (lo ?? 0) >> 8, (lo ?? 0) & 0xff]).toString();
    if (range === 'rfc6052') return isNonPublicAddress(embedded(parts[6], parts[7]));
    if (range === '6to4') return isNonPublicAddress(embedded(parts[1], parts[2]));
  }
  return LOCAL_RANGES.has(parsed.range());
}

/** The network's own rule, or the default. */
export const isLocalAddressFor = (net: Pick<Network, 'isLocalAddress'>, ip: string): boolean =>
  net.isLocalAddress ? net.isLocalAddress(ip) : isNonPublicAddress(ip);

/** Error raised when a guarded network is asked to leave loopback. Maps to `unknown_failure`. */
export class LoopbackGuardError extends Error {
  readonly code = 'EYOXLA_GUARD';
  constructor(readonly address: string) {
    super(`loopback guard refused ${address}`);
  }
}

export function isLoopback(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const parsed = ipaddr.process(ip);
  return parsed.range() === 'loopback';
}

function assertLoopback(ip: string): void {
  if (!isLoopback(ip)) throw new LoopbackGuardError(ip);
}

/**
 * Wraps a network so that nothing it does can reach beyond 127.0.0.0/8 or ::1. On in every test;
 * the lab's network is always wrapped.
 */
export function withLoopbackGuard(inner: Network): Network {
  const checkUrlHost = (doh?: DohConfig) => doh?.bootstrap.forEach(assertLoopback);
  checkUrlHost(inner.doh);
  return {
    name: inner.name,
    resolvers: inner.resolvers,
    ca: inner.ca,
    doh: inner.doh,
    async dnsExchange(server, query, transport, signal) {
      assertLoopback(server.ip);
      return inner.dnsExchange(server, query, transport, signal);
    },
    async dial(to, signal) {
      assertLoopback(to.ip);
      return inner.dial(to, signal);
    },
    ...(inner.isLocalAddress ? { isLocalAddress: inner.isLocalAddress.bind(inner) } : {}),
  };
}

/** Opens a plain TCP connection, honouring the abort signal. */
export function dialDirect(to: Endpoint, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = net.connect({ host: to.ip, port: to.port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    });
  });
}

/** One DNS exchange over UDP (one datagram each way) or TCP (two-byte length prefix). */
export function dnsExchangeDirect(
  server: Endpoint,
  query: Buffer,
  transport: 'udp' | 'tcp',
  signal: AbortSignal,
  dial: (to: Endpoint, signal: AbortSignal) => Promise<net.Socket> = dialDirect,
): Promise<Buffer> {
  if (transport === 'tcp') return dnsOverTcp(server, query, signal, dial);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = dgram.createSocket(server.ip.includes(':') ? 'udp6' : 'udp4');
    const done = (fn: () => void) => {
      signal.removeEventListener('abort', onAbort);
      socket.close();
      fn();
    };
    const onAbort = () => done(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('message', (msg) => done(() => resolve(msg)));
    socket.once('error', (err) => done(() => reject(err)));
    socket.send(query, server.port, server.ip);
  });
}

async function dnsOverTcp(
  server: Endpoint,
  query: Buffer,
  signal: AbortSignal,
  dial: (to: Endpoint, signal: AbortSignal) => Promise<net.Socket>,
): Promise<Buffer> {
  const socket = await dial(server, signal);
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const finish = (fn: () => void) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      fn();
    };
    const onAbort = () => finish(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length >= 2 + length) finish(() => resolve(buffered.subarray(2, 2 + length)));
      }
    });
    socket.once('error', (err) => finish(() => reject(err)));
    socket.once('end', () => finish(() => reject(Object.assign(new Error('EOF'), { code: 'EOF' }))));
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    socket.write(Buffer.concat([prefix, query]));
  });
}
