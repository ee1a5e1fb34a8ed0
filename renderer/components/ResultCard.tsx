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
import { Icon, methodIcon } from './Icon.tsx';
import { groupName, STATUS_ICON } from './AtAGlance.tsx';

export interface ResultGroup {
  key: string;
  /** The app or site the card is about (main/guidance/glance.ts). */
  owner: { id: string; kind: 'app' | 'site' };
  /** Another card above already spells out the options for this verdict: fold them here. */
  optionsShownBefore: boolean;
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
  // One row per site: its http and https inputs together.
  const hosts = [...new Set(group.results.map((r) => r.host))];
  return (
    <article className={`card result status-${group.status}`} aria-labelledby={headingId} data-explanation={key} data-group={group.owner.id}>
      <header className="card-header">
        <h3 id={headingId}>
          <Icon name={STATUS_ICON[group.status]} /> <span className="card-owner">{groupName(t, group.owner)}</span>: {t(`${key}.title`)}
        </h3>
        <StatusBadge status={group.status} />
      </header>
      {group.method ? (
        <p className="method">
          <Icon name={methodIcon(group.method)} /> <span className="label">{t('app.results.how')}</span> {t(`method.${group.method}.short`)}
        </p>
      ) : null}
      <h4>{t('app.results.whatHappened')}</h4>
      <p>{t(`${key}.what`)}</p>
      <h4>{t('app.results.whatItMeans')}</h4>
      <Impact group={group} />
      <p>{t(`${key}.means`)}</p>
      {group.optionsShownBefore ? (
        <details className="guidance-again">
          <summary>{t('app.glance.sameOptions')}</summary>
          <GuidanceList options={group.options} fallback={t(`${key}.advice`)} />
        </details>
      ) : (
        <GuidanceList options={group.options} fallback={t(`${key}.advice`)} />
      )}
      <details className="hosts-box">
        <summary>{t('app.results.evidence')}</summary>
        <p className="hosts-title">{t('app.results.addresses', { count: hosts.length })}</p>
        <ul className="hosts">
          {hosts.map((host) => (
            <li key={host} data-host={host}>
              {host}
            </li>
          ))}
        </ul>
        <p className="muted">{t('app.results.evidenceHint')}</p>
        {group.results.map((r) => (
          <EvidenceDetails key={r.input} result={r} summary={r.input} />
        ))}
      </details>
    </article>
  );
}
