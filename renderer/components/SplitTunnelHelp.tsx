// Split tunnelling for services that break with the VPN: keep the VPN on, leave out only them.
// Guides per VPN client, the privacy trade-off said plainly, and a WireGuard AllowedIPs generator.
import { CopyBlock } from './CopyBlock.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BridgeError } from '../../main/contract/bridge.ts';
import { call } from '../bridge.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { FileTextInput, type OpenedFile } from './FileTextInput.tsx';

const CLIENTS: readonly { id: string; name: string; how: string; note: string }[] = [
  { id: 'wireguard', name: 'vpn.split.clients.wireguard.name', how: 'vpn.split.clients.wireguard.how', note: 'vpn.split.clients.wireguard.note' },
  { id: 'openvpn', name: 'vpn.split.clients.openvpn.name', how: 'vpn.split.clients.openvpn.how', note: 'vpn.split.clients.openvpn.note' },
  { id: 'outline', name: 'vpn.split.clients.outline.name', how: 'vpn.split.clients.outline.how', note: 'vpn.split.clients.outline.note' },
  { id: 'psiphon', name: 'vpn.split.clients.psiphon.name', how: 'vpn.split.clients.psiphon.how', note: 'vpn.split.clients.psiphon.note' },
  { id: 'proton-vpn', name: 'vpn.split.clients.proton-vpn.name', how: 'vpn.split.clients.proton-vpn.how', note: 'vpn.split.clients.proton-vpn.note' },
  { id: 'android', name: 'vpn.split.clients.android.name', how: 'vpn.split.clients.android.how', note: 'vpn.split.clients.android.note' },
  { id: 'ios', name: 'vpn.split.clients.ios.name', how: 'vpn.split.clients.ios.how', note: 'vpn.split.clients.ios.note' },
  { id: 'windows', name: 'vpn.split.clients.windows.name', how: 'vpn.split.clients.windows.how', note: 'vpn.split.clients.windows.note' },
  { id: 'macos', name: 'vpn.split.clients.macos.name', how: 'vpn.split.clients.macos.how', note: 'vpn.split.clients.macos.note' },
];

type Generated = { allowedIps: string[]; conf: string | null };

function WireGuardGenerator({ hosts }: { hosts: string[] }) {
  const { t } = useTranslation();
  const [conf, setConf] = useState<OpenedFile | null>(null);
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const generate = async () => {
    setError(null);
    const answer = await call('vpn:split-tunnel', { exclude: hosts, ...(conf ? { wireguard: conf.text } : {}) });
    if (!answer.ok) return setError(answer.error);
    setGenerated(answer.value);
  };
  return (
    <section aria-labelledby="wg-heading" className="wireguard">
      <h3 id="wg-heading">{t('app.vpn.wireguard.heading')}</h3>
      <p>{t('app.vpn.wireguard.intro')}</p>
      <FileTextInput label={t('app.vpn.wireguard.confLabel')} hint={t('app.vpn.wireguard.confHint')} accept=".conf,text/plain" onFiles={([f]) => setConf(f ?? null)} />
      {conf ? <p>{t('app.vpn.wireguard.confLoaded', { name: conf.name })}</p> : null}
      <button type="button" className="primary" onClick={() => void generate()}>
        {t('app.vpn.wireguard.generate')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
      {generated ? (
        <div aria-live="polite">
          <p>{t('vpn.split.allowedIps', { count: generated.allowedIps.length })}</p>
          <CopyBlock text={generated.allowedIps.join(', ')} />
          {generated.conf ? (
            <>
              <p>{t('app.vpn.wireguard.confResult')}</p>
              <CopyBlock text={generated.conf} />
            </>
          ) : null}
          <p className="muted">{t('vpn.split.killSwitch')}</p>
        </div>
      ) : null}
    </section>
  );
}

export function SplitTunnelHelp({ hosts }: { hosts: string[] }) {
  const { t } = useTranslation();
  if (hosts.length === 0) return null;
  return (
    <section aria-labelledby="split-heading" className="split-tunnel">
      <h2 id="split-heading">{t('vpn.split.title')}</h2>
      <p>{t('vpn.compare.breaks', { hosts: hosts.join(', ') })}</p>
      <p>
        <strong>{t('vpn.compare.keepVpn')}</strong>
      </p>
      <p>{t('vpn.split.intro')}</p>
      <h3>{t('app.vpn.safetyHeading')}</h3>
      <ul>
        <li>{t('vpn.safety.reveals')}</li>
        <li>{t('vpn.safety.notContent')}</li>
        <li>
          <strong>{t('vpn.safety.threatModel')}</strong>
        </li>
        <li>{t('vpn.safety.addressesChange')}</li>
      </ul>
      <h3>{t('app.vpn.clientsHeading')}</h3>
      {CLIENTS.map((c) => (
        <details key={c.id} className="client-guide">
          <summary>{t(c.name)}</summary>
          <p>{t(c.how)}</p>
          <p className="muted">{t(c.note)}</p>
        </details>
      ))}
      <WireGuardGenerator hosts={hosts} />
    </section>
  );
}
