// The report a watchdog reads and a person prints: one self-contained HTML file (inline CSS, no
// script, nothing fetched). Every sentence comes from locales/<lang>/*.json; every recorded value
// is escaped, because recorded values are whatever the network sent.
import type { TFunction } from 'i18next';
import type { Result, Run } from '../contract/run.ts';
import type { Control, Observation } from '../contract/observations.ts';
import { translator, type Language } from '../i18n.ts';
import { methodShortKey, summariseMessengers } from '../analysis/index.ts';
import { summariseApps } from '../analysis/app-summary.ts';
import { dnsRows, stepDetail, stepFailure, stepNameKey, stepWhere } from '../analysis/evidence-text.ts';
import { ENGINE_VERSION, SOFTWARE_VERSION } from '../version.ts';
import { countryName, esc, formatDateTime, formatMs, targetLabel } from './format.ts';
import { shownValue } from '../util/shown-text.ts';
import { REPORT_CSS } from './html-style.ts';
import { STRATEGY_NAMES, type StrategyOutcome } from '../contract/strategies.ts';

export interface HtmlOptions {
  lang: Language;
  /** SHA-256 (hex) of the run JSON the report was made from. */
  runSha256: string;
  /** When the report is made (a parameter so tests get the same bytes twice). */
  generatedAt?: string;
  /** Leave out each site's evidence and the methodology: the summary only (a short PDF). */
  summaryOnly?: boolean;
}

const STATUSES = ['blocked', 'accessible', 'down', 'inconclusive'] as const;

/**
 * Text as a CSS string inside <style>. By allow-list: letters, digits and a few harmless marks stay;
 * every other character becomes a six-digit CSS escape (fixed width, so no following character is
 * ever read as part of it). Quotes, backslashes, `<`, line and form feeds and the like can
 * therefore never end the string, the rule or the <style> element.
 */
export const cssString = (text: string): string =>
  `"${[...shownValue(text)].map((c) => (/^[\p{L}\p{N} .,:_+()/·…-]$/u.test(c) ? c : `\\${c.codePointAt(0)?.toString(16).padStart(6, '0')}`)).join('')}"`;

