// The lab's control vantage point: a server for OONI's web-connectivity test-helper protocol
// (as oohelperd does: resolve, connect to every endpoint, handshake, fetch), measuring with the
// engine over the lab's uncensored foreign path. The production control client is tested against it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Control } from '../contract/observations.ts';
import type { Network } from '../engine/network.ts';
import { resolveSystem } from '../engine/dns.ts';
import { tcpConnect } from '../engine/tcp.ts';
import { tlsHandshake } from '../engine/tls.ts';
import { httpFetch } from '../engine/http.ts';
import { bogonRange } from '../analysis/dns-consistency.ts';

const RequestSchema = z.object({
  http_request: z.string().url(),
  http_request_headers: z.record(z.string(), z.array(z.string())).optional(),
  tcp_connect: z.array(z.string()).default([]),
});

const STEP_TIMEOUT_MS = 5_000;
const MAX_BODY = 2_000_000;

function parseEndpoint(text: string): { ip: string; port: number } | null {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  return match?.[1] && match[2] ? { ip: match[1], port: Number(match[2]) } : null;
}

/** oohelperd's ip_info flags (probe-cli's model.THIPInfoFlag*). */
export const IP_INFO_FLAGS = { resolvedByProbe: 1, resolvedByTh: 2, isBogon: 4, validForDomain: 8 } as const;

/**
 * oohelperd's words for its own DNS lookup: NXDOMAIN is `dns_name_error`; a reply without
 * addresses is no failure at all, just no addresses (as the legacy helper replied); any other
 * failure is `unknown_error`.
 */
export function helperDnsFailure(failure: string | null, rcode: string | null): string | null {
  if (failure === null) return null;
  if (failure === 'dns_nxdomain_error' || rcode === 'NXDOMAIN') return 'dns_name_error';
  if (failure === 'dns_no_answer') return null;
  return 'unknown_error';
}

/**
 * Whether oohelperd would skip an address as a bogon. The lab's whole internet lives on 127/8, so
 * loopback counts as public here; every other reserved range is a bogon, as for oohelperd.
 */
const isLabBogon = (ip: string): boolean => {
  const range = bogonRange(ip);
  return range !== null && range !== 'loopback';
};

/**
 * The ports oohelperd tries at every address: the URL's own port when it names one, 443 for an
 * https URL, and both 80 and 443 for an http URL (to learn whether HTTPS would work).
 */
export function helperPorts(url: URL): number[] {
  if (url.port) return [Number(url.port)];
  return url.protocol === 'https:' ? [443] : [80, 443];
}

const key = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * As oohelperd does: resolve, then connect to every address either side found (the probe's from
 * its `tcp_connect` list, the helper's own), bogons skipped, on the ports above; handshake for
 * the URL's name on port 443; fetch the URL; describe every address in `ip_info`.
 */
export async function measureForControl(net: Network, input: string, endpoints: string[]): Promise<Control> {
  const url = new URL(input);
  const timing = { timeoutMs: STEP_TIMEOUT_MS };
  const dns = await resolveSystem(net, url.hostname, timing);
  const flags = new Map<string, number>();
  const mark = (ip: string, flag: number) => flags.set(ip, (flags.get(ip) ?? 0) | flag);
  for (const text of endpoints.slice(0, 8)) {
    const to = parseEndpoint(text);
    if (to) mark(to.ip, IP_INFO_FLAGS.resolvedByProbe);
  }
  for (const ip of dns.answers) mark(ip, IP_INFO_FLAGS.resolvedByTh);
  for (const ip of flags.keys()) if (isLabBogon(ip)) mark(ip, IP_INFO_FLAGS.isBogon);

  const tcp: Control['tcp_connect'] = {};
  const handshakes: Control['tls_handshake'] = {};
  const targets = [...flags].filter(([, f]) => (f & IP_INFO_FLAGS.isBogon) === 0).map(([ip]) => ip);
  // oohelperd keeps only the addresses of the probe's endpoints. Yoxla's helper also connects to
  // the endpoints exactly as asked, so an app's own port (XMPP's 5222, ...) has a control too.
  const asked = endpoints.slice(0, 8).flatMap((text) => parseEndpoint(text) ?? []).filter((e) => !isLabBogon(e.ip));
  const pairs = new Map<string, { ip: string; port: number }>();
  for (const ip of targets) for (const port of helperPorts(url)) pairs.set(key(ip, port), { ip, port });
  for (const e of asked) pairs.set(key(e.ip, e.port), e);
  await Promise.all(
    [...pairs.values()].map(async (to) => {
      const connect = await tcpConnect(net, to, timing);
      tcp[key(to.ip, to.port)] = { status: connect.failure === null, failure: connect.failure };
      if (connect.failure === null && to.port === 443) {
        const hs = await tlsHandshake(net, to, url.hostname, timing);
        handshakes[key(to.ip, to.port)] = { server_name: url.hostname, status: hs.failure === null, failure: hs.failure };
        if (hs.failure === null) mark(to.ip, IP_INFO_FLAGS.validForDomain);
      }
    }),
  );
  const firstAddress = dns.answers.find((a) => !a.includes(':')) ?? dns.answers[0];
  let http: Control['http_request'] = { body_length: -1, failure: dns.failure ?? 'dns_lookup_error', title: '', headers: {}, status_code: -1 };
  if (firstAddress) {
    const hops = await httpFetch(net, input, {
      ...timing,
      ip: firstAddress,
      maxBodyBytes: MAX_BODY,
      resolve: async (host) => (await resolveSystem(net, host, timing)).answers,
    });
    const last = hops.at(-1);
    if (last) {
      http = {
        body_length: last.bodyLength ?? -1,
        failure: last.failure,
        title: last.title ?? '',
        headers: last.headers,
        status_code: last.status ?? -1,
      };
    }
  }
  return {
    tcp_connect: tcp,
    tls_handshake: handshakes,
    http_request: http,
    dns: { failure: helperDnsFailure(dns.failure, dns.rcode), addrs: dns.answers },
    // The lab has no ASN database: 0, as oohelperd writes for an address it cannot place.
    ip_info: Object.fromEntries([...flags].map(([ip, f]) => [ip, { asn: 0, flags: f }])),
  };
}

/** Request handler for POST on th.lab.yoxla; measures with `controlNet` (uncensored, foreign). */
export function createControlHandler(controlNet: Network): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      let parsed: z.infer<typeof RequestSchema>;
      try {
        parsed = RequestSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
        return;
      }
      measureForControl(controlNet, parsed.http_request, parsed.tcp_connect).then(
        (control) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(control)),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    });
  };
}
