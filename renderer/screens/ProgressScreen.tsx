// A run in progress; when it ends (finished or cancelled) the results take over.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ProgressView } from '../components/ProgressView.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useNavigation } from '../state/navigation.tsx';
import { ActionBar } from '../components/ActionBar.tsx';
import { useRun } from '../state/run-store.ts';

export function ProgressScreen({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const run = useRun(runId);
  const finished = run?.finished;
  const origin = run?.origin;
  useEffect(() => {
    if (finished) go({ name: 'results', historyId: finished.historyId, run: finished.run, from: origin === 'trainer' ? 'trainer' : 'choose' });
  }, [finished, go, origin]);
  return (
    <div className="screen progress">
      <ScreenHeading>{t('app.progress.title')}</ScreenHeading>
      {run && !run.failed ? <ProgressView run={run} /> : null}
      {run ? null : <p>{t('app.progress.preparing')}</p>}
      {run?.failed ? (
        <>
          <ErrorNotice error={run.failed.error} />
          <ActionBar>
            <button type="button" className="primary" onClick={() => go(origin === 'trainer' ? { name: 'trainer' } : { name: 'choose' })}>
              {t('app.glance.back')}
            </button>
            {run.failed.historyId ? (
              <button type="button" onClick={() => go({ name: 'results', historyId: run.failed?.historyId ?? '', from: origin === 'trainer' ? 'trainer' : 'choose' })}>
                {t('app.progress.showWhatFinished')}
              </button>
            ) : null}
          </ActionBar>
        </>
      ) : null}
    </div>
  );
}