/**
 * No network at all: the report is one file with inline CSS; nothing in it (a recorded URL, a
 * crafted value) may make the browser or the PDF printer fetch anything, run script or submit.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; manifest-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'";

export function htmlDocument(lang: Language, title: string, body: string, pageFooter = 'Yoxla'): string {
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${REPORT_CSS}@page{@bottom-left{content:${cssString(pageFooter)};font-size:9pt;color:#5b6b7d}}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export const badge = (t: TFunction, status: string): string =>
  `<span class="badge ${esc(status)}">${esc(t(`report.status.${status}`))}</span>`;

const methodName = (t: TFunction, method: string | null): string => (method ? t(methodShortKey(method as never)) : '');

function banners(run: Run, t: TFunction): string {
  const out: string[] = [];
  if (run.network.ip) out.push(`<div class="banner alert"><strong>${esc(t('report.banner.ipTitle'))}</strong> ${esc(t('report.banner.ip', { ip: run.network.ip }))}</div>`);
  if (run.mode === 'lab') out.push(`<div class="banner info">${esc(t('report.banner.lab', { scenario: run.scenario ?? '?' }))}</div>`);
  if (run.interrupted) out.push(`<div class="banner warn">${esc(t('report.banner.interrupted'))}</div>`);
  if (run.network.connectivity !== 'ok') out.push(`<div class="banner warn">${esc(t(`report.banner.connectivity.${run.network.connectivity}`))}</div>`);
  if (run.network.asn === 'AS0' || run.network.cc === 'ZZ') out.push(`<div class="banner warn">${esc(t('report.banner.unknownNetwork'))}</div>`);
  return out.join('\n');
}

function facts(run: Run, t: TFunction, lang: Language): string {
  const n = run.network;
  const rows: [string, string][] = [
    [t('report.facts.when'), `${formatDateTime(run.startedAt, lang)} – ${formatDateTime(run.finishedAt, lang)}`],
    [t('report.facts.network'), [n.asn, n.name].filter(Boolean).join(' · ')],
    [t('report.facts.country'), n.cc === 'ZZ' ? t('report.unknown') : `${countryName(n.cc, lang)} (${n.cc})`],
    [t('report.facts.vpn'), t(`report.vpn.${n.vpn}`)],
    [t('report.facts.connection'), t('report.connection', { state: t(`cli.connectivity.${n.connectivity}`), rtt: n.rttMs ?? '?' })],
    [t('report.facts.checked'), String(run.results.length)],
  ];
  if (n.ip) rows.push([t('report.facts.ip'), n.ip]);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function summary(run: Run, t: TFunction): string {
  const tiles = STATUSES.map((s) => {
    const count = run.results.filter((r) => r.status === s).length;
    return `<div class="tile ${s}"><span class="n">${count}</span>${esc(t(`report.status.${s}`))}</div>`;
  }).join('');
  const messengers = summariseMessengers(run.results);
  const judged = new Set(messengers.map((m) => m.app));
  const apps = summariseApps(run.results).filter((a) => !judged.has(a.app));
  const parts = [`<h2 id="summary">${esc(t('report.summary.heading'))}</h2>`, `<div class="tiles">${tiles}</div>`];
  if (apps.length) {
    const rows = apps
      .map((a) => {
        const status = a.verdict === 'works' ? 'accessible' : a.verdict === 'unknown' ? 'inconclusive' : a.verdict === 'blocked' ? 'blocked' : 'mixed';
        return `<tr><td><strong>${esc(t(`apps.names.${a.app}`, { defaultValue: a.app }))}</strong></td><td><span class="badge ${status}">${esc(t(`report.apps.verdict.${a.verdict}`))}</span></td><td>${esc(t('report.apps.blockedOf', { blocked: a.blocked, total: a.total }))}</td><td>${esc(methodName(t, a.dominantMethod))}</td></tr>`;
      })
      .join('');
    parts.push(
      `<h3>${esc(t('report.apps.heading'))}</h3>`,
      `<table><thead><tr><th>${esc(t('report.apps.col.app'))}</th><th>${esc(t('report.apps.col.result'))}</th><th>${esc(t('report.apps.col.blocked'))}</th><th>${esc(t('report.apps.col.how'))}</th></tr></thead><tbody>${rows}</tbody></table>`,
      `<ul class="apps">${apps.map((a) => `<li>${esc(t(a.summaryKey, a.values))}${a.caveatKey ? ` <span class="muted">${esc(t(a.caveatKey, a.values))}</span>` : ''}</li>`).join('')}</ul>`,
    );
  }
  if (messengers.length) {
    parts.push(
      `<h3>${esc(t('report.messengers.heading'))}</h3>`,
      `<ul class="apps">${messengers.map((m) => `<li>${badge(t, m.status)} ${esc(t(m.explanationKey))}${m.method ? ` <span class="muted">(${esc(methodName(t, m.method))})</span>` : ''}</li>`).join('')}</ul>`,
    );
  }
  return parts.join('\n');
}

function vpnImpact(run: Run, t: TFunction): string {
  if (run.vpnImpact.length === 0) return '';
  const rows = run.vpnImpact
    .map((v) => `<tr><td>${esc(v.host)}</td><td>${badge(t, v.domestic)}</td><td>${badge(t, v.vpn)}</td><td>${esc(t(`report.vpnImpact.verdict.${v.verdict}`))}</td></tr>`)
    .join('');
  const head = ['host', 'domestic', 'vpn', 'verdict'].map((c) => `<th>${esc(t(`report.vpnImpact.col.${c}`))}</th>`).join('');
  return `<h3>${esc(t('report.vpnImpact.heading'))}</h3><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

// ---- what works here (DESIGN.md section 10) --------------------------------------------------

const OUTCOME_BADGE: Record<StrategyOutcome, string> = { works: 'accessible', fails: 'blocked', 'not-applicable': 'inconclusive' };

const triedOn = (run: Run): Result[] => run.results.filter((r) => r.strategies && Object.keys(r.strategies).length > 0);

const strategyNames = (t: TFunction, r: Result, outcome: StrategyOutcome): string =>
  STRATEGY_NAMES.filter((n) => r.strategies?.[n]?.outcome === outcome)
    .map((n) => esc(t(`strategy.name.${n}`)))
    .join(', ');

/** Per blocked target: what got through and what did not; then what each way that worked reveals. */
function strategiesSection(run: Run, t: TFunction): string {
  const tried = triedOn(run);
  if (tried.length === 0) return '';
  const none = `<span class="muted">${esc(t('strategy.report.none'))}</span>`;
  const rows = tried
    .map((r) => `<tr><td>${esc(targetLabel(r))}</td><td>${strategyNames(t, r, 'works') || none}</td><td>${strategyNames(t, r, 'fails') || none}</td></tr>`)
    .join('');
  const head = ['target', 'works', 'fails'].map((c) => `<th>${esc(t(`strategy.report.col.${c}`))}</th>`).join('');
  const worked = STRATEGY_NAMES.filter((n) => tried.some((r) => r.strategies?.[n]?.outcome === 'works'));
  const safety = worked.length
    ? `<h3>${esc(t('strategy.report.safety'))}</h3><ul class="apps">${worked.map((n) => `<li><strong>${esc(t(`strategy.name.${n}`))}.</strong> ${esc(t(`strategy.about.${n}`))}</li>`).join('')}</ul>`
    : '';
  return `<h2 id="strategies">${esc(t('strategy.report.heading'))}</h2>
<p class="muted">${esc(t('strategy.report.intro'))}</p>
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
${safety}`;
}

