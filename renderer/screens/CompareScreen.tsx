// Two or more runs side by side (history:compare): different networks, different days, or a
// workshop's participants.
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.tsx';
import { ComparisonTable } from '../components/ComparisonTable.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useBridgeValue } from '../state/use-bridge.ts';
import { useNavigation } from '../state/navigation.tsx';

export function CompareScreen({ historyIds }: { historyIds: string[] }) {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const [loaded] = useBridgeValue('history:compare', { historyIds });
  return (
    <div className="screen compare">
      <ScreenHeading>{t('app.compare.title')}</ScreenHeading>
      <p className="lede">{t('app.compare.intro')}</p>
      {loaded.state === 'loading' ? <p>{t('app.common.loading')}</p> : null}
      {loaded.state === 'error' ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.state === 'ok' ? <ComparisonTable comparison={loaded.value} /> : null}
      <div className="actions">
        <button type="button" onClick={() => go({ name: 'history' })}>
          {t('app.results.toHistory')}
        </button>
      </div>
    </div>
  );
}
