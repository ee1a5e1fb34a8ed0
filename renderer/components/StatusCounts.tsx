// How many results of each kind, in words with plurals.
import { useTranslation } from 'react-i18next';
import type { Status } from '../../main/contract/verdict.ts';
import { countByStatus } from '../../main/guidance/results.ts';

const COUNT_KEYS: Record<Status, string> = {
  blocked: 'app.results.count.blocked',
  inconclusive: 'app.results.count.inconclusive',
  down: 'app.results.count.down',
  accessible: 'app.results.count.accessible',
};

export function StatusCounts({ results }: { results: readonly { status: Status }[] }) {
  const { t } = useTranslation();
  const counts = countByStatus(results);
  return (
    <div className="counts">
      <p className="counts-total">{t('app.results.count.total', { count: results.length })}</p>
      <ul className="count-list">
        {(['blocked', 'inconclusive', 'down', 'accessible'] as const).map((s) => (
          <li key={s} className={`count status-${s}`}>
            {t(COUNT_KEYS[s], { count: counts[s] })}
          </li>
        ))}
      </ul>
    </div>
  );
}
