// The merged picture for trainers, as a self-contained HTML page and as a text table for the terminal.
import type { TFunction } from 'i18next';
import { STATUSES } from '../contract/verdict.ts';
import { methodShortKey } from '../analysis/keys.ts';
import { translator, type Language } from '../i18n.ts';
import { countryName, esc, formatDateTime } from './format.ts';
import { badge, htmlDocument } from './html.ts';
import { cellOf, type MergeModel, type MergedCell, type MergedNetwork, type MergedRunInfo } from './merge.ts';
import { ENGINE_VERSION, SOFTWARE_VERSION } from '../version.ts';
import { maxOf } from '../util/arrays.ts';

const networkLabel = (n: Pick<MergedNetwork, 'asn' | 'name'>): string => [n.asn, n.name].filter(Boolean).join(' ');

function cellHtml(cell: MergedCell | undefined, t: TFunction): string {
  if (!cell) return `<span class="muted">${esc(t('report.merge.matrix.none'))}</span>`;
  const counts = STATUSES.filter((s) => cell.statuses[s] > 0);
  const runs = counts.reduce((n, s) => n + cell.statuses[s], 0);
  const head =
    cell.verdict === 'mixed'
      ? counts.map((s) => `${badge(t, s)} ×${cell.statuses[s]}`).join(' ')
      : `${badge(t, cell.verdict)}${runs > 1 ? ` ×${runs}` : ''}`;
  const methods = cell.methods.map((m) => t(methodShortKey(m))).join(', ');
  return methods ? `${head}<br><span class="muted">${esc(methods)}</span>` : head;
}

/** What made each participant's run (a watchdog compares evidence from different versions with care). */
function softwareRow(r: MergedRunInfo, t: TFunction): string {
  const versions = [
    t('report.footer.versions', { measured: r.software?.version ?? '?', analysis: SOFTWARE_VERSION }),
    t('report.footer.engineVersions', { measured: r.software?.engine ?? '?', analysis: ENGINE_VERSION }),
  ].join('; ');
  const lists = r.software?.targetLists ? Object.entries(r.software.targetLists).map(([list, date]) => `${list} ${date}`).join(', ') : t('report.footer.notRecorded');
  return `<dt>${esc(t('report.merge.runs.col.run'))} ${r.run} · ${esc(t('report.footer.software'))}</dt><dd>${esc(versions)}</dd><dt>${esc(t('report.merge.runs.col.run'))} ${r.run} · ${esc(t('report.footer.targetLists'))}</dt><dd>${esc(lists)}</dd>`;
}

