// The verdict word of a result, in colour and in words (colour alone never carries meaning).
import { useTranslation } from 'react-i18next';
import type { Status } from '../../main/contract/verdict.ts';

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`report.status.${status}`)}</span>;
}
