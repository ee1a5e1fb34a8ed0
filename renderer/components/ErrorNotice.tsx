// A bridge error in plain words, with the technical detail one click away.
import { useTranslation } from 'react-i18next';
import type { BridgeError } from '../../main/contract/bridge.ts';
import { Notice } from './Notice.tsx';

export function ErrorNotice({ error }: { error: BridgeError }) {
  const { t } = useTranslation();
  return (
    <Notice tone="problem" title={t(`errors.${error.code}`)} live>
      {error.detail ? (
        <details className="technical">
          <summary>{t('app.common.technicalDetail')}</summary>
          <pre>{error.detail}</pre>
        </details>
      ) : null}
    </Notice>
  );
}
