// Results that share a verdict, in plain words, once: what happened, what it means (for the apps
// concerned too), how, what the person can do; then each address with its technical evidence one
// click away. Twelve TikTok addresses dropped the same way read as one finding, not twelve.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../main/contract/run.ts';
import type { Status } from '../../main/contract/verdict.ts';
import { appForHost, hasImpactText } from '../../main/guidance/apps.ts';
import type { GuidanceOption } from '../../main/guidance/index.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { EvidenceDetails } from './EvidenceDetails.tsx';
import { GuidanceList } from './GuidanceList.tsx';

export interface ResultGroup {
  key: string;
  status: Status;
  explanationKey: string;
  method: Result['method'];
  options: GuidanceOption[];
  results: Result[];
}

function Impact({ group }: { group: ResultGroup }) {
  const { t } = useTranslation();
  if (group.status !== 'blocked') return null;
  const apps = [...new Set(group.results.map((r) => r.app ?? appForHost(r.host)))].filter((a): a is string => a !== null && hasImpactText(a));
  return (
    <>
      {apps.map((app) => (
        <p key={app} className="impact">
          {t(`app.impact.${app}`)}
        </p>
      ))}
    </>
  );
}

export function ResultCard({ group }: { group: ResultGroup }) {
  const { t } = useTranslation();
  const headingId = useId();
  const key = group.explanationKey;
  return (
    <article className={`card result status-${group.status}`} aria-labelledby={headingId} data-explanation={key}>
      <header className="card-header">
        <h3 id={headingId}>{t(`${key}.title`)}</h3>
        <StatusBadge status={group.status} />
      </header>
      <p className="hosts-title">{t('app.results.addresses', { count: group.results.length })}</p>
      <ul className="hosts">
        {group.results.map((r) => (
          <li key={r.input} data-host={r.host}>
            {r.host}
          </li>
        ))}
      </ul>
      {group.method ? (
        <p className="method">
          <span className="label">{t('app.results.how')}</span> {t(`method.${group.method}.short`)}
        </p>
      ) : null}
      <h4>{t('app.results.whatHappened')}</h4>
      <p>{t(`${key}.what`)}</p>
      <h4>{t('app.results.whatItMeans')}</h4>
      <Impact group={group} />
      <p>{t(`${key}.means`)}</p>
      <GuidanceList options={group.options} fallback={t(`${key}.advice`)} />
      <h4>{t('app.results.evidence')}</h4>
      <p className="muted">{t('app.results.evidenceHint')}</p>
      {group.results.map((r) => (
        <EvidenceDetails key={r.input} result={r} summary={r.host} />
      ))}
    </article>
  );
}
