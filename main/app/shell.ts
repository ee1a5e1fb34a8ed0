// The Electron main process, put together: one hardened window on the app's own origin, the bridge
// service behind typed and validated IPC, runs in a separate runner process, menus and dialogs in
// the person's language. Electron itself is handed in (main.ts passes the real module, tests a fake),
// so everything here runs under plain Node in the tests.
import { join } from 'node:path';
import { SettingsSchema, type ChannelName } from '../contract/bridge.ts';
import type { BridgeService, BridgeServiceOptions, RunExecutor } from '../bridge/types.ts';
import { createChooseSavePath, chooseFilesToOpen, confirmExternalLink, confirmUpload, showAbout, type AboutInfo, type DialogContext } from './dialogs.ts';
import type { BrowserWindow, ShellElectron, ShellLog } from './electron-api.ts';
import { forwardProgress, registerBridgeIpc } from './ipc.ts';
import { shellLanguage, shellText, type ShellLanguage } from './language.ts';
import { menuTemplate } from './menu.ts';
import { lockNavigation, type NavigationPolicy } from './navigation.ts';
import { FILE_OPENED_CHANNEL, FileOpenedEventSchema, openFile } from './open-file.ts';
import { LaunchFileQueue, filesInArgv } from './launch-files.ts';
import { APP_ENTRY_URL, APP_SCHEME } from './origin.ts';
import { createPrintPdf } from './pdf.ts';
import { APP_SCHEME_PRIVILEGES, appRequestHandler } from './protocol.ts';
import { hardenSession } from './session-security.ts';
import { createMainWindow } from './window.ts';
import { fitToScreens, loadWindowState, windowStateKeeper, type WindowStateKeeper } from './window-state.ts';

export interface ShellPaths {
  /** The built renderer (dist/renderer), served as app://yoxla/. */
  rendererDir: string;
  /** The built preload (dist/app/preload.cjs). */
  preload: string;
}

/** An executor that may own a process (the runner) to end on quit. */
export type ShellExecutor = RunExecutor & { close?: () => Promise<void> };

export interface ShellDeps {
  /** createBridgeService (main/bridge/service.ts). */
  createService(options: BridgeServiceOptions): BridgeService;
  /** The runner: a utilityProcess in the app (runner-process.ts). Made once the app is ready. */
  createExecutor(electron: ShellElectron, log: ShellLog): ShellExecutor;
  /** The rest of the service's production dependencies (VPN detection, resolver, OONI fetch). */
  serviceExtras?: Partial<Pick<BridgeServiceOptions, 'vpn' | 'resolveHost' | 'fetchText'>>;
  /** What made this build (main/version.ts softwareInfo(), plus Electron's version): Help > About. */
  about: AboutInfo;
  log: ShellLog;
  platform: NodeJS.Platform;
  /** This process's command line (process.argv): files given on it open once the page is ready. */
  argv?: readonly string[];
  /** Where relative paths on that command line are relative to (process.cwd()). */
  workingDirectory?: string;
  /** Ctrl-C in the terminal of `npm start`: quit the same way as from the menu. */
  onSignal?: (signal: 'SIGINT' | 'SIGTERM', handler: () => void) => void;
}

export interface Shell {
  /** Settles when the window is shown (or the start failed, which is logged). */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  service(): BridgeService | null;
}

/** Yoxla's own files (history, settings, VPN session), apart from Chromium's files in the same folder. */
export const dataDirOf = (userData: string): string => join(userData, 'yoxla-data');
export const windowStateFileOf = (userData: string): string => join(userData, 'window-state.json');

/**
 * Starts the shell. Returns null when another instance already runs (it is focused instead).
 * Everything that must happen before the app is ready happens synchronously here.
 */
