// Messengers as OONI's messenger tests judge them (their own rule, named as such). Every other
// app's word is in the answer at a glance (AtAGlance), by one rule, so it is not said twice here.
import { useTranslation } from 'react-i18next';
import type { Result } from '../../main/contract/run.ts';
import { messengerSummaries } from '../../main/guidance/apps.ts';
import { Icon } from './Icon.tsx';
import { STATUS_ICON } from './AtAGlance.tsx';

export function AppSummaries({ results }: { results: readonly Result[] }) {
  const { t } = useTranslation();
  const messengers = messengerSummaries(results);
  if (messengers.length === 0) return null;
  return (
    <section className="apps" aria-labelledby="apps-heading">
      <h2 id="apps-heading">{t('report.messengers.heading')}</h2>
      <ul className="plain app-list">
        {messengers.map((m) => (
          <li key={m.app} className={`app-summary verdict-${m.status === 'accessible' ? 'works' : m.status}`} data-app={m.app}>
            <Icon name={STATUS_ICON[m.status]} />
            <span>{t(m.explanationKey)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
