// The technical evidence behind one verdict, one click away: the rule that decided, failure
// strings, DNS answers against the control's, the certificate issuer, and every step with timings.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../main/contract/run.ts';
import { useFormat } from '../format.ts';
import { FactList } from './FactList.tsx';
import { dnsRows, stepDetail, stepFailure, stepNameKey, stepWhere } from '../../main/analysis/evidence-text.ts';
import { ControlSummary } from './ControlSummary.tsx';

function Facts({ result }: { result: Result }) {
  const { t } = useTranslation();
  const f = useFormat();
  const e = result.evidence;
  const rows: [string, ReactNode][] = [[t('report.evidence.rule'), <code>{e.code}</code>]];
  if (e.failingStep) rows.push([t('report.evidence.failingStep'), t(`report.evidence.stepName.${e.failingStep === 'dns' ? 'dns-system' : e.failingStep}`)]);
  if (e.failure) rows.push([t('report.evidence.failure'), <code className="fail">{e.failure}</code>]);
  if (e.control) rows.push([t('report.evidence.controlSaw'), <code>{e.control}</code>]);
  if (e.failingStep) rows.push([t('report.evidence.repeated'), t(e.repeated ? 'report.yes' : 'report.no')]);
  if (e.sniTest !== 'not-run') rows.push([t('report.evidence.sniTest'), t(`report.evidence.sni.${e.sniTest}`)]);
  if (e.certIssuer) rows.push([t('report.evidence.certIssuer'), <code className="fail">{e.certIssuer}</code>]);
  if (e.throughputRatio !== undefined) rows.push([t('report.evidence.throughput'), `${f.number(Math.round(e.throughputRatio * 100))} %`]);
  if (e.notes.length)
    rows.push([
      t('report.evidence.notes'),
      <ul className="plain">
        {e.notes.map((n) => (
          <li key={n}>{t(`report.notes.${n}`, { defaultValue: n })}</li>
        ))}
      </ul>,
    ]);
  rows.push([t('report.evidence.duration'), f.milliseconds(result.durationMs)]);
  return <FactList rows={rows} />;
}

function DnsAnswers({ result }: { result: Result }) {
  const { t } = useTranslation();
  const dns = result.evidence.dns;
  if (!dns) return null;
  const rows = dnsRows(dns);
  return (
    <table className="data">
      <caption>{t('report.evidence.dns.heading')}</caption>
      <tbody>
        {rows.map(([key, answers]) => (
          <tr key={key}>
            <th scope="row">{t(`report.evidence.dns.${key}`)}</th>
            <td>{answers.length ? <code>{answers.join(', ')}</code> : t('report.evidence.dns.none')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Steps({ result }: { result: Result }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (result.observations.length === 0) return null;
  const steps = [...result.observations].sort((a, b) => a.t0 - b.t0);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.results.stepsOf', { host: result.host })}>
      <table className="data">
        <caption>{t('report.evidence.steps')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.evidence.col.step')}</th>
            <th scope="col">{t('report.evidence.col.try')}</th>
            <th scope="col">{t('report.evidence.col.where')}</th>
            <th scope="col">{t('report.evidence.col.result')}</th>
            <th scope="col">{t('report.evidence.col.time')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((o, i) => {
            const failure = stepFailure(o);
            const detail = stepDetail(o, t);
            return (
              <tr key={i}>
                <td>{t(stepNameKey(o))}</td>
                <td className="num">{f.number(o.attempt + 1)}</td>
                <td>
                  <code>{stepWhere(o)}</code>
                </td>
                <td>
                  {failure ? <code className="fail">{failure}</code> : t('report.evidence.ok')}
                  {detail.length ? <span className="muted"> · {detail.join(' · ')}</span> : null}
                </td>
                <td className="num">{f.milliseconds(o.t1 - o.t0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function EvidenceDetails({ result, summary }: { result: Result; summary: string }) {
  const { t } = useTranslation();
  return (
    <details className="technical" data-host={result.host}>
      <summary>{summary}</summary>
      <p className="muted">{t('report.evidence.intro')}</p>
      <p>
        <code>{result.input}</code>
      </p>
      <Facts result={result} />
      <DnsAnswers result={result} />
      <Steps result={result} />
      <ControlSummary control={result.control} failure={result.controlFailure} />
    </details>
  );
}
