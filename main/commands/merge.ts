// `yoxla merge RUN.json... [--html OUT] [--json OUT] [--lang az|en]`: participants' runs side by
// side. A file that cannot be read or is not a yoxla.run/1 file gets one line naming it and is
// left out; the others still merge. Exit: 0 when at least one run merged (the skipped files are
// named on stderr and counted in the outputs), 2 when none did, on a bad flag, or when an output
// cannot be written.
import { readFile } from 'node:fs/promises';
import { translator } from '../i18n.ts';
import { writeFileAtomic } from '../report/run-json.ts';
import { mergeRuns, type MergeFile } from '../report/merge.ts';
import { renderMergeHtml, renderMergeTable } from '../report/merge-html.ts';
import { oneLine, type Io } from './report.ts';
import { languageOf, parseStrict } from './args.ts';
import { UsageError } from './usage-error.ts';
import { safeJson } from '../util/shown-text.ts';

const OPTIONS = {
  html: { type: 'string' },
  json: { type: 'string' },
  lang: { type: 'string', default: 'en' },
} as const;

export async function commandMerge(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseStrict(args, OPTIONS);
  if (positionals.length === 0) throw new UsageError('yoxla merge takes one or more RUN.json files');
  const lang = languageOf(values.lang);
  const t = translator(lang);

  const files: MergeFile[] = [];
  const unreadable: { name: string; reason: string }[] = [];
  for (const path of positionals) {
    try {
      files.push({ name: path, text: await readFile(path, 'utf8') });
    } catch (err) {
      unreadable.push({ name: path, reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
    }
  }
  const outcome = mergeRuns(files);
  for (const e of [...unreadable, ...outcome.errors]) io.stderr(`yoxla: ${oneLine(t('report.merge.cli.skipped', { file: e.name, reason: e.reason }))}\n`);
  for (const d of outcome.duplicates) io.stderr(`${t('report.merge.cli.duplicate', { file: d.name, other: d.other })}\n`);
  if (outcome.model.runs.length === 0) {
    io.stderr(`yoxla: ${t('report.merge.cli.none')}\n`);
    return 2;
  }
  // The outputs name no folders, only how many files were left out.
  const model = { ...outcome.model, skipped: outcome.model.skipped + unreadable.length };
  io.stdout(renderMergeTable(model, lang));

  let failed = false;
  const save = async (kind: 'html' | 'json', path: string, content: string) => {
    try {
      await writeFileAtomic(path, content);
      io.stderr(`${t('report.cli.wrote', { what: t(`report.cli.what.${kind}`), path })}\n`);
    } catch (err) {
      failed = true;
      io.stderr(`yoxla: ${t('report.cli.cannotWrite', { path, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message })}\n`);
    }
  };
  // Both made before either is written: no half set of files if one cannot be made.
  const html = values.html ? renderMergeHtml(model, { lang }) : null;
  const json = values.json ? `${safeJson(model, 2)}\n` : null;
  if (values.html && html !== null) await save('html', values.html, html);
  if (values.json && json !== null) await save('json', values.json, json);
  return failed ? 2 : 0;
}