/** Inside a target's card: each strategy's outcome, why, and the failure it met. */
function strategiesTable(r: Result, t: TFunction): string {
  const tried = STRATEGY_NAMES.flatMap((n) => {
    const s = r.strategies?.[n];
    return s ? [[n, s] as const] : [];
  });
  if (tried.length === 0) return '';
  const rows = tried
    .map(
      ([n, s]) =>
        `<tr><td>${esc(t(`strategy.name.${n}`))}</td><td><span class="badge ${OUTCOME_BADGE[s.outcome]}">${esc(t(`strategy.outcome.${s.outcome}`))}</span></td><td>${esc(t(`strategy.evidence.${s.code}`, { defaultValue: s.code }))}</td><td>${s.failure ? `<code class="fail">${esc(s.failure)}</code>` : ''}</td></tr>`,
    )
    .join('');
  const head = ['strategy', 'result', 'why', 'failure'].map((c) => `<th>${esc(t(`strategy.report.col.${c}`))}</th>`).join('');
  return `<div class="subhead">${esc(t('strategy.report.card'))}</div>
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function overview(run: Run, t: TFunction): string {
  const rows = run.results
    .map((r, i) => `<tr><td class="num">${i + 1}</td><td><a href="#t-${i + 1}">${esc(targetLabel(r))}</a></td><td>${badge(t, r.status)}</td><td>${esc(methodName(t, r.method)) || '<span class="muted">–</span>'}</td><td>${esc(t(`${r.explanationKey}.title`))}</td></tr>`)
    .join('');
  return `<h2 id="results">${esc(t('report.results.heading'))}</h2>
<table><thead><tr><th>#</th><th>${esc(t('report.results.col.target'))}</th><th>${esc(t('report.results.col.result'))}</th><th>${esc(t('report.results.col.how'))}</th><th>${esc(t('report.results.col.meaning'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

// ---- evidence per target ---------------------------------------------------------------------

function outcome(o: Observation, t: TFunction): string {
  const failure = stepFailure(o);
  const detail = stepDetail(o, t);
  const head = failure ? `<code class="fail">${esc(failure)}</code>` : `<span class="ok">${esc(t('report.evidence.ok'))}</span>`;
  return detail.length ? `${head} <span class="muted">${esc(detail.join(' · '))}</span>` : head;
}

function stepsTable(r: Result, t: TFunction, lang: Language): string {
  if (r.observations.length === 0) return '';
  const rows = [...r.observations]
    .sort((a, b) => a.t0 - b.t0)
    .map(
      (o) =>
        `<tr><td>${esc(t(stepNameKey(o)))}</td><td class="num">${o.attempt + 1}</td><td><code>${esc(stepWhere(o))}</code></td><td>${outcome(o, t)}</td><td class="num">${esc(formatMs(o.t1 - o.t0, lang))}</td></tr>`,
    )
    .join('');
  return `<div class="subhead">${esc(t('report.evidence.steps'))}</div>
<table><thead><tr><th>${esc(t('report.evidence.col.step'))}</th><th>${esc(t('report.evidence.col.try'))}</th><th>${esc(t('report.evidence.col.where'))}</th><th>${esc(t('report.evidence.col.result'))}</th><th>${esc(t('report.evidence.col.time'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function dnsTable(r: Result, t: TFunction): string {
  const dns = r.evidence.dns;
  if (!dns) return '';
  const row = (key: string, answers: string[]) =>
    `<tr><td>${esc(t(`report.evidence.dns.${key}`))}</td><td><code>${answers.length ? esc(answers.join(', ')) : `<span class="muted">${esc(t('report.evidence.dns.none'))}</span>`}</code></td></tr>`;
  return `<div class="subhead">${esc(t('report.evidence.dns.heading'))}</div>
<table class="kv"><tbody>${dnsRows(dns).map(([key, answers]) => row(key, answers)).join('')}</tbody></table>`;
}

function controlBlock(control: Control | null, failure: string | null, t: TFunction): string {
  if (!control) return `<p class="muted">${esc(t('report.evidence.noControl', { reason: failure ?? '-' }))}</p>`;
  const lines: string[] = [];
  if (control.dns.failure) lines.push(`${t('report.evidence.control.dns')}: ${control.dns.failure}`);
  else lines.push(`${t('report.evidence.control.dns')}: ${(control.dns.addrs ?? []).join(', ') || '-'}`);
  for (const [endpoint, v] of Object.entries(control.tcp_connect)) lines.push(`${t('report.evidence.control.tcp')} ${endpoint}: ${v.failure ?? 'ok'}`);
  for (const [endpoint, v] of Object.entries(control.tls_handshake)) lines.push(`${t('report.evidence.control.tls')} ${endpoint} (${v.server_name}): ${v.failure ?? 'ok'}`);
  const h = control.http_request;
  if (h.failure) lines.push(`${t('report.evidence.control.http')}: ${h.failure}`);
  else if (h.status_code > 0) lines.push(`${t('report.evidence.control.http')}: HTTP ${h.status_code}${h.title ? ` “${h.title}”` : ''}${h.body_length >= 0 ? ` · ${t('report.evidence.bytes', { count: h.body_length })}` : ''}`);
  return `<div class="subhead">${esc(t('report.evidence.control.heading'))}</div><ul class="muted">${lines.map((l) => `<li><code>${esc(l)}</code></li>`).join('')}</ul>`;
}

function evidenceList(r: Result, t: TFunction, lang: Language): string {
  const e = r.evidence;
  const rows: [string, string][] = [[t('report.evidence.rule'), `<code>${esc(e.code)}</code>`]];
  if (e.failingStep) rows.push([t('report.evidence.failingStep'), esc(t(`report.evidence.stepName.${e.failingStep === 'dns' ? 'dns-system' : e.failingStep}`))]);
  if (e.failure) rows.push([t('report.evidence.failure'), `<code class="fail">${esc(e.failure)}</code>`]);
  if (e.control) rows.push([t('report.evidence.controlSaw'), `<code>${esc(e.control)}</code>`]);
  if (e.failingStep) rows.push([t('report.evidence.repeated'), esc(t(e.repeated ? 'report.yes' : 'report.no'))]);
  if (e.sniTest !== 'not-run') rows.push([t('report.evidence.sniTest'), esc(t(`report.evidence.sni.${e.sniTest}`))]);
  if (e.certIssuer) rows.push([t('report.evidence.certIssuer'), `<code class="fail">${esc(e.certIssuer)}</code>`]);
  if (e.throughputRatio !== undefined) rows.push([t('report.evidence.throughput'), esc(`${Math.round(e.throughputRatio * 100)} %`)]);
  if (e.notes.length) rows.push([t('report.evidence.notes'), e.notes.map((n) => esc(t(`report.notes.${n}`, { defaultValue: n }))).join('<br>')]);
  rows.push([t('report.evidence.duration'), esc(formatMs(r.durationMs, lang))]);
  return `<dl class="evidence">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function targetCard(r: Result, index: number, t: TFunction, lang: Language): string {
  return `<article class="target" id="t-${index + 1}">
<header><h3>${index + 1}. ${esc(targetLabel(r))}</h3>${badge(t, r.status)}${r.method ? `<strong>${esc(methodName(t, r.method))}</strong> <code class="muted">${esc(r.method)}</code>` : ''}</header>
<div class="input"><code>${esc(r.input)}</code>${r.app ? ` · ${esc(t(`apps.names.${r.app}`, { defaultValue: r.app }))}` : ''}</div>
<p><strong>${esc(t(`${r.explanationKey}.title`))}.</strong> ${esc(t(`${r.explanationKey}.what`))}</p>
${evidenceList(r, t, lang)}
${strategiesTable(r, t)}
${dnsTable(r, t)}
${stepsTable(r, t, lang)}
${controlBlock(r.control, r.controlFailure, t)}
</article>`;
}

function methodology(t: TFunction): string {
  const paragraphs = ['connectivity', 'steps', 'control', 'recheck', 'sni', 'verdicts', 'privacy'];
  return `<section class="method"><h2 id="method">${esc(t('report.method.heading'))}</h2>${paragraphs.map((p) => `<p>${esc(t(`report.method.${p}`))}</p>`).join('')}</section>`;
}

function footer(run: Run, t: TFunction, o: HtmlOptions): string {
  const measured = run.software?.version ?? '?';
  const rows: [string, string][] = [
    [t('report.footer.software'), esc(t('report.footer.versions', { measured, analysis: SOFTWARE_VERSION }))],
    // What produced the evidence, as the run file recorded it (a watchdog needs the engine and lists).
    [t('report.footer.engine'), esc(t('report.footer.engineVersions', { measured: run.software?.engine ?? '?', analysis: ENGINE_VERSION }))],
    [
      t('report.footer.targetLists'),
      run.software?.targetLists
        ? esc(Object.entries(run.software.targetLists).map(([list, date]) => `${list} ${date}`).join(', '))
        : esc(t('report.footer.notRecorded')),
    ],
    [t('report.footer.sha256'), `<code>${esc(o.runSha256)}</code>`],
    [t('report.footer.schema'), `<code>${esc(run.schema)}</code>`],
    [t('report.footer.generated'), esc(formatDateTime(o.generatedAt ?? new Date().toISOString(), o.lang))],
  ];
  return `<footer><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl><p>${esc(t(run.network.ip ? 'report.footer.privacyIp' : 'report.footer.privacy'))}</p></footer>`;
}

/** The report for one run. The run is expected redacted already (see writeReports). */
export function renderHtml(run: Run, o: HtmlOptions): string {
  const t = translator(o.lang);
  const title = `${t('report.title')} — ${run.network.asn}${run.network.name ? ` ${run.network.name}` : ''} — ${formatDateTime(run.startedAt, o.lang)}`;
  const body = `<div class="brand">Yoxla</div>
<h1>${esc(t('report.title'))}</h1>
<p class="lede">${esc(t('report.lede'))}</p>
${banners(run, t)}
${facts(run, t, o.lang)}
${summary(run, t)}
${vpnImpact(run, t)}
${strategiesSection(run, t)}
${overview(run, t)}
${
  o.summaryOnly
    ? `<p class="muted">${esc(t('app.glance.summaryOnlyNote'))}</p>`
    : `<h2 id="evidence">${esc(t('report.evidence.heading'))}</h2>
<p class="muted">${esc(t('report.evidence.intro'))}</p>
${run.results.map((r, i) => targetCard(r, i, t, o.lang)).join('\n')}
${methodology(t)}`
}
${footer(run, t, o)}`;
  const pageFooter = `Yoxla · ${run.network.asn} · ${formatDateTime(run.startedAt, o.lang)} · SHA-256 ${o.runSha256.slice(0, 16)}…`;
  return htmlDocument(o.lang, title, body, pageFooter);
}
