// A bridge error in plain words, with the technical detail one click away.
import { useTranslation } from 'react-i18next';
import type { BridgeError } from '../../main/contract/bridge.ts';
import { Notice } from './Notice.tsx';

/** `title` replaces the general words where the screen knows better (a typed list is not "this file"). */
export function ErrorNotice({ error, title }: { error: BridgeError; title?: string }) {
  const { t } = useTranslation();
  return (
    <Notice tone="problem" title={title ?? t(`errors.${error.code}`)} live>
      {error.detail ? (
        <details className="technical">
          <summary>{t('app.common.technicalDetail')}</summary>
          <pre>{error.detail}</pre>
        </details>
      ) : null}
    </Notice>
  );
}
