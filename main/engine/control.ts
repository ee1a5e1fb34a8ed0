// Client for OONI's web-connectivity test-helper protocol: the control. In production it tells
// OONI's helper which URL is being tested, so it is used only with the user's consent.
import { ControlSchema, type Control } from '../contract/observations.ts';
import type { Network } from './network.ts';
import { originClient } from './connect.ts';
import { BROWSER_HEADERS } from './http.ts';
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
        const { client } = originClient(net, origin, address, signal, timeoutMs);
        try {
          const response = await client.request({
            method: 'POST',
            path: origin.pathname,
            headers: { 'content-type': 'application/json', 'user-agent': 'yoxla' },
            body: JSON.stringify({
              http_request: request.input,
              http_request_headers: Object.fromEntries(Object.entries(BROWSER_HEADERS).map(([k, v]) => [k, [v]])),
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
