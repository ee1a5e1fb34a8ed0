// The one window of the app. Its options are written out here, in one literal, so a reader (and
// electronegativity) sees every security-relevant setting at the place the window is made.
import type { BrowserWindow, ShellElectron } from './electron-api.ts';
import type { WindowState } from './window-state.ts';
import { BuildInfoSchema, type BuildInfo } from '../contract/bridge.ts';

export interface MainWindowOptions {
  /** dist/app/preload.cjs: the bridge, nothing else. */
  preload: string;
  state: WindowState;
  /** Passed to the preload as an argument: app.getPreferredSystemLanguages() (Chromium has no az locale). */
  systemLanguages: readonly string[];
  /** What made this build (Help > About's facts), for the settings screen. */
  build?: BuildInfo;
  /** Developer tools only in an unpacked (developer's) build. */
  devTools: boolean;
  title: string;
}

/** Only the language tags' own characters travel as a process argument. */
export function languagesArgument(languages: readonly string[]): string {
  const tags = languages.filter((l) => /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(l)).slice(0, 10);
  return `--yoxla-system-languages=${tags.join(',')}`;
}

/** The build's facts as one argument (URI-encoded JSON); checked against the contract first. */
export function buildArgument(build: BuildInfo): string | null {
  const checked = BuildInfoSchema.safeParse(build);
  return checked.success ? `--yoxla-build=${encodeURIComponent(JSON.stringify(checked.data))}` : null;
}

export function createMainWindow(electron: Pick<ShellElectron, 'BrowserWindow'>, options: MainWindowOptions): BrowserWindow {
  const { BrowserWindow } = electron;
  const { x, y, width, height } = options.state;
  const build = options.build ? buildArgument(options.build) : null;
  // The preload is the only code with Electron APIs in the renderer's process: a few lines that
  // forward `invoke` to ipcMain (where every payload is validated) and progress events back.
  const window = new BrowserWindow({
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: 480,
    minHeight: 400,
    show: false,
    title: options.title,
    backgroundColor: '#ffffff',
    webPreferences: {
      // Reviewed (electronegativity PRELOAD_JS_CHECK): the preload exposes only `invoke` on the
      // channel table and two listeners; main validates every call. See docs/app.md.
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click would open links in new windows; the window-open handler refuses them anyway.
      disableBlinkFeatures: 'Auxclick',
      // A file dropped outside the page's own drop zones becomes a navigation that will-navigate
      // stops and opens as a run or scenario (navigation.ts); nothing is ever navigated to.
      navigateOnDragDrop: true,
      spellcheck: false,
      devTools: options.devTools,
      safeDialogs: true,
      additionalArguments: [languagesArgument(options.systemLanguages), ...(build ? [build] : [])],
    },
  });
  if (options.state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  return window;
}
