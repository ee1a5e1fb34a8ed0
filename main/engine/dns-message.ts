// DNS messages for the system and DoH resolvers: one query per record type, and what a reply
// means in OONI's words. Combining A and AAAA follows probe-cli's parallel resolver.
import { isIP } from 'node:net';
import dnsPacket from 'dns-packet';

export type QueryType = 'A' | 'AAAA';

/** What one query (A or AAAA) came back with. */
export interface TypeResult {
  /** Name of the reply's response code; null when no usable reply arrived. */
  rcode: string | null;
  addresses: string[];
  failure: string | null;
  /** The reply had the TC bit: the answer is only complete over TCP. */
  truncated: boolean;
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

const RCODE_FAILURE: Readonly<Record<string, string>> = {
  NXDOMAIN: 'dns_nxdomain_error',
  SERVFAIL: 'dns_servfail_error',
  REFUSED: 'dns_refused_error',
};

/** Room for a full answer over UDP without fragmentation (the DNS flag day 2020 value). */
const EDNS_UDP_SIZE = 1232;

export function encodeQuery(host: string, type: QueryType, id: number): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name: host, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, flags: 0 } as dnsPacket.Answer],
  });
}

export const failed = (failure: string): TypeResult => ({ rcode: null, addresses: [], failure, truncated: false });

/** Reads a reply; `expectedId` guards against answers to someone else's question. */
export function decodeReply(reply: Buffer, expectedId: number): TypeResult {
  let packet: dnsPacket.DecodedPacket;
  try {
    packet = dnsPacket.decode(reply);
  } catch {
    // Go's resolver, which OONI's system lookups go through, calls an unparsable reply this.
    return failed('dns_server_misbehaving');
  }
  if (packet.id !== expectedId) return failed('dns_reply_with_wrong_query_id');
  const code = (packet.flags ?? 0) & 0xf;
  const rcode = RCODES[code] ?? `RCODE_${code}`;
  // Every A and AAAA in the answer section: that follows CNAME chains the server resolved.
  const addresses = (packet.answers ?? []).flatMap((a) =>
    (a.type === 'A' || a.type === 'AAAA') && isIP(a.data) !== 0 ? [a.data] : [],
  );
  const truncated = packet.flag_tc === true;
  if (rcode !== 'NOERROR') return { rcode, addresses: [], failure: RCODE_FAILURE[rcode] ?? 'dns_server_misbehaving', truncated };
  return { rcode, addresses, failure: addresses.length ? null : 'dns_no_answer', truncated };
}

/**
 * Both queries as one lookup: any address is success; otherwise the A query's failure speaks
 * for the lookup, since a missing AAAA record says little about the site.
 */
export function combine(a: TypeResult, aaaa: TypeResult): { answers: string[]; rcode: string | null; failure: string | null } {
  const answers = [...new Set([...a.addresses, ...aaaa.addresses])];
  return {
    answers,
    rcode: a.rcode,
    failure: answers.length ? null : (a.failure ?? aaaa.failure ?? 'dns_no_answer'),
  };
}

/** The address itself when `host` is an IP literal (bracketed IPv6 as in URLs included). */
export function ipLiteral(host: string): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 ? bare : null;
}
