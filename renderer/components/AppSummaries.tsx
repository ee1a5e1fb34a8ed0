// Per app ("does TikTok work?"): messengers as OONI's messenger tests judge them, other apps by the
// CLI's rule over all of their addresses, with what a block means for people who use the app.
import { useTranslation } from 'react-i18next';
import type { Result } from '../../main/contract/run.ts';
import { appSummaries, hasImpactText, messengerSummaries } from '../../main/guidance/apps.ts';

export function AppSummaries({ results }: { results: readonly Result[] }) {
  const { t } = useTranslation();
  const messengers = messengerSummaries(results);
  const judged = new Set(messengers.map((m) => m.app));
  const summaries = appSummaries(results).filter((s) => !judged.has(s.app));
  if (summaries.length === 0 && messengers.length === 0) return null;
  return (
    <section className="apps" aria-labelledby="apps-heading">
      <h2 id="apps-heading">{t('app.results.apps')}</h2>
      {summaries.length > 0 ? (
        <ul className="plain app-list">
          {summaries.map((s) => (
            <li key={s.app} className={`app-summary verdict-${s.verdict}`} data-app={s.app}>
              <p>{t(s.summaryKey, s.values)}</p>
              {(s.verdict === 'blocked' || s.verdict === 'partly-blocked') && hasImpactText(s.app) ? <p className="impact">{t(`app.impact.${s.app}`)}</p> : null}
              {s.caveatKey ? <p className="muted">{t(s.caveatKey, s.values)}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {messengers.length > 0 ? (
        <>
          <h3>{t('report.messengers.heading')}</h3>
          <ul className="plain app-list">
            {messengers.map((m) => (
              <li key={m.app} className={`app-summary verdict-${m.status}`} data-app={m.app}>
                <p>{t(m.explanationKey)}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
