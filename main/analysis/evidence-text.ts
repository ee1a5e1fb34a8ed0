// Plain-text pieces of the technical evidence of one observation (where a step went, what it saw):
// one wording for the HTML report (main/report/html.ts) and the app's evidence view. Pure, no Node.
import type { TFunction } from 'i18next';
import type { Observation } from '../contract/observations.ts';
import type { Evidence } from '../contract/verdict.ts';

export function stepWhere(o: Observation): string {
  switch (o.step) {
    case 'dns':
      return `${o.query} @ ${o.server}`;
    case 'tcp':
      return o.ip.includes(':') ? `[${o.ip}]:${o.port}` : `${o.ip}:${o.port}`;
    case 'tls':
      return `${o.ip.includes(':') ? `[${o.ip}]` : o.ip}:${o.port} SNI ${o.serverName}`;
    case 'http':
    case 'throughput':
      return o.ip ? `${o.url} @ ${o.ip}` : o.url;
  }
}

/** The OONI failure string of a step, or null when it succeeded (a DNS reply without answers fails). */
export function stepFailure(o: Observation): string | null {
  return o.failure ?? (o.step === 'dns' && o.answers.length === 0 ? (o.rcode ?? 'no answer') : null);
}

export function stepDetail(o: Observation, t: TFunction): string[] {
  const detail: string[] = [];
  switch (o.step) {
    case 'dns':
      if (o.answers.length) detail.push(o.answers.join(', '));
      if (o.rcode && o.rcode !== 'NOERROR') detail.push(o.rcode);
      break;
    case 'tls': {
      if (o.tlsVersion) detail.push(o.tlsVersion);
      const leaf = o.chain[0];
      if (leaf) detail.push(t('report.evidence.issuedBy', { issuer: leaf.issuer }));
      if (o.verified === false) detail.push(t('report.evidence.notVerified'));
      if (o.purpose === 'sni-test') detail.push(t('report.evidence.sniTestRow'));
      break;
    }
    case 'http':
      if (o.status !== null) detail.push(`HTTP ${o.status}`);
      if (o.title) detail.push(`“${o.title}”`);
      if (o.bodyLength !== null) detail.push(t('report.evidence.bytes', { count: o.bodyLength }));
      if (o.redirectTo) detail.push(`→ ${o.redirectTo}`);
      break;
    case 'throughput':
      detail.push(`${Math.round(o.kbps)} kbit/s`, t(`report.evidence.throughputRole.${o.role}`));
      break;
    case 'tcp':
      break;
  }
  return detail;
}

export function stepNameKey(o: Observation): string {
  return `report.evidence.stepName.${o.step === 'dns' ? `dns-${o.resolver}` : o.step}`;
}

/**
 * The rows of the DNS answers table, each with its label key under `report.evidence.dns.`: the
 * person's own lookup is the operating system's when the run also asked the provider's resolver
 * directly (`network`); older runs and OONI data have only the resolver, labelled as such.
 */
export function dnsRows(dns: NonNullable<Evidence['dns']>): [key: string, answers: string[]][] {
  const own: [string, string[]][] = dns.network !== undefined ? [['os', dns.system], ['system', dns.network]] : [['system', dns.system]];
  return [...own, ['doh', dns.doh], ['control', dns.control]];
}
