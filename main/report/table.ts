// The readable table `yoxla lab|check` prints: one row a target, then what the run found.
import type { Run } from '../contract/run.ts';
import { translator, type Language } from '../i18n.ts';
import { summariseApps } from '../analysis/app-summary.ts';
import { summariseMessengers } from '../analysis/messengers.ts';
import type { Result } from '../contract/run.ts';
import { STRATEGY_NAMES } from '../contract/strategies.ts';
import type { TFunction } from 'i18next';
import { appendAll, maxOf } from '../util/arrays.ts';

const width = (rows: string[][], col: number) => maxOf(rows.map((r) => [...(r[col] ?? '')].length), 0);
const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - [...text].length));

/** The host, with its port where the input names one (WhatsApp's 443 and 5222 are two checks). */
function targetLabel(result: Result): string {
  const port = /^[a-z]+:\/\/[^/:]+:(\d+)/i.exec(result.input)?.[1];
  return port ? `${result.host}:${port}` : result.host;
}

export function renderRunTable(run: Run, lang: Language): string {
  const t = translator(lang);
  const header = [t('cli.table.target'), t('cli.table.status'), t('cli.table.method'), t('cli.table.meaning')];
  const rows = run.results.map((r) => [targetLabel(r), t(`cli.status.${r.status}`), r.method ?? '-', t(`${r.explanationKey}.title`)]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => (i === header.length - 1 ? 0 : width(all, i)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  const counts = Object.fromEntries(['accessible', 'blocked', 'down', 'inconclusive'].map((s) => [s, run.results.filter((r) => r.status === s).length]));
  const out = [
    t('cli.table.network', {
      asn: run.network.asn,
      cc: run.network.cc,
      connectivity: t(`cli.connectivity.${run.network.connectivity}`),
      rtt: run.network.rttMs ?? '?',
    }),
    '',
    line(header),
    ...rows.map(line),
    '',
    t('cli.table.summary', { total: run.results.length, ...counts }),
  ];
  // Messengers are judged as OONI's messenger tests judge them; other apps by their endpoints.
  const messengers = summariseMessengers(run.results);
  const judged = new Set(messengers.map((m) => m.app));
  if (messengers.length) {
    out.push('', t('cli.table.messengers'));
    for (const m of messengers) out.push(`- ${t(m.explanationKey)}`);
  }
  // People ask "does TikTok work?": one sentence per app over all of its endpoints.
  const apps = summariseApps(run.results).filter((a) => !judged.has(a.app));
  if (apps.length) {
    out.push('', t('cli.table.apps'));
    for (const app of apps) {
      out.push(`- ${t(app.summaryKey, app.values)}`);
      if (app.caveatKey) out.push(`  ${t(app.caveatKey, app.values)}`);
    }
  }
  appendAll(out, strategyLines(run, t));
  if (run.interrupted) out.push(t('cli.table.interrupted'));
  return `${out.join('\n')}\n`;
}

/** Per blocked target that strategies were tried on: what got through and what did not. */
function strategyLines(run: Run, t: TFunction): string[] {
  const tried = run.results.filter((r) => r.strategies && Object.keys(r.strategies).length > 0);
  if (tried.length === 0) return [];
  const lines = ['', t('strategy.table.heading')];
  for (const r of tried) {
    const names = (outcome: string) =>
      STRATEGY_NAMES.filter((n) => r.strategies?.[n]?.outcome === outcome).map((n) => t(`strategy.name.${n}`));
    const works = names('works');
    const fails = names('fails').join(', ') || t('strategy.table.none');
    const host = targetLabel(r);
    lines.push(works.length ? t('strategy.table.line', { host, works: works.join(', '), fails }) : t('strategy.table.nothing', { host, fails }));
  }
  return lines;
}
