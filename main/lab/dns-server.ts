// The lab's resolvers over UDP and TCP: a truthful one (the foreign/VPN view) and the ISP's, which
// lies per the scenario's `dns` rules, answers everything with the portal behind a captive portal,
// and is as far away as the scenario's RTT.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { ruleMatchesHost, type Scenario } from './scenario.ts';
import { LAB_HOSTS, normalizeHost, type AddressBook } from './address-book.ts';

/** What a resolver does with one question: `a` is the answer to A queries (others get none). */
export type DnsDecision = { a: string } | 'nxdomain' | 'silence';
export type DnsPolicy = (name: string) => DnsDecision;

const RCODE_NXDOMAIN = 3;
const TTL_S = 60;

/**
 * Names under `.invalid` (RFC 6761) exist nowhere: every resolver says NXDOMAIN, so a scenario can
 * name a site that does not exist at all.
 */
const existsNowhere = (name: string): boolean => /(^|\.)invalid$/.test(name);

/** Every name resolves (but `.invalid` ones), so a host the scenario never names is a healthy origin. */
export function truthfulPolicy(book: AddressBook): DnsPolicy {
  return (name) => (existsNowhere(name) ? 'nxdomain' : { a: book.addressOf(name) });
}

/** The ISP resolver of the domestic path. */
export function domesticPolicy(scenario: Scenario, book: AddressBook): DnsPolicy {
  const dnsRules = scenario.censor.flatMap((rule) => (rule.at === 'dns' ? [rule] : []));
  return (name) => {
    if (scenario.network.state === 'captive-portal') return { a: book.addressOf(LAB_HOSTS.portal) };
    if (existsNowhere(name)) return 'nxdomain';
    const rule = dnsRules.find((r) => ruleMatchesHost(r, name));
    if (!rule) return { a: book.addressOf(name) };
    if (rule.do === 'nxdomain') return 'nxdomain';
    if (rule.do === 'timeout') return 'silence';
    return { a: book.addressOf(LAB_HOSTS.sinkhole) };
  };
}

/** The reply to one wire-format query, or null when the resolver stays silent. */
export function answerQuery(query: Buffer, policy: DnsPolicy): Buffer | null {
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(query);
  } catch {
    return null; // garbage gets what a real resolver gives it: nothing useful
  }
  const question = packet.questions?.[0];
  if (!question || packet.type === 'response') return null;
  const decision = policy(normalizeHost(question.name));
  if (decision === 'silence') return null;
  const answers: dnsPacket.Answer[] =
    decision !== 'nxdomain' && question.type === 'A'
      ? [{ type: 'A', name: question.name, ttl: TTL_S, data: decision.a }]
      : [];
  return dnsPacket.encode({
    type: 'response',
    id: packet.id ?? 0,
    flags:
      (packet.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) |
      dnsPacket.RECURSION_AVAILABLE |
      (decision === 'nxdomain' ? RCODE_NXDOMAIN : 0),
    questions: [question],
    answers,
  });
}

export interface DnsServer {
  readonly udpPort: number;
  readonly tcpPort: number;
  close(): Promise<void>;
}

export async function startDnsServer(options: { policy: DnsPolicy; delayMs: number }): Promise<DnsServer> {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  let closed = false;

  const later = (fn: () => void) => {
    if (options.delayMs <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, options.delayMs);
    timers.add(timer);
  };

  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    const reply = answerQuery(msg, options.policy);
    if (reply) later(() => udp.send(reply, rinfo.port, rinfo.address));
  });
  udp.on('error', () => {}); // a client that went away before its answer is no concern of ours
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));

  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const query = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + query.length);
        const reply = answerQuery(query, options.policy);
        if (!reply) continue;
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(reply.length);
        later(() => socket.write(Buffer.concat([prefix, reply])));
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));

  const udpPort = udp.address().port;
  const tcpPort = (tcp.address() as net.AddressInfo).port;
  return {
    udpPort,
    tcpPort,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => tcp.close(() => resolve())),
        new Promise<void>((resolve) => udp.close(() => resolve())),
      ]);
    },
  };
}
