// Recorded runs for the VPN comparison: results judged by the real analysis from observations,
// wrapped in a run JSON as the runner makes it. Lets `yoxla vpn`'s phases run without a network.
import { analyze, type AnalysisInput } from '../../main/analysis/web.ts';
import type { Observation } from '../../main/contract/observations.ts';
import type { Result, Run } from '../../main/contract/run.ts';
import type { VpnStateReport } from '../../main/checks/vpn-state.ts';
import { dns, http, input, tcp, tls } from './observations.ts';

export function result(host: string, observations: Observation[], o: Partial<AnalysisInput> = {}): Result {
  const analysisInput = input(observations, { target: { input: `https://${host}/`, host, kind: 'local-service' }, ...o });
  const verdict = analyze(analysisInput);
  return {
    input: analysisInput.target.input,
    host,
    kind: 'local-service',
    set: 'local',
    status: verdict.status,
    method: verdict.method,
    durationMs: 120,
    observations,
    control: analysisInput.control,
    controlFailure: analysisInput.controlFailure,
    evidence: verdict.evidence,
    explanationKey: verdict.explanationKey,
  };
}

const noControl = { control: null, controlFailure: 'no-consent' } as const;
const connect = (host: string) => [dns({ query: host }), tcp(), tls({ serverName: host })];

/** The page, as the site serves it to Azerbaijani addresses (control declined, as by default): a redirect to www first. */
export const works = (host: string) =>
  result(
    host,
    [
      ...connect(host),
      http({ url: `https://${host}/`, status: 301, redirectTo: `https://www.${host.replace(/^www\./, '')}/`, title: null }),
      http({ url: `https://www.${host.replace(/^www\./, '')}/` }),
    ],
    noControl,
  );
/** The geo-fence's answer to a foreign address. */
export const refuses = (host: string) =>
  result(host, [...connect(host), http({ url: `https://${host}/`, status: 403, title: 'Access denied', bodyLength: 300 })], noControl);

export function run(results: Result[], o: { cc?: string; asn?: string; vpn?: Run['network']['vpn']; connectivity?: Run['network']['connectivity']; interrupted?: boolean; at?: string } = {}): Run {
  const at = o.at ?? '2026-11-23T10:00:00.000Z';
  return {
    schema: 'yoxla.run/1',
    software: { name: 'yoxla', version: '0.1.0' },
    startedAt: at,
    finishedAt: at.replace(':00.000Z', ':30.000Z'),
    mode: 'vpn',
    interrupted: o.interrupted ?? false,
    network: {
      asn: o.asn ?? 'AS29049',
      cc: o.cc ?? 'AZ',
      vpn: o.vpn ?? 'off',
      rttMs: 40,
      connectivity: o.connectivity ?? 'ok',
      connectivityEvidence: ['reference-tls-ok'],
    },
    results,
    vpnImpact: [],
  };
}

export const state = (s: VpnStateReport['state'], egress: VpnStateReport['egress'] = null): VpnStateReport => ({
  state: s,
  evidence: s === 'on' ? [{ code: 'default-via-tunnel', detail: 'wg0' }] : s === 'off' ? [{ code: 'no-tunnel' }] : [{ code: 'interfaces-unreadable' }],
  egress,
});
