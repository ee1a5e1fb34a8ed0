// The VPN comparison and split-tunnel help as terminal text. Every word comes from
// locales/{en,az}/vpn.json; this file only arranges it.
import type { TFunction } from 'i18next';
import type { Result, Run, VpnImpact, VpnPathEvidence, VpnVerdict } from '../contract/run.ts';
import { translator, type Language } from '../i18n.ts';
import type { VpnStateReport } from '../checks/vpn-state.ts';
import type { Undecided } from './compare.ts';
import { guidanceKeys, SAFETY_KEYS, SPLIT_CLIENTS, type SplitClient } from './split-tunnel.ts';
import { maxOf } from '../util/arrays.ts';
import { printableHost, quoteWord, shellOf, type Shell } from './shell-words.ts';

export function renderVpnState(report: VpnStateReport, t: TFunction): string {
  const lines = [t('vpn.state.line', { state: t(`vpn.state.${report.state}`) })];
  for (const e of report.evidence) lines.push(`  - ${t(`vpn.evidence.${e.code}`, { detail: e.detail ?? '' })}`);
  return `${lines.join('\n')}\n`;
}

function pathText(e: VpnPathEvidence | undefined, t: TFunction): string {
  if (!e || e.signature === null) return t('vpn.compare.works');
  const method = e.method ? t(`method.${e.method}.short`) : '';
  return `${t('vpn.compare.fails')}: ${t(`vpn.signature.${e.signature}`, { status: e.httpStatus ?? '?', method })}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => maxOf(rows.map((r) => (r[i] ?? '').length), 0)) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

const count = (impacts: readonly VpnImpact[], verdict: VpnVerdict) => impacts.filter((i) => i.verdict === verdict).length;

/** `www.` aside, the same name or one inside the other (kapitalbank.az and online.kapitalbank.az). */
function sameService(a: string, b: string): boolean {
  const x = a.replace(/^www\./, '');
  const y = b.replace(/^www\./, '');
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * Hosts to leave out for the services that break: each host and the hosts of the same service its
 * page redirected to without the VPN (kapitalbank.az sends people on to www.kapitalbank.az).
 * Other sites a page sends people to are not guessed at.
 */
export function hostsToExclude(impacts: readonly VpnImpact[], domesticResults: readonly Result[]): string[] {
  return [...new Set(candidateHosts(impacts, domesticResults).map(printableHost).filter((h): h is string => h !== null))];
}

/** Every host named by a breaking service or its redirects, as recorded (not yet checked). */
function candidateHosts(impacts: readonly VpnImpact[], domesticResults: readonly Result[]): string[] {
  const hosts: string[] = [];
  for (const impact of impacts.filter((i) => i.verdict === 'breaks-with-vpn')) {
    hosts.push(impact.host);
    for (const r of domesticResults.filter((d) => d.host === impact.host)) {
      for (const o of r.observations) {
        if (o.step !== 'http') continue;
        for (const url of [o.url, o.redirectTo]) {
          try {
            const host = url ? new URL(url).hostname.toLowerCase() : null;
            if (host && sameService(host, impact.host)) hosts.push(host);
          } catch {
            // Not a URL: nothing to add.
          }
        }
      }
    }
  }
  return hosts;
}

export function renderSafety(t: TFunction): string {
  return `${SAFETY_KEYS.map((k) => `- ${t(k)}`).join('\n')}\n`;
}

export function renderComparison(
  comparison: { impacts: readonly VpnImpact[]; undecided: readonly Undecided[] },
  domesticResults: readonly Result[],
  t: TFunction,
  shell: Shell = shellOf(),
): string {
  const { impacts, undecided } = comparison;
  const out: string[] = [t('vpn.compare.title'), ''];
  const rows = [[t('vpn.compare.service'), t('vpn.compare.withoutVpn'), t('vpn.compare.withVpn'), t('vpn.compare.verdict')]];
  for (const i of impacts) {
    rows.push([i.host, pathText(i.evidence?.domestic, t), pathText(i.evidence?.vpn, t), t(`vpn.verdict.${i.verdict}.short`)]);
  }
  out.push(table(rows), '');
  out.push(
    t('vpn.compare.summary', {
      total: impacts.length,
      worksBoth: count(impacts, 'works-both'),
      breaks: count(impacts, 'breaks-with-vpn'),
      onlyVpn: count(impacts, 'blocked-without-vpn'),
      failsBoth: count(impacts, 'fails-both'),
    }),
  );
  for (const u of undecided) {
    const reason = u.reason === 'not-measured' || u.reason === 'failure-not-repeated' ? u.reason : 'other';
    out.push(t('vpn.compare.undecided', { host: u.host, reason: t(`vpn.undecided.${reason}`) }));
  }
  out.push('');
  const breaking = impacts.filter((i) => i.verdict === 'breaks-with-vpn').map((i) => i.host);
  if (breaking.length === 0) {
    out.push(t('vpn.compare.noneBreak'));
    return `${out.join('\n')}\n`;
  }
  out.push(t('vpn.compare.breaks', { hosts: breaking.join(', ') }), t('vpn.compare.keepVpn'), '');
  const excludes = hostsToExclude(impacts, domesticResults).map((h) => `--exclude ${quoteWord(h, shell)}`).join(' ');
  if (excludes) out.push(t('vpn.compare.wireguardCommand'), `  yoxla split-tunnel --wireguard YOUR.conf ${excludes}`, '');
  out.push(t('vpn.compare.guide'), '');
  return `${out.join('\n')}\n${renderSafety(t)}`;
}

export function renderGuide(t: TFunction, clients: readonly SplitClient[] = SPLIT_CLIENTS): string {
  const out = [t('vpn.split.title'), '', t('vpn.split.intro'), ''];
  for (const client of clients) {
    const keys = guidanceKeys(client);
    out.push(`${t(keys.name)}`, `  ${t(keys.how)}`, `  ${t(keys.note)}`, '');
  }
  return `${out.join('\n')}${renderSafety(t)}`;
}

/** The VPN section under a run's table (`yoxla lab`); empty when the run compared nothing. */
export function renderRunVpnSection(run: Run, lang: Language): string {
  if (run.vpnImpact.length === 0) return '';
  return `\n${renderComparison({ impacts: run.vpnImpact, undecided: [] }, run.results, translator(lang))}`;
}
