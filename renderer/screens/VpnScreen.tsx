// The VPN comparison wizard: local services (banks, operators, e-government) checked once with
// the VPN as it is and once switched, resumable across restarts (vpn:state), per-service verdicts
// and split-tunnel help. Never advises switching the VPN off for everything.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, VpnWizardState } from '../../main/contract/bridge.ts';
import type { Run } from '../../main/contract/run.ts';
import { call } from '../bridge.ts';
import { useFormat } from '../format.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Notice } from '../components/Notice.tsx';
import { ProgressView } from '../components/ProgressView.tsx';
import { VpnImpactTable } from '../components/VpnImpactTable.tsx';
import { SplitTunnelHelp } from '../components/SplitTunnelHelp.tsx';
import { useBridgeValue } from '../state/use-bridge.ts';
import { useNavigation } from '../state/navigation.tsx';
import { track, useActiveRun, useRun } from '../state/run-store.ts';

type Declared = 'on' | 'off' | null;

const NEXT_STEP_KEYS = {
  on: 'app.vpn.nextStep.switchOff',
  off: 'app.vpn.nextStep.switchOn',
  unknown: 'app.vpn.nextStep.switchUnknown',
} as const;

function DeclaredChoice({ value, onChange }: { value: Declared; onChange(v: Declared): void }) {
  const { t } = useTranslation();
  const name = useId();
  const choices: [Declared, string][] = [
    ['on', 'app.vpn.declared.on'],
    ['off', 'app.vpn.declared.off'],
    [null, 'app.vpn.declared.unsure'],
  ];
  return (
    <fieldset>
      <legend>{t('app.vpn.declared.legend')}</legend>
      {choices.map(([v, key]) => (
        <div key={String(v)} className="field field-radio">
          <input id={`${name}-${String(v)}`} type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
          <label htmlFor={`${name}-${String(v)}`}>{t(key)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function Comparison({ run, historyId }: { run: Run; historyId: string }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const breaks = run.vpnImpact.filter((i) => i.verdict === 'breaks-with-vpn').map((i) => i.host);
  const count = (v: string) => run.vpnImpact.filter((i) => i.verdict === v).length;
  return (
    <>
      <section aria-labelledby="vpn-result-heading">
        <h2 id="vpn-result-heading">{t('app.vpn.resultHeading')}</h2>
        <p role="status">
          {t('vpn.compare.summary', {
            total: run.vpnImpact.length,
            worksBoth: count('works-both'),
            breaks: count('breaks-with-vpn'),
            onlyVpn: count('blocked-without-vpn'),
            failsBoth: count('fails-both'),
          })}
        </p>
        {breaks.length === 0 ? <p>{t('vpn.compare.noneBreak')}</p> : null}
        <VpnImpactTable impacts={run.vpnImpact} />
        <button type="button" onClick={() => go({ name: 'results', historyId, run, from: 'vpn' })}>
          {t('app.vpn.openResults')}
        </button>
      </section>
      <SplitTunnelHelp hosts={breaks} />
    </>
  );
}

function Phase({ state, onRun }: { state: VpnWizardState; onRun(request: { declared?: 'on' | 'off'; restart?: boolean }): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [declared, setDeclared] = useState<Declared>(null);
  const first = state.firstPhase;
  const declaredPart = declared ? { declared } : {};
  if (!first) {
    return (
      <section aria-labelledby="step1-heading">
        <h2 id="step1-heading">{t('app.vpn.step1.heading')}</h2>
        <p>{t('app.vpn.step1.body')}</p>
        {state.vpn === 'unknown' ? <DeclaredChoice value={declared} onChange={setDeclared} /> : null}
        <button type="button" className="primary" onClick={() => onRun(declaredPart)}>
          {t('app.vpn.step1.start')}
        </button>
      </section>
    );
  }
  const sameState = first.vpn !== 'unknown' && first.vpn === state.vpn;
  return (
    <section aria-labelledby="step2-heading">
      <h2 id="step2-heading">{t('app.vpn.step2.heading')}</h2>
      <p>{t('app.vpn.step2.saved', { when: f.dateTime(first.savedAt), state: t(`vpn.state.${first.vpn}`) })}</p>
      <p>
        <strong>{t(NEXT_STEP_KEYS[first.vpn])}</strong>
      </p>
      {sameState ? (
        <Notice tone="warning">
          <p>{t('app.vpn.step2.sameState', { state: t(`vpn.state.${state.vpn}`) })}</p>
        </Notice>
      ) : null}
      {state.vpn === 'unknown' || sameState ? <DeclaredChoice value={declared} onChange={setDeclared} /> : null}
      <div className="actions">
        <button type="button" className="primary" onClick={() => onRun(declaredPart)}>
          {t('app.vpn.step2.start')}
        </button>
        <button type="button" onClick={() => onRun({ restart: true, ...declaredPart })}>
          {t('app.vpn.restart')}
        </button>
      </div>
    </section>
  );
}

export function VpnScreen() {
  const { t } = useTranslation();
  const [loaded, reload] = useBridgeValue('vpn:state', null);
  const active = useActiveRun();
  const [runId, setRunId] = useState<string | null>(active?.origin === 'vpn' ? active.runId : null);
  const run = useRun(runId);
  const [error, setError] = useState<BridgeError | null>(null);
  const finished = run?.finished ?? null;

  useEffect(() => {
    if (finished) reload();
  }, [finished, reload]);

  const start = async (request: { declared?: 'on' | 'off'; restart?: boolean }) => {
    setError(null);
    const answer = await call('vpn:phase', { restart: false, ...request });
    if (!answer.ok) return setError(answer.error);
    track(answer.value.runId, 'vpn');
    setRunId(answer.value.runId);
  };

  const running = run && !run.finished && !run.failed;
  const compared = finished && finished.run.vpnImpact.length > 0 ? finished : null;
  return (
    <div className="screen vpn">
      <ScreenHeading>{t('app.vpn.title')}</ScreenHeading>
      <p className="lede">{t('app.vpn.intro')}</p>
      {loaded.state === 'ok' ? <p>{t('vpn.state.line', { state: t(`vpn.state.${loaded.value.vpn}`) })}</p> : null}
      {loaded.state === 'error' ? <ErrorNotice error={loaded.error} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {run?.failed ? <ErrorNotice error={run.failed.error} /> : null}
      {running ? (
        <section aria-labelledby="vpn-progress-heading">
          <h2 id="vpn-progress-heading">{t('app.vpn.checking')}</h2>
          <ProgressView run={run} />
        </section>
      ) : null}
      {compared ? <Comparison run={compared.run} historyId={compared.historyId} /> : null}
      {!running && !compared && loaded.state === 'ok' ? <Phase state={loaded.value} onRun={(r) => void start(r)} /> : null}
      {compared ? (
        <div className="actions">
          <button type="button" onClick={() => void start({ restart: true })}>
            {t('app.vpn.restart')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
