// Before any target is judged: is there a working path at all (offline? Wi-Fi login page?), and
// what is its round-trip time, from which every step's timeout is derived.
import type { Connectivity } from '../contract/verdict.ts';
import type { Observation } from '../contract/observations.ts';
import type { Network } from '../engine/network.ts';
import { tcpConnect } from '../engine/tcp.ts';
import { tlsHandshake } from '../engine/tls.ts';
import { httpFetch } from '../engine/http.ts';
import { resolveSystem } from '../engine/dns.ts';
import { appendAll, maxOf } from '../util/arrays.ts';

export interface ConnectivityProbe {
  /** A server that answers over HTTPS with a valid certificate: the DoH resolver or the test helper. */
  reference: { host: string; address: string; port: number };
  /** Plain-HTTP page whose expected answer a captive portal would replace. */
  portalCheck: { url: string; expectStatus: number };
}

export interface ConnectivityReport {
  connectivity: Connectivity;
  /** Largest of the samples: timeouts should fit the slow moments of the path, not its best. */
  rttMs: number | null;
  evidence: string[];
  observations: Observation[];
}

const SAMPLES = 3;
const PROBE_TIMEOUT_MS = 5_000;

export async function checkConnectivity(net: Network, probe: ConnectivityProbe, signal?: AbortSignal): Promise<ConnectivityReport> {
  const observations: Observation[] = [];
  const evidence: string[] = [];
  const to = { ip: probe.reference.address, port: probe.reference.port };
  const opts = { timeoutMs: PROBE_TIMEOUT_MS, signal };

  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const tcp = await tcpConnect(net, to, { ...opts, attempt: i });
    observations.push(tcp);
    if (tcp.failure === null) samples.push(tcp.t1 - tcp.t0);
    else if (i === 0 && tcp.failure !== 'generic_timeout_error') break; // unreachable at once: no need to wait twice more
  }
  const rttMs = samples.length ? maxOf(samples, 0) : null;

  if (rttMs !== null) {
    const hs = await tlsHandshake(net, to, probe.reference.host, { ...opts, purpose: 'measure' });
    observations.push(hs);
    if (hs.failure === null) return { connectivity: 'ok', rttMs, evidence: ['reference-tls-ok'], observations };
    evidence.push(`reference-tls-${hs.failure}`);
  } else {
    evidence.push('reference-unreachable');
  }

  // Something answers but not as the reference should, or nothing answers: look for a portal.
  const portalUrl = new URL(probe.portalCheck.url);
  const dns = await resolveSystem(net, portalUrl.hostname, opts);
  observations.push(dns);
  const address = dns.answers[0];
  if (address) {
    const hops = await httpFetch(net, probe.portalCheck.url, { ...opts, ip: address, maxRedirects: 0 });
    appendAll(observations, hops);
    const first = hops[0];
    if (first && first.failure === null && first.status !== probe.portalCheck.expectStatus) {
      evidence.push(`portal-check-status-${first.status}`);
      return { connectivity: 'captive-portal', rttMs, evidence, observations };
    }
    if (first?.failure === null) {
      evidence.push('portal-check-ok');
      // The plain-HTTP path works: the reference alone is in trouble, the network is usable.
      return { connectivity: 'ok', rttMs, evidence, observations };
    }
  } else {
    evidence.push(`dns-${dns.failure ?? 'no-answer'}`);
  }
  if (rttMs === null) return { connectivity: 'offline', rttMs, evidence, observations };
  return { connectivity: 'unknown', rttMs, evidence, observations };
}
