// The real network: the operating system's resolvers, direct sockets, the platform's roots.
import dns from 'node:dns';
import { isIP } from 'node:net';
import { dialDirect, dnsExchangeDirect, type DohConfig, type Endpoint, type Network } from './network.ts';

/** Cloudflare's resolver at fixed addresses: DoH must not depend on the resolver it checks. */
export const DEFAULT_DOH: DohConfig = { url: 'https://cloudflare-dns.com/dns-query', bootstrap: ['1.1.1.1', '1.0.0.1'] };

/** dns.getServers() entries: "192.0.2.1", "192.0.2.1:5353", "2001:db8::1", "[2001:db8::1]:5353". */
export function parseServer(entry: string): Endpoint | null {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(entry);
  if (bracketed?.[1] && bracketed[2] && isIP(bracketed[1])) return { ip: bracketed[1], port: Number(bracketed[2]) };
  if (isIP(entry)) return { ip: entry, port: 53 };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort?.[1] && withPort[2] && isIP(withPort[1])) return { ip: withPort[1], port: Number(withPort[2]) };
  return null;
}

export function systemResolvers(): Endpoint[] {
  return dns.getServers().flatMap((entry) => parseServer(entry) ?? []);
}

export function productionNetwork(options: { resolvers?: Endpoint[]; doh?: DohConfig } = {}): Network {
  return {
    name: 'system',
    resolvers: options.resolvers ?? systemResolvers(),
    ca: undefined,
    doh: options.doh ?? DEFAULT_DOH,
    dial: dialDirect,
    // getaddrinfo runs on libuv's thread pool and cannot be cancelled; the engine stops waiting at its deadline.
    osLookup: async (host) => (await dns.promises.lookup(host, { all: true, order: 'verbatim' })).map((a) => a.address),
    dnsExchange: (server, query, transport, signal) => dnsExchangeDirect(server, query, transport, signal),
  };
}
