// A run as it goes: the connection check, counts, time left, each target, and a cancel that keeps
// what finished.
import { useTranslation } from 'react-i18next';
import { secondsLeft } from '../../main/guidance/results.ts';
import { call } from '../bridge.ts';
import { useFormat } from '../format.ts';
import { markCancelling, type RunState } from '../state/run-store.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useState } from 'react';
import type { BridgeError } from '../../main/contract/bridge.ts';

function Connection({ run }: { run: RunState }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!run.connectivity) return <p>{t('app.progress.connecting')}</p>;
  return (
    <p>
      {t('cli.progress.connectivity', {
        state: t(`cli.connectivity.${run.connectivity}`),
        rtt: run.rttMs === null ? '?' : f.number(Math.round(run.rttMs)),
      })}
    </p>
  );
}

function TimeLeft({ run }: { run: RunState }) {
  const { t } = useTranslation();
  const f = useFormat();
  const left = run.total === null ? null : secondsLeft(performance.now() - run.startedAt, run.done, run.total);
  if (left === null) return null;
  return <p>{t('app.progress.timeLeft', { time: f.seconds(left) })}</p>;
}

/** The site being checked, not the URL of the step (no "…/robots.txt" at the top level). */
function siteOf(input: string): string {
  try {
    return new URL(input.replace(/^tcpconnect:/, 'http:')).hostname || input;
  } catch {
    return input;
  }
}

export function ProgressView({ run }: { run: RunState }) {
  const { t } = useTranslation();
  const [cancelError, setCancelError] = useState<BridgeError | null>(null);
  const total = run.total ?? 0;
  const cancel = async () => {
    markCancelling(run.runId);
    const answer = await call('run:cancel', { runId: run.runId });
    if (!answer.ok) setCancelError(answer.error);
  };
  const latest = [...run.results].reverse();
  return (
    <div className="progress-view">
      <Connection run={run} />
      <div role="status" aria-live="polite" className="progress-count">
        {run.total === null ? t('app.progress.preparing') : t('app.progress.count', { done: run.done, count: total })}
      </div>
      <progress max={Math.max(total, 1)} value={run.done} aria-label={t('app.progress.barLabel')} />
      <TimeLeft run={run} />
      {run.checking.length > 0 ? (
        <p className="checking">
          {t('app.progress.checking')} <code>{[...new Set(run.checking.slice(0, 4).map(siteOf))].join(', ')}</code>
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void cancel()} disabled={run.cancelling || Boolean(run.finished)}>
          {run.cancelling ? t('app.progress.cancelling') : t('app.progress.cancel')}
        </button>
        <p className="hint">{t('app.progress.cancelHint')}</p>
      </div>
      {cancelError ? <ErrorNotice error={cancelError} /> : null}
      {latest.length > 0 ? (
        <div className="table-scroll progress-list" tabIndex={0} role="region" aria-label={t('app.progress.finished')}>
          <table className="data">
            <caption>{t('app.progress.finished')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.results.col.target')}</th>
                <th scope="col">{t('report.results.col.result')}</th>
                <th scope="col">{t('report.results.col.how')}</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((r) => (
                <tr key={r.input}>
                  <th scope="row">{r.host}</th>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{r.method ? t(`method.${r.method}.short`) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
