// How many results of each kind, as the report's summary tiles: a large figure, an icon and the word.
import { useTranslation } from 'react-i18next';
import type { Status } from '../../main/contract/verdict.ts';
import { countByStatus } from '../../main/guidance/results.ts';
import { Icon } from './Icon.tsx';
import { STATUS_ICON } from './AtAGlance.tsx';

export function StatusCounts({ results }: { results: readonly { status: Status }[] }) {
  const { t } = useTranslation();
  const counts = countByStatus(results);
  return (
    <div className="counts">
      <p className="counts-total">{t('app.results.count.total', { count: results.length })}</p>
      <ul className="count-list">
        {(['blocked', 'inconclusive', 'down', 'accessible'] as const).map((s) => (
          <li key={s} className={`count status-${s}`}>
            <span className="count-figure">{counts[s]}</span>
            <span>
              <Icon name={STATUS_ICON[s]} /> {t(`report.status.${s}`)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