export function startShell(electron: ShellElectron, paths: ShellPaths, deps: ShellDeps): Shell | null {
  const { app } = electron;
  const log = deps.log;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  let mainWindow: BrowserWindow | null = null;
  let service: BridgeService | null = null;
  let executor: ShellExecutor | null = null;
  let windowState: WindowStateKeeper | null = null;
  let language: ShellLanguage = shellLanguage(null, app.getPreferredSystemLanguages());

  const liveWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);
  const dialogContext: DialogContext = { window: liveWindow, text: () => shellText(language) };

  const openFiles = async (paths: readonly string[]) => {
    const current = service;
    if (!current) return;
    for (const path of paths) {
      const outcome = await openFile(path, current);
      if (outcome.kind === 'failed') log(`open: ${outcome.name}: ${outcome.error.code} ${outcome.error.detail}`);
      const checked = FileOpenedEventSchema.safeParse(outcome);
      const contents = liveWindow()?.webContents;
      if (checked.success && contents && !contents.isDestroyed()) contents.send(FILE_OPENED_CHANNEL, checked.data);
    }
  };

  // Files the system hands over (command line, second instance, macOS open-file) wait for the page.
  const launchFiles = new LaunchFileQueue((paths) => void openFiles(paths));
  const argvFiles = (argv: readonly string[], workingDirectory: string) => filesInArgv(argv, { workingDirectory, packaged: app.isPackaged });
  launchFiles.add(argvFiles(deps.argv ?? [], deps.workingDirectory ?? process.cwd()));
  // macOS sends this for a double-clicked file, also before the app is ready: listen at once.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    launchFiles.add([path]);
  });

  const navigation: NavigationPolicy = {
    openLink: (url) => {
      confirmExternalLink(electron, dialogContext, url, log).catch((err: unknown) => log(`external link: ${(err as Error).message}`));
    },
    openDroppedFile: (path) => void openFiles([path]),
    log,
  };

  const buildMenu = () => {
    const template = menuTemplate(
      shellText(language),
      { platform: deps.platform, developer: !app.isPackaged },
      {
        openFile: () => {
          chooseFilesToOpen(electron, dialogContext).then(openFiles, (err: unknown) => log(`open dialog: ${(err as Error).message}`));
        },
        about: () => {
          showAbout(electron, dialogContext, deps.about).catch((err: unknown) => log(`about: ${(err as Error).message}`));
        },
      },
    );
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));
  };

  /** The menu follows the language the person picks in the settings. */
  const followSettings = (channel: ChannelName, value: unknown) => {
    if (channel !== 'settings:get' && channel !== 'settings:set') return;
    const settings = SettingsSchema.safeParse(value);
    if (!settings.success) return;
    const next = shellLanguage(settings.data.language, app.getPreferredSystemLanguages());
    if (next !== language) {
      language = next;
      buildMenu();
    }
  };

  // Every web contents the app ever makes (the window, the PDF printer, devtools) gets the locks.
  app.on('web-contents-created', (_event, contents) => {
    lockNavigation(contents, navigation);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    launchFiles.add(argvFiles(argv, workingDirectory));
    const window = liveWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => app.quit());

  // Quitting during a run: remember the window, cancel the run and wait until what finished is in
  // history, end the runner, quit.
  let quitting: 'no' | 'saving' | 'done' = 'no';
  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'saving') return;
    quitting = 'saving';
    void (async () => {
      await windowState?.save(liveWindow());
      try {
        await service?.shutdown();
      } catch (err) {
        log(`quit: saving the run failed: ${(err as Error).message}`);
      }
      try {
        await executor?.close?.();
      } catch (err) {
        log(`quit: ending the runner failed: ${(err as Error).message}`);
      }
      quitting = 'done';
      app.quit();
    })();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) deps.onSignal?.(signal, () => app.quit());

  const ready = app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    hardenSession(electron.session.defaultSession, log);
    electron.protocol.handle(APP_SCHEME, appRequestHandler(paths.rendererDir));

    executor = deps.createExecutor(electron, log);
    service = deps.createService({
      storage: { dataDir: dataDirOf(userData) },
      executor,
      chooseSavePath: createChooseSavePath(electron, dialogContext),
      printPdf: createPrintPdf(electron, log),
      confirmUpload: (summary) => confirmUpload(electron, dialogContext, summary),
      showItemInFolder: (path) => electron.shell.showItemInFolder(path),
      log: (message) => log(`bridge: ${message}`),
      ...deps.serviceExtras,
    });
    const trustedContentsIds = () => {
      const window = liveWindow();
      return window ? [window.webContents.id] : [];
    };
    registerBridgeIpc(electron.ipcMain, service, { trustedContentsIds, log, onAnswer: followSettings });
    forwardProgress(service, () => {
      const window = liveWindow();
      return window ? [window.webContents] : [];
    }, log);

    const settings = await service.invoke('settings:get', null);
    if (settings.ok) followSettings('settings:get', settings.value);
    buildMenu();

    const stateFile = windowStateFileOf(userData);
    const saved = await loadWindowState(stateFile, log);
    const state = fitToScreens(saved, electron.screen.getAllDisplays().map((d) => d.workArea));
    mainWindow = createMainWindow(electron, {
      preload: paths.preload,
      state,
      systemLanguages: app.getPreferredSystemLanguages(),
      build: deps.about,
      devTools: !app.isPackaged,
      title: 'Yoxla',
    });
    const keeper = windowStateKeeper(stateFile, log);
    windowState = keeper;
    const window = mainWindow;
    window.once('close', () => void keeper.save(window));
    // A page that (re)loads takes files once it has loaded; until then they wait.
    window.webContents.on('did-start-loading', () => launchFiles.close());
    window.webContents.on('did-finish-load', () => launchFiles.open());
    let reloads = 0;
    mainWindow.webContents.on('render-process-gone', (_event, details) => {
      log(`renderer ended: ${details.reason} (${details.exitCode})`);
      // A crashed page comes back (its runs go on in the runner); a page that keeps crashing does not loop.
      if (details.reason !== 'clean-exit' && reloads < 3 && liveWindow()) {
        reloads += 1;
        liveWindow()?.webContents.reload();
      }
    });
    await mainWindow.loadURL(APP_ENTRY_URL);
  });
  ready.catch((err: unknown) => {
    log(`start failed: ${(err as Error)?.stack ?? String(err)}`);
    app.exit(1);
  });

  return { ready: ready.catch(() => undefined), window: liveWindow, service: () => service };
}
