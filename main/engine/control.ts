// Client for OONI's web-connectivity test-helper protocol: the control. In production it tells
// OONI's helper which URL is being tested, so it is used only with the user's consent.
import tls from 'node:tls';
import { Client } from 'undici';
import { ControlSchema, type Control } from '../contract/observations.ts';
import type { Endpoint, Network } from './network.ts';
import { toFailure } from './failure.ts';

export interface ControlRequest {
  input: string;
  /** `ip:port` endpoints the probe connected to, so the helper tests the same addresses. */
  tcpConnect: string[];
}

export interface ControlOutcome {
  control: Control | null;
  /** OONI failure string when the helper could not be reached or answered nonsense. */
  failure: string | null;
}

export interface ControlClient {
  query(request: ControlRequest, timeoutMs: number, signal?: AbortSignal): Promise<ControlOutcome>;
}

export interface HelperEndpoint {
  /** e.g. https://0.th.ooni.org/ or the lab's https://th.lab.yoxla/ */
  url: string;
  /** Where to connect; the helper's name is only used for SNI and certificate checks. */
  addresses: string[];
}

const HEADERS = {
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-US;q=0.8,en;q=0.5',
};

/** An undici client that reaches `origin` at `address` through `net` (so the lab and guard apply). */
export function clientThrough(net: Network, origin: URL, address: string, signal: AbortSignal): Client {
  const port = Number(origin.port || (origin.protocol === 'https:' ? 443 : 80));
  const to: Endpoint = { ip: address, port };
  return new Client(origin.origin, {
    connect: (_opts, callback) => {
      net.dial(to, signal).then(
        (socket) => {
          if (origin.protocol !== 'https:') return callback(null, socket);
          const secure = tls.connect({ socket, servername: origin.hostname, ca: net.ca, ALPNProtocols: ['http/1.1'] });
          secure.once('secureConnect', () => {
            secure.removeAllListeners('error');
            callback(null, secure);
          });
          secure.once('error', (err) => {
            socket.destroy();
            callback(err, null);
          });
        },
        (err: Error) => callback(err, null),
      );
    },
  });
}

export function testHelperClient(net: Network, helper: HelperEndpoint): ControlClient {
  return {
    async query(request, timeoutMs, outerSignal) {
      const signal = outerSignal ? AbortSignal.any([outerSignal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const origin = new URL(helper.url);
      let lastFailure = 'unknown_failure: no test helper address';
      // A reset on a poor connection should not cost the whole target its control: try three
      // times, moving through the helper's addresses, within the one overall timeout.
      const tries = helper.addresses.length ? Array.from({ length: 3 }, (_, i) => helper.addresses[i % helper.addresses.length] as string) : [];
      for (const address of tries) {
        if (signal.aborted) break;
        const client = clientThrough(net, origin, address, signal);
        try {
          const response = await client.request({
            method: 'POST',
            path: origin.pathname,
            headers: { 'content-type': 'application/json', 'user-agent': 'yoxla' },
            body: JSON.stringify({
              http_request: request.input,
              http_request_headers: Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k, [v]])),
              tcp_connect: request.tcpConnect,
              x_quic_enabled: false,
            }),
            signal,
          });
          const text = await response.body.text();
          if (response.statusCode !== 200) {
            lastFailure = `unknown_failure: test helper answered HTTP ${response.statusCode}`;
            continue;
          }
          const parsed = ControlSchema.safeParse(JSON.parse(text));
          if (!parsed.success) return { control: null, failure: 'unknown_failure: malformed test helper reply' };
          return { control: parsed.data, failure: null };
        } catch (err) {
          lastFailure = err instanceof SyntaxError ? 'unknown_failure: malformed test helper reply' : toFailure(err);
        } finally {
          await client.destroy().catch(() => undefined);
        }
      }
      return { control: null, failure: lastFailure };
    },
  };
}
