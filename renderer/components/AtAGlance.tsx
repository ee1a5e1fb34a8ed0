// The answer first: one line per app or site, blocked first, with an icon and a plain sentence
// ("TikTok: partly blocked by your provider (Delta Telecom) — a VPN worked here"), then one row per
// site with its verdict. The rule behind the words is main/guidance/glance.ts.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Run } from '../../main/contract/run.ts';
import type { Status } from '../../main/contract/verdict.ts';
import { glance, type GlanceGroup, type GlanceVerdict } from '../../main/guidance/glance.ts';
import { operatorName } from '../../main/guidance/operators.ts';
import { Icon, methodIcon, type IconName } from './Icon.tsx';

export const VERDICT_ICON: Record<GlanceVerdict, IconName> = {
  blocked: 'blocked',
  'partly-blocked': 'partly',
  works: 'works',
  down: 'down',
  unknown: 'unknown',
};

export const STATUS_ICON: Record<Status, IconName> = { blocked: 'blocked', accessible: 'works', down: 'down', inconclusive: 'unknown' };

/** Lines that are fine fold away once there are this many of them. */
const WORKING_SHOWN = 6;

export function groupName(t: TFunction, group: { id: string; kind: 'app' | 'site' }): string {
  return group.kind === 'app' ? t(`apps.names.${group.id}`, { defaultValue: group.id }) : group.id;
}

/** "by your provider (Delta Telecom)", or "on Delta Telecom" for someone else's measurement. */
function byWhom(t: TFunction, run: Run): string {
  const provider = operatorName(run.network.asn, run.network.name);
  const own = run.mode !== 'import' && run.mode !== 'participant';
  if (own) return provider ? t('app.glance.by.own', { provider }) : t('app.glance.by.ownUnnamed');
  return provider ? t('app.glance.by.other', { provider }) : t('app.glance.by.otherUnnamed');
}

function sentence(t: TFunction, run: Run, g: GlanceGroup): string {
  const name = groupName(t, g);
  const blockedWords = g.verdict === 'blocked' || g.verdict === 'partly-blocked';
  const main = t(`app.glance.line.${g.verdict}`, { name, ...(blockedWords ? { by: byWhom(t, run) } : {}) });
  const vpn = g.workedHere === 'vpn' || g.workedHere === 'vpn-comparison';
  const worked = !blockedWords || !g.workedHere ? '' : vpn ? t('app.glance.worked.vpn') : t('app.glance.worked.other', { way: t(`strategy.name.${g.workedHere}`) });
  return worked ? t('app.glance.withWorked', { line: main, worked }) : main;
}

function Counts({ g }: { g: GlanceGroup }) {
  const { t } = useTranslation();
  const total = g.sites.length;
  const parts = [
    g.verdict === 'blocked' || g.verdict === 'partly-blocked'
      ? t('app.glance.count.blocked', { count: total, blocked: g.blocked })
      : t('app.glance.count.sites', { count: total }),
  ];
  if (g.unchecked > 0 && g.verdict !== 'down' && g.verdict !== 'unknown') parts.push(t('app.glance.count.unchecked', { count: g.unchecked }));
  if (g.method) parts.push(t(`method.${g.method}.short`));
  return <span className="glance-counts">{parts.join(' · ')}</span>;
}

function Line({ run, g }: { run: Run; g: GlanceGroup }) {
  const { t } = useTranslation();
  return (
    <li className={`glance-line verdict-${g.verdict}`} data-group={g.id}>
      <Icon name={VERDICT_ICON[g.verdict]} />
      <span className="glance-text">
        <strong>{sentence(t, run, g)}</strong> <Counts g={g} />
      </span>
    </li>
  );
}

/** The per-site grid: one row per host (http and https together), with icon and word. */
function SiteGrid({ groups }: { groups: GlanceGroup[] }) {
  const { t } = useTranslation();
  return (
    <table className="site-grid">
      <caption>{t('app.glance.grid.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('app.glance.grid.app')}</th>
          <th scope="col">{t('app.glance.grid.site')}</th>
          <th scope="col">{t('app.glance.grid.result')}</th>
          <th scope="col">{t('app.glance.grid.how')}</th>
        </tr>
      </thead>
      {groups.map((g) => (
        <tbody key={g.id} data-group={g.id}>
          {g.sites.map((s, i) => (
            <tr key={s.host} className={`status-${s.status}`} data-host={s.host}>
              {i === 0 ? (
                <th scope="rowgroup" rowSpan={g.sites.length}>
                  {groupName(t, g)}
                </th>
              ) : null}
              <td className="host">{s.host}</td>
              <td className="verdict-cell">
                <Icon name={STATUS_ICON[s.status]} /> {t(`report.status.${s.status}`)}
              </td>
              <td>
                {s.method ? (
                  <>
                    <Icon name={methodIcon(s.method)} /> {t(`method.${s.method}.short`)}
                  </>
                ) : (
                  <span aria-hidden="true">–</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}

export function AtAGlance({ run }: { run: Run }) {
  const { t } = useTranslation();
  const groups = glance(run);
  if (groups.length === 0) return null;
  const attention = groups.filter((g) => g.verdict !== 'works');
  const working = groups.filter((g) => g.verdict === 'works');
  const shown = working.length > WORKING_SHOWN ? [] : working;
  const folded = working.length > WORKING_SHOWN ? working : [];
  return (
    <section className="glance" aria-labelledby="glance-heading">
      <h2 id="glance-heading">{t('app.glance.heading')}</h2>
      <ul className="plain glance-list">
        {[...attention, ...shown].map((g) => (
          <Line key={g.id} run={run} g={g} />
        ))}
      </ul>
      {folded.length > 0 ? (
        <details className="glance-working">
          <summary>
            <Icon name="works" /> {t('app.glance.moreWorking', { count: folded.length })}
          </summary>
          <ul className="plain glance-list">
            {folded.map((g) => (
              <Line key={g.id} run={run} g={g} />
            ))}
          </ul>
        </details>
      ) : null}
      <details className="site-grid-box" open={groups.reduce((n, g) => n + g.sites.length, 0) <= 40}>
        <summary>{t('app.glance.grid.toggle')}</summary>
        <SiteGrid groups={groups} />
      </details>
    </section>
  );
}
