// Local services with and without the VPN: per service, each path, and what it means.
import { useTranslation } from 'react-i18next';
import type { VpnImpact, VpnPathEvidence } from '../../main/contract/run.ts';
import { Icon } from './Icon.tsx';
import { STATUS_ICON } from './AtAGlance.tsx';

function Why({ evidence }: { evidence: VpnPathEvidence | undefined }) {
  const { t } = useTranslation();
  if (!evidence?.signature) return null;
  const method = evidence.method ? t(`method.${evidence.method}.short`) : '';
  return <span className="muted"> ({t(`vpn.signature.${evidence.signature}`, { status: evidence.httpStatus ?? '?', method })})</span>;
}

export function VpnImpactTable({ impacts }: { impacts: readonly VpnImpact[] }) {
  const { t } = useTranslation();
  if (impacts.length === 0) return null;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('vpn.compare.title')}>
      <table className="data vpn-impact">
        <caption>{t('vpn.compare.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('vpn.compare.service')}</th>
            <th scope="col">{t('vpn.compare.withoutVpn')}</th>
            <th scope="col">{t('vpn.compare.withVpn')}</th>
            <th scope="col">{t('vpn.compare.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {impacts.map((i) => (
            <tr key={i.host} className={`vpn-${i.verdict}`} data-host={i.host}>
              <th scope="row">{i.host}</th>
              <td className={`verdict-cell status-${i.domestic}`}>
                <Icon name={STATUS_ICON[i.domestic]} /> {t(`report.status.${i.domestic}`)}
                <Why evidence={i.evidence?.domestic} />
              </td>
              <td className={`verdict-cell status-${i.vpn}`}>
                <Icon name={STATUS_ICON[i.vpn]} /> {t(`report.status.${i.vpn}`)}
                <Why evidence={i.evidence?.vpn} />
              </td>
              <td>
                <strong>{t(`vpn.verdict.${i.verdict}.short`)}</strong>
                <br />
                {t(`vpn.verdict.${i.verdict}.advice`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
