// DNS in three roles (the third, DoH, is doh.ts):
// - `os`: the operating system's resolver, as every app on the device asks it (getaddrinfo: the
//   hosts file, OS-level encrypted DNS, a VPN's DNS). A Network that can call the OS resolver
//   does; one that cannot (the lab, a guarded test network) asks its first resolver the way a
//   stub resolver does, A and AAAA, which is what getaddrinfo does on a device configured with it.
// - `network`: the network's (provider's) resolver asked directly, A and AAAA over UDP, again
//   over TCP when a reply is truncated.
import { randomInt } from 'node:crypto';
import type { DnsObservation, DnsRole } from '../contract/observations.ts';
import { endpointKey, type Endpoint, type Network } from './network.ts';
import { abortable, startDeadline, type Deadline, type StepOptions } from './deadline.ts';
import { combine, decodeReply, encodeQuery, failed, ipLiteral, type QueryType, type TypeResult } from './dns-message.ts';

/** What the `os` role records as its server when the operating system answered. */
export const OS_RESOLVER = 'getaddrinfo';

/** The network's resolver, asked directly (role `network`). */
export function resolveNetwork(net: Network, host: string, o: StepOptions): Promise<DnsObservation> {
  return askResolver(net, host, o, 'network');
}

/** Kept for callers that only need the network resolver's addresses (connectivity, strategies). */
export const resolveSystem = resolveNetwork;

/** The operating system's resolver, as the person's apps see it (role `os`). */
export async function resolveOs(net: Network, host: string, o: StepOptions): Promise<DnsObservation> {
  if (!net.osLookup) return askResolver(net, host, o, 'os');
  const t0 = Date.now();
  const base = { step: 'dns' as const, resolver: 'os' as const, server: OS_RESOLVER, query: host, attempt: o.attempt ?? 0 };
  const literal = ipLiteral(host);
  if (literal !== null) return { ...base, answers: [literal], rcode: null, t0, t1: Date.now(), failure: null };
  const deadline = startDeadline(o.timeoutMs, o.signal, o.timeUp);
  try {
    const answers = await abortable(net.osLookup(host, deadline.signal), deadline.signal);
    if (answers.length === 0) return { ...base, answers, rcode: 'NOERROR', t0, t1: Date.now(), failure: 'dns_no_answer' };
    return { ...base, answers, rcode: 'NOERROR', t0, t1: Date.now(), failure: null };
  } catch (err) {
    const failure = deadline.failure(err);
    // getaddrinfo tells no rcode; its "no such name" is the NXDOMAIN the analysis reads.
    const rcode = failure === 'dns_nxdomain_error' ? 'NXDOMAIN' : null;
    return { ...base, answers: [], rcode, t0, t1: Date.now(), failure };
  } finally {
    deadline.dispose();
  }
}

async function askResolver(net: Network, host: string, o: StepOptions, role: DnsRole): Promise<DnsObservation> {
  const t0 = Date.now();
  const server = net.resolvers[0];
  const base = {
    step: 'dns' as const,
    resolver: role,
    server: server ? endpointKey(server) : '',
    query: host,
    attempt: o.attempt ?? 0,
  };
  const literal = ipLiteral(host);
  if (literal !== null) return { ...base, answers: [literal], rcode: null, t0, t1: Date.now(), failure: null };
  if (!server) return { ...base, answers: [], rcode: null, t0, t1: Date.now(), failure: 'unknown_failure: no system resolver' };
  const deadline = startDeadline(o.timeoutMs, o.signal, o.timeUp);
  try {
    const [a, aaaa] = await Promise.all([lookup(net, server, host, 'A', deadline), lookup(net, server, host, 'AAAA', deadline)]);
    return { ...base, ...combine(a, aaaa), t0, t1: Date.now() };
  } finally {
    deadline.dispose();
  }
}

async function lookup(net: Network, server: Endpoint, host: string, type: QueryType, deadline: Deadline): Promise<TypeResult> {
  const id = randomInt(0, 0x10000);
  const query = encodeQuery(host, type, id);
  const exchange = (transport: 'udp' | 'tcp') =>
    abortable(net.dnsExchange(server, query, transport, deadline.signal), deadline.signal);
  let udp: TypeResult;
  try {
    udp = decodeReply(await exchange('udp'), id);
  } catch (err) {
    return failed(deadline.failure(err));
  }
  if (!udp.truncated) return udp;
  try {
    return decodeReply(await exchange('tcp'), id);
  } catch (err) {
    // What the truncated reply did carry is better than nothing.
    return udp.addresses.length ? udp : failed(deadline.failure(err));
  }
}
