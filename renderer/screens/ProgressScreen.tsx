// A run in progress; when it ends (finished or cancelled) the results take over.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ProgressView } from '../components/ProgressView.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useNavigation } from '../state/navigation.tsx';
import { useRun } from '../state/run-store.ts';

export function ProgressScreen({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const run = useRun(runId);
  const finished = run?.finished;
  useEffect(() => {
    if (finished) go({ name: 'results', historyId: finished.historyId, run: finished.run });
  }, [finished, go]);
  return (
    <div className="screen progress">
      <ScreenHeading>{t('app.progress.title')}</ScreenHeading>
      {run ? <ProgressView run={run} /> : <p>{t('app.progress.preparing')}</p>}
      {run?.failed ? (
        <>
          <ErrorNotice error={run.failed.error} />
          {run.failed.historyId ? (
            <button type="button" onClick={() => go({ name: 'results', historyId: run.failed?.historyId ?? '' })}>
              {t('app.progress.showWhatFinished')}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
