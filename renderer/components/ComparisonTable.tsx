// Several runs side by side, per site: each run's verdict and method; rows where runs differ stand out.
import { useTranslation } from 'react-i18next';
import type { Comparison } from '../../main/contract/bridge.ts';
import { useFormat } from '../format.ts';

export function ComparisonTable({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  const f = useFormat();
  const differ = comparison.rows.filter((r) => !r.agree).length;
  return (
    <>
      <p role="status">{t('app.compare.summary', { count: differ, total: comparison.rows.length })}</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.compare.tableLabel')}>
        <table className="data comparison">
          <caption>{t('app.compare.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.merge.matrix.target')}</th>
              {comparison.runs.map((run) => (
                <th scope="col" key={run.id}>
                  {f.dateTime(run.startedAt)}
                  <br />
                  <span className="muted">{[run.network.asn, run.network.name, run.scenario].filter(Boolean).join(' · ')}</span>
                </th>
              ))}
              <th scope="col">{t('report.merge.matrix.differ')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.host} className={row.agree ? 'agree' : 'differ'} data-host={row.host}>
                <th scope="row">{row.host}</th>
                {row.cells.map((cell, i) => (
                  <td key={i} className={cell ? `status-${cell.status}` : 'muted'}>
                    {cell ? t(`report.status.${cell.status}`) : t('report.merge.matrix.none')}
                    {cell?.method ? (
                      <>
                        <br />
                        <span className="muted">{t(`method.${cell.method}.short`, { defaultValue: cell.method })}</span>
                      </>
                    ) : null}
                  </td>
                ))}
                <td>{row.agree ? t('report.no') : t('report.yes')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
