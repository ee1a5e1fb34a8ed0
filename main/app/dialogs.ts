// Native dialogs: where to save an export (the service's ChooseSavePath), which files to open, and
// the confirmation before a link leaves the app for the system browser.
import { basename, extname, join } from 'node:path';
import type { TFunction } from 'i18next';
import type { ChooseSavePath } from '../bridge/types.ts';
import type { BrowserWindow, ShellElectron, ShellLog } from './electron-api.ts';
import { isExternalLink } from './origin.ts';

export const EXTENSION_OF_FORMAT: Record<string, string> = { html: 'html', pdf: 'pdf', json: 'json', ooni: 'jsonl', csv: 'csv' };

/** A suggested name as a plain file name: no folders, no characters file systems refuse. */
export function safeFileName(suggested: string, extension: string): string {
  const base = basename(suggested.replaceAll('\\', '/'))
    .replace(/[<>:"/\\|?*]/g, '-')
    .replace(/\p{Cc}/gu, '-')
    .replace(/^\.+/, '')
    .slice(0, 120);
  const name = base === '' ? 'yoxla-report' : base;
  return extname(name).toLowerCase() === `.${extension}` ? name : `${name}.${extension}`;
}

/** The path the person chose, with the format's extension when they left it out. */
export function withExtension(path: string, extension: string): string {
  return extname(path) === '' ? `${path}.${extension}` : path;
}

export interface DialogContext {
  window: () => BrowserWindow | null;
  text: () => TFunction;
}

export function createChooseSavePath(electron: Pick<ShellElectron, 'app' | 'dialog'>, context: DialogContext): ChooseSavePath {
  return async (suggestedName, format) => {
    const t = context.text();
    const extension = EXTENSION_OF_FORMAT[format] ?? 'txt';
    const options = {
      title: t('appDialogs.save.title'),
      defaultPath: join(electron.app.getPath('documents'), safeFileName(suggestedName, extension)),
      filters: [{ name: t(`appDialogs.save.formats.${format}`, { defaultValue: format }), extensions: [extension] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
    };
    const window = context.window();
    const result = window ? await electron.dialog.showSaveDialog(window, options) : await electron.dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : withExtension(result.filePath, extension);
  };
}

export async function chooseFilesToOpen(electron: Pick<ShellElectron, 'dialog'>, context: DialogContext): Promise<string[]> {
  const t = context.text();
  const options = {
    title: t('appDialogs.open.title'),
    filters: [
      { name: t('appDialogs.open.filter'), extensions: ['json', 'jsonl'] },
      { name: t('appDialogs.open.all'), extensions: ['*'] },
    ],
    properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
  };
  const window = context.window();
  const result = window ? await electron.dialog.showOpenDialog(window, options) : await electron.dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths.slice(0, 50);
}

/**
 * A native yes/no question whose second button (Cancel) is the default and what Escape gives:
 * true only when the person chose the first button.
 */
async function askCancelByDefault(
  electron: Pick<ShellElectron, 'dialog'>,
  context: DialogContext,
  question: { type: 'question' | 'warning'; title: string; message: string; detail: string; buttons: [string, string] },
): Promise<boolean> {
  const options = { ...question, defaultId: 1, cancelId: 1, noLink: true };
  const window = context.window();
  const { response } = window ? await electron.dialog.showMessageBox(window, options) : await electron.dialog.showMessageBox(options);
  return response === 0;
}

/**
 * Asks before a link leaves the app; opens it in the system browser only on an explicit yes. The
 * link is checked again here (https, no credentials), whoever asked.
 */
export async function confirmExternalLink(electron: Pick<ShellElectron, 'dialog' | 'shell'>, context: DialogContext, url: string, log: ShellLog): Promise<boolean> {
  if (!isExternalLink(url)) {
    log(`refused to open ${url.slice(0, 200)} outside the app`);
    return false;
  }
  const t = context.text();
  const yes = await askCancelByDefault(electron, context, {
    type: 'question',
    title: t('appDialogs.external.title'),
    message: t('appDialogs.external.message'),
    detail: t('appDialogs.external.detail', { url }),
    buttons: [t('appDialogs.external.open'), t('appDialogs.external.cancel')],
  });
  if (!yes) return false;
  // Reviewed (electronegativity OPEN_EXTERNAL_JS_CHECK): only an https link with a host name, no
  // credentials, after the person said yes to exactly this URL. See docs/app.md.
  await electron.shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}

/** What Help > About names: what produces the evidence (main/version.ts) and the runtime. */
export interface AboutInfo {
  version: string;
  engine: string;
  targetLists: Record<string, string>;
  /** process.versions.electron in the app. */
  electron?: string;
}

/**
 * The app's own question before measurements go to a collector: native, asked by the main
 * process, so a compromised or buggy renderer cannot send on its own. Cancel is the default.
 */
export async function confirmUpload(electron: Pick<ShellElectron, 'dialog'>, context: DialogContext, summary: { count: number; collector: string }): Promise<boolean> {
  const t = context.text();
  return askCancelByDefault(electron, context, {
    type: 'warning',
    title: t('appDialogs.upload.title'),
    message: t('appDialogs.upload.message', { count: summary.count, collector: summary.collector }),
    detail: t('appDialogs.upload.detail'),
    buttons: [t('appDialogs.upload.send'), t('appDialogs.upload.cancel')],
  });
}

export async function showAbout(electron: Pick<ShellElectron, 'dialog'>, context: DialogContext, about: AboutInfo): Promise<void> {
  const t = context.text();
  const lists = Object.entries(about.targetLists).map(([list, date]) => t('appDialogs.about.list', { list, date }));
  const versions = [
    t('appDialogs.about.engine', { engine: about.engine }),
    ...(about.electron ? [t('appDialogs.about.electron', { electron: about.electron })] : []),
    t('appDialogs.about.lists', { lists: lists.join('\n') }),
  ];
  const options = {
    type: 'info' as const,
    title: t('appDialogs.about.title'),
    message: t('appDialogs.about.message', { version: about.version }),
    detail: `${t('appDialogs.about.detail')}\n\n${versions.join('\n')}`,
    buttons: [t('appDialogs.about.close')],
  };
  const window = context.window();
  await (window ? electron.dialog.showMessageBox(window, options) : electron.dialog.showMessageBox(options));
}
