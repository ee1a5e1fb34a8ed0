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

export async function measureForControl(net: Network, input: string, endpoints: string[]): Promise<Control> {
  const url = new URL(input);
  const timing = { timeoutMs: STEP_TIMEOUT_MS };
  const dns = await resolveSystem(net, url.hostname, timing);
  const tcp: Control['tcp_connect'] = {};
  const handshakes: Control['tls_handshake'] = {};
  await Promise.all(
    endpoints.slice(0, 8).map(async (key) => {
      const to = parseEndpoint(key);
      if (!to) return;
      const connect = await tcpConnect(net, to, timing);
      tcp[key] = { status: connect.failure === null, failure: connect.failure };
      if (connect.failure === null && url.protocol === 'https:') {
        const hs = await tlsHandshake(net, to, url.hostname, timing);
        handshakes[key] = { server_name: url.hostname, status: hs.failure === null, failure: hs.failure };
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
    dns: { failure: dns.failure, addrs: dns.answers },
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
