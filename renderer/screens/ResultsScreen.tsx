// The results of one run, in plain words first and evidence one click away; then export.
import { useTranslation } from 'react-i18next';
import type { Run } from '../../main/contract/run.ts';
import type { BridgeError } from '../../main/contract/bridge.ts';
import { sortForDisplay } from '../../main/guidance/results.ts';
import { guidanceFor } from '../../main/guidance/index.ts';
import { GLANCE_ORDER, glance, groupIdOf } from '../../main/guidance/glance.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { RunFacts } from '../components/RunFacts.tsx';
import { RunNotices } from '../components/RunNotices.tsx';
import { StatusCounts } from '../components/StatusCounts.tsx';
import { AppSummaries } from '../components/AppSummaries.tsx';
import { AtAGlance } from '../components/AtAGlance.tsx';
import { ActionBar } from '../components/ActionBar.tsx';
import { ResultCard, type ResultGroup } from '../components/ResultCard.tsx';
import { VpnImpactTable } from '../components/VpnImpactTable.tsx';
import { LabExplanation } from '../components/LabExplanation.tsx';
import { ExportPanel } from '../components/ExportPanel.tsx';
import { UploadPanel } from '../components/UploadPanel.tsx';
import { useSettings } from '../state/settings.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useBridgeValue } from '../state/use-bridge.ts';
import { useNavigation } from '../state/navigation.tsx';

/**
 * Cards by app or site first (its place in the answer at a glance), then by verdict and method:
 * a news site never shares a card with TikTok's hosts. The options for a method are written out
 * on its first card only; later cards of the same method fold them away.
 */
function groupResults(run: Run): ResultGroup[] {
  const order = new Map(glance(run).map((g, i) => [g.id, i]));
  const groups = new Map<string, ResultGroup>();
  for (const r of sortForDisplay(run.results)) {
    const vpnVerdict = run.vpnImpact.find((i) => i.host === r.host)?.verdict;
    const options = guidanceFor({
      input: r.input,
      status: r.status,
      method: r.method,
      explanationKey: r.explanationKey,
      connectivity: run.network.connectivity,
      vpn: run.network.vpn,
      ...(r.strategies ? { strategies: r.strategies } : {}),
      ...(vpnVerdict ? { vpnVerdict } : {}),
    });
    const owner = groupIdOf(r);
    const key = [owner.id, r.status, r.explanationKey, ...options.map((o) => `${o.id}:${o.effectiveness}:${o.tested.map((x) => x.outcome).join('')}`)].join('|');
    const group = groups.get(key);
    if (group) group.results.push(r);
    else groups.set(key, { key, owner, status: r.status, explanationKey: r.explanationKey, method: r.method, options, results: [r], optionsShownBefore: false });
  }
  const statusRank = (g: ResultGroup) => GLANCE_ORDER.length + ['blocked', 'inconclusive', 'down', 'accessible'].indexOf(g.status);
  const sorted = [...groups.values()].sort((a, b) => (order.get(a.owner.id) ?? 0) - (order.get(b.owner.id) ?? 0) || statusRank(a) - statusRank(b));
  const seen = new Set<string>();
  return sorted.map((g) => {
    const shownBefore = seen.has(g.explanationKey);
    seen.add(g.explanationKey);
    return { ...g, optionsShownBefore: shownBefore };
  });
}

function ResultList({ run }: { run: Run }) {
  const { t } = useTranslation();
  const groups = groupResults(run);
  const attention = groups.filter((g) => g.status !== 'accessible');
  const working = groups.filter((g) => g.status === 'accessible');
  const workingCount = working.reduce((n, g) => n + g.results.length, 0);
  return (
    <section aria-labelledby="cards-heading">
      <h2 id="cards-heading">{t('app.results.perSite')}</h2>
      {run.results.length === 0 ? <p>{t('app.results.none')}</p> : null}
      <div className="cards">
        {attention.map((g) => (
          <ResultCard key={g.key} group={g} />
        ))}
      </div>
      {workingCount > 0 ? (
        <details className="working">
          <summary>{t('app.results.working', { count: workingCount })}</summary>
          <div className="cards">
            {working.map((g) => (
              <ResultCard key={g.key} group={g} />
            ))}
          </div>
        </details>
      ) : null}
    </section>
  );
}

function RunView({ run, historyId }: { run: Run; historyId: string }) {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const { go } = useNavigation();
  return (
    <>
      {run.mode === 'lab' ? (
        <div className="presentation">
          <AtAGlance run={run} />
          <LabExplanation run={run} />
        </div>
      ) : (
        <AtAGlance run={run} />
      )}
      <RunNotices run={run} />
      <section aria-labelledby="summary-heading" className="summary">
        <h2 id="summary-heading">{t('app.results.summary')}</h2>
        <StatusCounts results={run.results} />
        <RunFacts run={run} />
      </section>
      {run.vpnImpact.length > 0 ? (
        <section aria-labelledby="vpn-impact-heading">
          <h2 id="vpn-impact-heading">{t('app.results.vpnImpact')}</h2>
          <VpnImpactTable impacts={run.vpnImpact} />
        </section>
      ) : null}
      <AppSummaries results={run.results} />
      <ResultList run={run} />
      <ExportPanel historyId={historyId} hasIp={Boolean(run.network.ip)} />
      {/* Only the person's own measurements go to OONI: not lab demos, imports or others' runs. */}
      {settings.uploadConsent && (run.mode === 'check' || run.mode === 'vpn') ? <UploadPanel historyId={historyId} /> : null}
      <ActionBar>
        <button type="button" className="primary" onClick={() => go({ name: 'choose' })}>
          {t('app.results.checkAgain')}
        </button>
        <button type="button" onClick={() => document.getElementById('export-heading')?.scrollIntoView({ block: 'start' })}>
          {t('app.glance.toExport')}
        </button>
        <button type="button" onClick={() => go({ name: 'history' })}>
          {t('app.results.toHistory')}
        </button>
      </ActionBar>
    </>
  );
}

/** A run that could not be opened: say why, and the way back. */
function LoadFailed({ error }: { error: BridgeError }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  return (
    <>
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => go({ name: 'history' })}>
          {t('app.results.toHistory')}
        </button>
      </div>
    </>
  );
}

function LoadRun({ historyId }: { historyId: string }) {
  const { t } = useTranslation();
  const [loaded] = useBridgeValue('history:open', { historyId });
  if (loaded.state === 'loading') return <p>{t('app.common.loading')}</p>;
  if (loaded.state === 'error') return <LoadFailed error={loaded.error} />;
  return <RunView run={loaded.value} historyId={historyId} />;
}

export function ResultsScreen({ historyId, run }: { historyId: string; run?: Run }) {
  const { t } = useTranslation();
  return (
    <div className="screen results">
      <ScreenHeading>{t('app.results.title')}</ScreenHeading>
      {run ? <RunView run={run} historyId={historyId} /> : <LoadRun historyId={historyId} />}
    </div>
  );
}
