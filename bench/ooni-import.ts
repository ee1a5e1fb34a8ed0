// `ooni_import_s`: seconds to read and explain one large OONI web_connectivity measurement (about
// 24 MB, most of it df-008 network events of a slow page), as `yoxla explain` does. Generated
// here in LTE's layout; addresses are documentation ranges.
import { importedResult, parseMeasurements } from '../main/report/ooni-import.ts';

const TARGET_BYTES = 25_000_000;

function event(i: number): Record<string, unknown> {
  return {
    address: i % 9 === 0 ? `198.51.100.${1 + (i % 200)}:443` : '198.51.100.20:443',
    failure: null,
    num_bytes: 1400,
    operation: i % 4 === 0 ? 'write' : 'read',
    proto: 'tcp',
    t0: i * 0.0001,
    t: i * 0.0001 + 0.00005,
    tags: ['depth=0', 'fetch_body=true'],
    transaction_id: 3 + (i % 64),
  };
}

/** One measurement of about `bytes` characters of JSON. */
export function largeMeasurement(bytes = TARGET_BYTES): string {
  const perEvent = JSON.stringify(event(1)).length + 1;
  const count = Math.ceil(bytes / perEvent);
  const host = 'www.example.org';
  const page = `<html><head><title>Example</title></head><body>${'x'.repeat(2000)}</body></html>`;
  return JSON.stringify({
    data_format_version: '0.2.0',
    input: `https://${host}/`,
    measurement_start_time: '2023-09-20 08:15:02',
    probe_asn: 'AS28787',
    probe_cc: 'AZ',
    software_name: 'ooniprobe-cli',
    software_version: '3.22.0',
    test_name: 'web_connectivity',
    test_version: '0.5.28',
    test_keys: {
      queries: [{ answers: [{ answer_type: 'A', ipv4: '198.51.100.20', ttl: null }], engine: 'getaddrinfo', failure: null, hostname: host, query_type: 'ANY', resolver_address: '', t0: 0.001, t: 0.02, tags: ['depth=0'] }],
      tcp_connect: [{ ip: '198.51.100.20', port: 443, status: { failure: null, success: true }, t0: 0.03, t: 0.07, tags: ['depth=0'] }],
      tls_handshakes: [{ address: '198.51.100.20:443', failure: null, server_name: host, no_tls_verify: false, peer_certificates: [], t0: 0.08, t: 0.12, tags: ['depth=0'] }],
      requests: [{ address: '198.51.100.20:443', failure: null, request: { url: `https://${host}/`, method: 'GET', headers: {} }, response: { code: 200, headers: { 'Content-Type': 'text/html' }, body: page }, t0: 0.15, t: 0.25, tags: ['depth=0'] }],
      network_events: Array.from({ length: count }, (_, i) => event(i)),
      control: {
        tcp_connect: { '198.51.100.20:443': { status: true, failure: null } },
        tls_handshake: { '198.51.100.20:443': { server_name: host, status: true, failure: null } },
        http_request: { body_length: page.length, failure: null, title: 'Example', headers: { 'Content-Type': 'text/html' }, status_code: 200 },
        dns: { failure: null, addrs: ['198.51.100.20'] },
      },
      control_failure: null,
    },
  });
}

/** Seconds to parse and explain the generated measurement (best of three). */
export function ooniImportSeconds(text = largeMeasurement()): number {
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    const results = parseMeasurements(text, 'large.json').map(importedResult);
    if (results[0]?.status !== 'accessible') throw new Error(`large measurement judged ${results[0]?.status}`);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best;
}
