// The shell's logic never imports Electron itself: main.ts hands the real module in, tests hand in
// a fake of the same shape. Only types come from the `electron` package here (erased at run time),
// so every module in main/app except main.ts and preload.ts loads under plain Node.
export type ElectronModule = typeof import('electron');

/** The parts of Electron the shell uses. */
export type ShellElectron = Pick<
  ElectronModule,
  'app' | 'BrowserWindow' | 'Menu' | 'dialog' | 'ipcMain' | 'protocol' | 'screen' | 'session' | 'shell' | 'utilityProcess'
>;

export type { BrowserWindow, IpcMain, IpcMainInvokeEvent, Session, WebContents, WebFrameMain } from 'electron';

/** Where the shell writes what it rejected or what went wrong (stderr in the app, a list in tests). */
export type ShellLog = (message: string) => void;
