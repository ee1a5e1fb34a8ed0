// Past runs: open one, delete one, or pick two or more to compare side by side.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, HistoryEntry } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { useFormat } from '../format.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useBridgeValue } from '../state/use-bridge.ts';
import { useNavigation } from '../state/navigation.tsx';
import { timeline } from '../../main/guidance/timeline.ts';
import { Icon } from '../components/Icon.tsx';
import { groupName, VERDICT_ICON } from '../components/AtAGlance.tsx';

const MODE_KEYS: Record<string, string> = {
  check: 'app.history.mode.check',
  lab: 'app.history.mode.lab',
  vpn: 'app.history.mode.vpn',
  import: 'app.history.mode.import',
  participant: 'app.history.mode.participant',
};

function What({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const mode = MODE_KEYS[entry.mode] ? t(MODE_KEYS[entry.mode] as string) : entry.mode;
  return (
    <>
      {mode}
      {entry.scenario ? (
        <>
          {' '}
          <code>{entry.scenario}</code>
        </>
      ) : null}
      {entry.interrupted ? <span className="muted"> · {t('app.history.interrupted')}</span> : null}
    </>
  );
}

function Row(props: { entry: HistoryEntry; selected: boolean; onSelect(on: boolean): void; onDeleted(): void; onError(e: BridgeError): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { go } = useNavigation();
  const [confirming, setConfirming] = useState(false);
  const { entry } = props;
  const when = f.dateTime(entry.startedAt);
  const remove = async () => {
    const answer = await call('history:delete', { historyId: entry.id });
    if (!answer.ok) return props.onError(answer.error);
    props.onDeleted();
  };
  return (
    <tr data-history-id={entry.id}>
      <td>
        <input type="checkbox" checked={props.selected} onChange={(e) => props.onSelect(e.target.checked)} aria-label={t('app.history.select', { when })} />
      </td>
      <th scope="row">{when}</th>
      <td>
        <What entry={entry} />
      </td>
      <td>{[entry.network.asn, entry.network.name, entry.network.cc].filter(Boolean).join(' · ')}</td>
      <td>
        {t('app.history.counts', {
          count: entry.total,
          blocked: entry.counts.blocked ?? 0,
          accessible: entry.counts.accessible ?? 0,
        })}
      </td>
      <td className="row-actions">
        {confirming ? (
          <span role="group" aria-label={t('app.history.confirmDelete', { when })}>
            <span>{t('app.history.confirmDelete', { when })}</span>{' '}
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('app.history.deleteYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              {t('app.history.deleteNo')}
            </button>
          </span>
        ) : (
          <>
            <button type="button" onClick={() => go({ name: 'results', historyId: entry.id })} aria-label={t('app.history.openLabel', { when })}>
              {t('app.history.open')}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(true)} aria-label={t('app.history.deleteLabel', { when })}>
              {t('app.history.delete')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** Per network, what each app or site has been since when (main/guidance/timeline.ts). */
function Timeline({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const networks = timeline(entries);
  if (networks.length === 0) return null;
  const day = (iso: string) => f.dateTime(iso).split(',')[0] ?? iso;
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('app.glance.timeline.heading')}</h2>
      {networks.map((n) => (
        <section key={n.key} className="timeline-network" aria-labelledby={`tl-${n.key}`}>
          <h3 id={`tl-${n.key}`}>{n.lab ? t('app.glance.timeline.lab', { scenario: t(`app.glance.scenario.${n.key.slice(4)}`, { defaultValue: n.key.slice(4) }) }) : n.name ? `${n.name} · ${n.asn}` : n.asn}</h3>
          <ul className="plain glance-list">
            {n.items.map((item) => (
              <li key={item.id} className={`glance-line verdict-${item.verdict}`} data-group={item.id}>
                <Icon name={VERDICT_ICON[item.verdict]} />
                <span className="glance-text">
                  <strong>{t(`app.glance.since.${item.verdict}`, { name: groupName(t, { id: item.id, kind: item.id.includes('.') ? 'site' : 'app' }), date: day(item.since) })}</strong>{' '}
                  <span className="glance-counts">{t('app.glance.timeline.lastSeen', { date: day(item.lastSeen) })}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function HistoryTable({ entries, reload }: { entries: HistoryEntry[]; reload(): void }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<BridgeError | null>(null);
  if (entries.length === 0)
    return (
      <>
        <p>{t('app.history.empty')}</p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => go({ name: 'choose' })}>
            {t('app.glance.startFirst')}
          </button>
        </div>
      </>
    );
  const sorted = [...entries].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const select = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  return (
    <>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.history.tableLabel')}>
        <table className="data history">
          <caption>{t('app.history.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('app.history.col.select')}</th>
              <th scope="col">{t('app.history.col.when')}</th>
              <th scope="col">{t('app.history.col.what')}</th>
              <th scope="col">{t('app.history.col.network')}</th>
              <th scope="col">{t('app.history.col.results')}</th>
              <th scope="col">{t('app.history.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((entry) => (
              <Row
                key={entry.id}
                entry={entry}
                selected={selected.includes(entry.id)}
                onSelect={(on) => select(entry.id, on)}
                onDeleted={() => {
                  setSelected((s) => s.filter((x) => x !== entry.id));
                  reload();
                }}
                onError={setError}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={selected.length < 2} onClick={() => go({ name: 'compare', historyIds: selected })}>
          {t('app.history.compare', { count: selected.length })}
        </button>
        {selected.length < 2 ? <p className="hint">{t('app.history.compareHint')}</p> : null}
      </div>
    </>
  );
}

export function HistoryScreen() {
  const { t } = useTranslation();
  const [loaded, reload] = useBridgeValue('history:list', null);
  return (
    <div className="screen history">
      <ScreenHeading>{t('app.history.title')}</ScreenHeading>
      <p className="lede">{t('app.history.intro')}</p>
      {loaded.state === 'loading' ? <p>{t('app.common.loading')}</p> : null}
      {loaded.state === 'error' ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.state === 'ok' ? <Timeline entries={loaded.value} /> : null}
      {loaded.state === 'ok' ? <HistoryTable entries={loaded.value} reload={reload} /> : null}
    </div>
  );
}
