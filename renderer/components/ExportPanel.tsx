// Saving a report of one run: format, language, and (only when the run kept it) the IP address.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, ExportResult, Language, ReportFormat } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { useFormat } from '../format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Notice } from './Notice.tsx';
import { CheckboxField } from './CheckboxField.tsx';
import { Icon } from './Icon.tsx';

const FORMATS: readonly [ReportFormat, string][] = [
  ['html', 'app.export.format.html'],
  ['pdf', 'app.export.format.pdf'],
  ['json', 'app.export.format.json'],
  ['ooni', 'app.export.format.ooni'],
  ['csv', 'app.export.format.csv'],
];

const LANGUAGE_NAMES: readonly [Language, string][] = [
  ['az', 'app.language.az'],
  ['en', 'app.language.en'],
];

/** Opens the file manager at the saved report. */
function ShowInFolder({ path }: { path: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<BridgeError | null>(null);
  return (
    <>
      <button type="button" onClick={() => void call('report:show', { path }).then((answer) => setError(answer.ok ? null : answer.error))}>
        <Icon name="folder" /> {t('app.glance.showInFolder')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}

type Outcome = { kind: 'idle' } | { kind: 'saving' } | { kind: 'done'; result: ExportResult } | { kind: 'error'; error: BridgeError };

export function ExportPanel({ historyId, hasIp }: { historyId: string; hasIp: boolean }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const formatId = useId();
  const langId = useId();
  const [format, setFormat] = useState<ReportFormat>('html');
  const [lang, setLang] = useState<Language>(i18n.language === 'az' ? 'az' : 'en');
  const [includeIp, setIncludeIp] = useState(false);
  const [summaryOnly, setSummaryOnly] = useState(false);
  const printable = format === 'html' || format === 'pdf';
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const save = async () => {
    setOutcome({ kind: 'saving' });
    const answer = await call('report:export', { historyId, format, lang, includeIp: hasIp && includeIp, summaryOnly: printable && summaryOnly });
    setOutcome(answer.ok ? { kind: 'done', result: answer.value } : { kind: 'error', error: answer.error });
  };

  return (
    <section className="export" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('app.export.heading')}</h2>
      <p>{t('app.export.intro')}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={formatId}>{t('app.export.formatLabel')}</label>
          <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            {FORMATS.map(([value, key]) => (
              <option key={value} value={value}>
                {t(key)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={langId}>{t('app.export.languageLabel')}</label>
          <select id={langId} value={lang} onChange={(e) => setLang(e.target.value as Language)}>
            {LANGUAGE_NAMES.map(([value, key]) => (
              <option key={value} value={value} lang={value}>
                {t(key)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {printable ? <CheckboxField label={t('app.glance.summaryOnly.label')} hint={t('app.glance.summaryOnly.hint')} checked={summaryOnly} onChange={setSummaryOnly} /> : null}
      {hasIp ? <CheckboxField label={t('app.export.includeIp')} hint={t('app.export.includeIpHint')} checked={includeIp} onChange={setIncludeIp} /> : null}
      <p className="muted">{t('app.export.private')}</p>
      <button type="button" className="primary" onClick={() => void save()} disabled={outcome.kind === 'saving'}>
        {outcome.kind === 'saving' ? t('app.export.saving') : t('app.export.save')}
      </button>
      <div aria-live="polite">
        {outcome.kind === 'done' && outcome.result.kind === 'saved' ? (
          <Notice tone="success" title={t('app.export.saved')}>
            <p>
              <code className="path">{outcome.result.path}</code> ({f.bytes(outcome.result.bytes)})
            </p>
            <ShowInFolder path={outcome.result.path} />
          </Notice>
        ) : null}
        {outcome.kind === 'done' && outcome.result.kind === 'canceled' ? <p>{t('app.export.canceled')}</p> : null}
      </div>
      {outcome.kind === 'error' ? <ErrorNotice error={outcome.error} /> : null}
    </section>
  );
}
