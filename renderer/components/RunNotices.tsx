// What the person must know before reading the results: no connection (never "blocked"), a
// stopped run, a lab run, an unknown network.
import { useTranslation } from 'react-i18next';
import type { Run } from '../../main/contract/run.ts';
import { Notice } from './Notice.tsx';
import { operatorName } from '../../main/guidance/operators.ts';
import { useFormat } from '../format.ts';

export function RunNotices({ run }: { run: Run }) {
  const { t } = useTranslation();
  const f = useFormat();
  const connectivity = run.network.connectivity;
  return (
    <>
      {connectivity === 'offline' ? (
        <Notice tone="warning" title={t('app.results.offline.title')}>
          <p>{t('app.results.offline.body')}</p>
        </Notice>
      ) : null}
      {connectivity === 'captive-portal' ? (
        <Notice tone="warning" title={t('app.results.captive.title')}>
          <p>{t('app.results.captive.body')}</p>
        </Notice>
      ) : null}
      {run.mode === 'import' ? (
        <Notice tone="info">
          <p>{t('app.glance.someoneElse', { network: [run.network.asn, operatorName(run.network.asn, run.network.name)].filter(Boolean).join(' · '), country: run.network.cc === 'ZZ' ? t('report.unknown') : f.country(run.network.cc), date: f.dateTime(run.startedAt) })}</p>
        </Notice>
      ) : null}
      {connectivity === 'unknown' && run.mode !== 'import' ? (
        <Notice tone="warning">
          <p>{t('app.results.connectivityUnknown')}</p>
        </Notice>
      ) : null}
      {run.interrupted ? (
        <Notice tone="info">
          <p>{t('app.results.interrupted')}</p>
        </Notice>
      ) : null}
      {run.mode === 'lab' ? (
        <Notice tone="info">
          <p>{t('app.results.lab', { scenario: run.scenario ?? '?' })}</p>
        </Notice>
      ) : null}
    </>
  );
}
