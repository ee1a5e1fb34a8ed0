// A small run with one target for each kind of outcome, judged by the real analysis: the report
// tests render, export and redact it without starting the lab.
import type { Control, Observation } from '../../main/contract/observations.ts';
import type { Result, Run } from '../../main/contract/run.ts';
import { analyze } from '../../main/analysis/index.ts';
import * as o from './observations.ts';

export const PUBLIC_IP = '198.51.100.7';

export function judged(
  input: string,
  host: string,
  observations: Observation[],
  control: Control | null,
  extra: Partial<Result> = {},
): Result {
  const controlFailure = control ? null : 'no-consent';
  const verdict = analyze({ target: { input, host, kind: 'web' }, observations, control, controlFailure, connectivity: 'ok' });
  return { input, host, kind: 'web', durationMs: 1234, observations, control, controlFailure, ...verdict, ...extra };
}

const H = o.HOST;

/** One result per outcome: works, SNI drop, NXDOMAIN, block page (hostile title), interception, down, no control. */
export function sampleResults(): Result[] {
  const sniDrop = [
    o.dns(),
    o.tcp(),
    o.tls({ failure: 'generic_timeout_error' }),
    o.sniTest(true),
    o.dns({ attempt: 1 }),
    o.tcp({ attempt: 1 }),
    o.tls({ attempt: 1, failure: 'generic_timeout_error' }),
  ];
  const nxdomain = [o.dnsFail('dns_nxdomain_error', 0), o.dnsFail('dns_nxdomain_error', 1), o.doh()];
  const page = [
    o.dns(),
    o.tcp({ port: 80 }),
    o.blockpage({ title: '<script>alert("x")</script> =HYPERLINK("evil")' }),
    o.dns({ attempt: 1 }),
    o.tcp({ port: 80, attempt: 1 }),
    o.blockpage({ attempt: 1, title: '<script>alert("x")</script> =HYPERLINK("evil")' }),
  ];
  const mitmCert = o.cert({ issuer: 'CN=Azerbaijan Filter CA', subject: `CN=${H}` });
  const mitm = [0, 1].flatMap((attempt) => [
    o.dns({ attempt }),
    o.tcp({ attempt }),
    o.tls({ attempt, failure: 'ssl_unknown_authority', chain: [mitmCert], verified: false, tlsVersion: 'TLSv1.2' }),
  ]);
  const down = [0, 1, 2].flatMap((attempt) => [o.dns({ attempt }), o.tcp({ attempt, failure: 'connection_refused' })]);
  const noControl = [0, 1].flatMap((attempt) => [o.dns({ attempt }), o.tcp({ attempt }), o.tls({ attempt, failure: 'connection_reset' })]);
  return [
    judged(o.HTTPS_INPUT, H, o.httpsOk(), o.control(), { app: 'tiktok' }),
    judged('https://www.tiktok.com/', 'www.tiktok.com', sniDrop, o.control(), { app: 'tiktok' }),
    judged(o.HTTPS_INPUT.replace(H, `nx.${H}`), `nx.${H}`, nxdomain, o.control()),
    judged(o.HTTP_INPUT, H, page, o.httpControl()),
    judged(o.HTTPS_INPUT.replace(H, `mitm.${H}`), `mitm.${H}`, mitm, o.control()),
    judged(o.HTTPS_INPUT.replace(H, `down.${H}`), `down.${H}`, down, o.controlDown()),
    judged(o.HTTPS_INPUT.replace(H, `nc.${H}`), `nc.${H}`, noControl, null),
  ];
}

export function sampleRun(overrides: Partial<Run> = {}): Run {
  return {
    schema: 'yoxla.run/1',
    software: { name: 'yoxla', version: '0.1.0' },
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:01:00.000Z',
    mode: 'check',
    interrupted: false,
    network: { asn: 'AS29049', cc: 'AZ', name: 'Delta Telecom', vpn: 'off', rttMs: 100, connectivity: 'ok', connectivityEvidence: [] },
    results: sampleResults(),
    vpnImpact: [],
    ...overrides,
  };
}