export function renderMergeHtml(model: MergeModel, o: { lang: Language; generatedAt?: string }): string {
  const t = translator(o.lang);
  const differ = model.targets.filter((x) => x.differ).length;
  const notes: string[] = [];
  if (model.runs.some((r) => r.mode === 'lab')) notes.push(`<div class="banner info">${esc(t('report.banner.lab', { scenario: [...new Set(model.runs.map((r) => r.scenario).filter(Boolean))].join(', ') || '?' }))}</div>`);
  if (model.skipped) notes.push(`<div class="banner warn">${esc(t('report.merge.skipped', { count: model.skipped }))}</div>`);
  if (model.duplicates) notes.push(`<div class="banner info">${esc(t('report.merge.duplicates', { count: model.duplicates }))}</div>`);

  const runRows = model.runs
    .map(
      (r) =>
        `<tr><td class="num">${r.run}</td><td>${esc(formatDateTime(r.startedAt, o.lang))}</td><td>${esc(networkLabel(r))}</td><td>${esc(r.cc === 'ZZ' ? t('report.unknown') : `${countryName(r.cc, o.lang)} (${r.cc})`)}</td><td>${esc(t(`report.vpn.${r.vpn}`))}</td><td class="num">${r.targets}</td><td class="num">${r.blocked}</td></tr>`,
    )
    .join('');
  const nets = model.networks;
  const matrixRows = model.targets
    .map(
      (x) =>
        `<tr${x.differ ? ' class="differ"' : ''}><td><strong>${esc(x.label)}</strong></td>${nets.map((n) => `<td>${cellHtml(cellOf(x, n.asn), t)}</td>`).join('')}<td>${x.differ ? `<strong>${esc(t('report.merge.matrix.differ'))}</strong>` : ''}</td></tr>`,
    )
    .join('');
  const countRows = nets
    .map((n) => `<tr><td>${esc(networkLabel(n))}</td><td class="num">${n.runs}</td>${STATUSES.map((s) => `<td class="num">${n.counts[s]}</td>`).join('')}</tr>`)
    .join('');

  const body = `<div class="brand">Yoxla</div>
<h1>${esc(t('report.merge.title'))}</h1>
<p class="lede">${esc(t('report.merge.lede'))}</p>
${notes.join('\n')}
<h2>${esc(t('report.merge.runs.heading'))}</h2>
<table><thead><tr>${['run', 'when', 'network', 'country', 'vpn', 'targets', 'blocked'].map((c) => `<th>${esc(t(`report.merge.runs.col.${c}`))}</th>`).join('')}</tr></thead><tbody>${runRows}</tbody></table>
<h2>${esc(t('report.merge.matrix.heading'))}</h2>
<p><strong>${esc(t('report.merge.differSummary', { count: differ, total: model.targets.length }))}</strong></p>
<table><thead><tr><th>${esc(t('report.merge.matrix.target'))}</th>${nets.map((n) => `<th>${esc(networkLabel(n))}</th>`).join('')}<th></th></tr></thead><tbody>${matrixRows}</tbody></table>
<h2>${esc(t('report.merge.counts.heading'))}</h2>
<table><thead><tr><th>${esc(t('report.merge.counts.network'))}</th><th>${esc(t('report.merge.counts.runs'))}</th>${STATUSES.map((s) => `<th>${esc(t(`report.status.${s}`))}</th>`).join('')}</tr></thead><tbody>${countRows}</tbody></table>
<footer><dl><dt>${esc(t('report.footer.generated'))}</dt><dd>${esc(formatDateTime(o.generatedAt ?? new Date().toISOString(), o.lang))}</dd>${model.runs.map((r) => `<dt>${esc(t('report.merge.runs.col.run'))} ${r.run} · SHA-256</dt><dd><code>${esc(r.sha256)}</code></dd>${softwareRow(r, t)}`).join('')}</dl><p>${esc(t('report.footer.privacy'))}</p></footer>`;
  return htmlDocument(o.lang, t('report.merge.title'), body);
}

const width = (rows: string[][], col: number): number => maxOf(rows.map((r) => [...(r[col] ?? '')].length), 0);
const pad = (text: string, n: number): string => text + ' '.repeat(Math.max(0, n - [...text].length));

function cellText(cell: MergedCell | undefined, t: TFunction): string {
  if (!cell) return '-';
  if (cell.verdict === 'mixed') return STATUSES.filter((s) => cell.statuses[s] > 0).map((s) => `${t(`cli.status.${s}`)}×${cell.statuses[s]}`).join(' ');
  return cell.methods.length ? `${t(`cli.status.${cell.verdict}`)} (${cell.methods.join(',')})` : t(`cli.status.${cell.verdict}`);
}

/** The matrix for the terminal: one row per target, one column per network, `*` where they differ. */
export function renderMergeTable(model: MergeModel, lang: Language): string {
  const t = translator(lang);
  const header = [t('report.merge.matrix.target'), ...model.networks.map(networkLabel), ''];
  const rows = model.targets.map((x) => [x.label, ...model.networks.map((n) => cellText(cellOf(x, n.asn), t)), x.differ ? `* ${t('report.merge.matrix.differ')}` : '']);
  const all = [header, ...rows];
  const widths = header.map((_, i) => width(all, i));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  const summary = t('report.merge.cli.summary', {
    runs: model.runs.length,
    networks: model.networks.length,
    targets: model.targets.length,
    differ: model.targets.filter((x) => x.differ).length,
  });
  return `${[line(header), ...rows.map(line), '', summary].join('\n')}\n`;
}
