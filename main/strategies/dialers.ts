// Each strategy is the user's own network with one thing changed, handed to the same engine:
// how the first bytes of a connection leave (tcp-split, tls-record-split, host-case) or which
// resolver answers (doh). Everything else, the loopback guard and the trust store included, is
// the base network's.
import type { Network } from '../engine/network.ts';
import { cutOffset, firstRecordLength, splitRecord } from './client-hello.ts';
import { requestHeadLength, rewriteHostHeader } from './host-case.ts';
import { asDialledSocket, RewritingSocket, type FirstMessagePlan } from './rewriting-socket.ts';
import { dohExchange } from './doh-exchange.ts';

/**
 * Long enough for the first piece to be read on its own by a reader on this machine (the lab's
 * box runs in the same process, one event-loop turn away); on a real path the pieces are separate
 * segments anyway, since Nagle's algorithm is off.
 */
export const SPLIT_PAUSE_MS = 10;

function rewritingNetwork(base: Network, name: string, plan: FirstMessagePlan, noDelay: boolean): Network {
  return {
    ...base,
    name: `${base.name}+${name}`,
    async dial(to, signal) {
      const socket = await base.dial(to, signal);
      if (noDelay) socket.setNoDelay(true);
      return asDialledSocket(new RewritingSocket(socket, plan));
    },
  };
}

const measureRecord = (bytes: Buffer): number | 'wait' | 'pass' => {
  const length = firstRecordLength(bytes);
  return length === 'not-tls' ? 'pass' : length;
};

/** The ClientHello written as two TCP segments, cut inside the server name. */
export function tcpSplitNetwork(base: Network, pauseMs = SPLIT_PAUSE_MS): Network {
  return rewritingNetwork(
    base,
    'tcp-split',
    {
      measure: measureRecord,
      rewrite(record) {
        const cut = cutOffset(record);
        return cut === null ? [record] : [record.subarray(0, cut), record.subarray(cut)];
      },
      pauseMs,
    },
    true,
  );
}

/** The ClientHello re-framed as two TLS records, cut inside the server name, sent in one write. */
export function tlsRecordSplitNetwork(base: Network): Network {
  return rewritingNetwork(
    base,
    'tls-record-split',
    {
      measure: measureRecord,
      rewrite(record) {
        const cut = cutOffset(record);
        return cut === null ? [record] : [Buffer.concat(splitRecord(record, cut))];
      },
      pauseMs: 0,
    },
    false,
  );
}

/** Plain HTTP requests with the Host header's value in mixed case. */
export function hostCaseNetwork(base: Network): Network {
  return rewritingNetwork(
    base,
    'host-case',
    {
      measure(bytes) {
        const length = requestHeadLength(bytes);
        return length === 'not-http' ? 'pass' : length;
      },
      rewrite: (head) => [rewriteHostHeader(head)],
      pauseMs: 0,
    },
    false,
  );
}

/**
 * Names resolved through the network's DNS-over-HTTPS resolver instead of the ISP's: the engine's
 * "system" lookup sends its DNS message to the DoH server (RFC 8484 carries the same message).
 * The resolver is reached at its bootstrap address, so the ISP's resolver is never asked.
 */
export function dohResolverNetwork(base: Network): Network | null {
  const doh = base.doh;
  if (!doh || doh.bootstrap.length === 0) return null;
  let host: string;
  try {
    host = new URL(doh.url).hostname;
  } catch {
    return null;
  }
  return {
    ...base,
    name: `${base.name}+doh`,
    // Named for the evidence: the DNS observations then say `<doh host>:443`.
    resolvers: [{ ip: host, port: 443 }],
    dnsExchange: (_server, query, _transport, signal) => dohExchange(base, doh, query, signal),
  };
}
