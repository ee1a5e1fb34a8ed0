// What the control (the same site seen from outside the country) saw, step by step.
import { useTranslation } from 'react-i18next';
import type { Control } from '../../main/contract/observations.ts';

export function ControlSummary({ control, failure }: { control: Control | null; failure: string | null }) {
  const { t } = useTranslation();
  if (!control) return <p className="muted">{t('report.evidence.noControl', { reason: failure ?? '-' })}</p>;
  const lines: string[] = [];
  const dns = t('report.evidence.control.dns');
  lines.push(control.dns.failure ? `${dns}: ${control.dns.failure}` : `${dns}: ${(control.dns.addrs ?? []).join(', ') || '-'}`);
  for (const [endpoint, v] of Object.entries(control.tcp_connect)) lines.push(`${t('report.evidence.control.tcp')} ${endpoint}: ${v.failure ?? 'ok'}`);
  for (const [endpoint, v] of Object.entries(control.tls_handshake))
    lines.push(`${t('report.evidence.control.tls')} ${endpoint} (${v.server_name}): ${v.failure ?? 'ok'}`);
  const h = control.http_request;
  const http = t('report.evidence.control.http');
  if (h.failure) lines.push(`${http}: ${h.failure}`);
  else if (h.status_code > 0)
    lines.push(`${http}: HTTP ${h.status_code}${h.title ? ` “${h.title}”` : ''}${h.body_length >= 0 ? ` · ${t('report.evidence.bytes', { count: h.body_length })}` : ''}`);
  return (
    <section className="control">
      <h4>{t('report.evidence.control.heading')}</h4>
      <ul className="plain">
        {lines.map((line, i) => (
          <li key={i}>
            <code>{line}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
