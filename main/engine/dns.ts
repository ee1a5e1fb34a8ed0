// The "system" resolver, as the ISP runs it: A and AAAA over UDP to the network's first
// resolver, again over TCP when a reply is truncated.
import { randomInt } from 'node:crypto';
import type { DnsObservation } from '../contract/observations.ts';
import { endpointKey, type Endpoint, type Network } from './network.ts';
import { abortable, startDeadline, type Deadline, type StepOptions } from './deadline.ts';
import { combine, decodeReply, encodeQuery, failed, ipLiteral, type QueryType, type TypeResult } from './dns-message.ts';

export async function resolveSystem(net: Network, host: string, o: StepOptions): Promise<DnsObservation> {
  const t0 = Date.now();
  const server = net.resolvers[0];
  const base = {
    step: 'dns' as const,
    resolver: 'system' as const,
    server: server ? endpointKey(server) : '',
    query: host,
    attempt: o.attempt ?? 0,
  };
  const literal = ipLiteral(host);
  if (literal !== null) return { ...base, answers: [literal], rcode: null, t0, t1: Date.now(), failure: null };
  if (!server) return { ...base, answers: [], rcode: null, t0, t1: Date.now(), failure: 'unknown_failure: no system resolver' };
  const deadline = startDeadline(o.timeoutMs, o.signal);
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
