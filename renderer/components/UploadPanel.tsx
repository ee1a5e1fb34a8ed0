// Sending one run's measurements to OONI: only shown when Settings allow it, and only sent after
// the person ticked that they read what becomes public (the request itself carries that yes).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, UploadResult } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { CheckboxField } from './CheckboxField.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Notice } from './Notice.tsx';

type Outcome = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; result: UploadResult } | { kind: 'error'; error: BridgeError };

export function UploadPanel({ historyId }: { historyId: string }) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const send = async () => {
    if (!confirmed) return;
    setOutcome({ kind: 'sending' });
    const answer = await call('report:upload', { historyId, confirmed: true });
    setOutcome(answer.ok ? { kind: 'sent', result: answer.value } : { kind: 'error', error: answer.error });
  };

  return (
    <section className="upload" aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t('app.upload.heading')}</h2>
      <p>{t('app.upload.intro')}</p>
      <Notice tone="warning">
        <p>{t('app.upload.risks')}</p>
      </Notice>
      <CheckboxField label={t('app.upload.confirm')} checked={confirmed} onChange={setConfirmed} />
      <button type="button" onClick={() => void send()} disabled={!confirmed || outcome.kind === 'sending' || outcome.kind === 'sent'}>
        {outcome.kind === 'sending' ? t('app.upload.sending') : t('app.upload.send')}
      </button>
      <div aria-live="polite">
        {outcome.kind === 'sent' ? (
          <Notice tone="success">
            <p>{t('app.upload.sent', { count: outcome.result.uploaded.length, collector: outcome.result.collector })}</p>
          </Notice>
        ) : null}
      </div>
      {outcome.kind === 'error' ? <ErrorNotice error={outcome.error} /> : null}
    </section>
  );
}
