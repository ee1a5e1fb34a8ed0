// An OONI measurement (a file, or an OONI Explorer link) explained by Yoxla's own analysis and
// shown with the same result cards as a check.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError, ExplainRequest } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FileTextInput } from '../components/FileTextInput.tsx';
import { useNavigation } from '../state/navigation.tsx';

export function OoniScreen() {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const linkId = useId();
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const explain = async (request: ExplainRequest) => {
    setBusy(true);
    setError(null);
    const answer = await call('ooni:explain', request);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    go({ name: 'results', historyId: answer.value.id, from: 'ooni' });
  };
  return (
    <div className="screen ooni">
      <ScreenHeading>{t('app.ooni.title')}</ScreenHeading>
      <p className="lede">{t('app.ooni.intro')}</p>
      <section aria-labelledby="ooni-file-heading">
        <h2 id="ooni-file-heading">{t('app.ooni.fileHeading')}</h2>
        <FileTextInput
          label={t('app.ooni.fileLabel')}
          accept=".json,.jsonl,application/json"
          onFiles={([file]) => (file ? void explain({ name: file.name, text: file.text }) : undefined)}
        />
      </section>
      <section aria-labelledby="ooni-link-heading">
        <h2 id="ooni-link-heading">{t('app.ooni.linkHeading')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (link.trim()) void explain({ link: link.trim() });
          }}
        >
          <div className="field">
            <label htmlFor={linkId}>{t('app.ooni.linkLabel')}</label>
            <p id={`${linkId}-hint`} className="hint">
              {t('app.ooni.linkHint')}
            </p>
            <input id={linkId} type="text" inputMode="url" value={link} aria-describedby={`${linkId}-hint`} onChange={(e) => setLink(e.target.value)} spellCheck={false} />
          </div>
          <button type="submit" className="primary" disabled={busy || link.trim() === ''}>
            {t('app.ooni.explain')}
          </button>
        </form>
      </section>
      {busy ? <p role="status">{t('app.ooni.working')}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
