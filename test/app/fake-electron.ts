// A stand-in for the `electron` module, for the shell's tests under plain Node: it records what the
// shell asks of Electron (window options, session handlers, IPC handlers, protocol handlers, menus,
// dialogs) and lets a test play Electron's part (the app gets ready, a page navigates, a permission
// is requested, the person answers a dialog, the app quits).
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { ShellElectron } from '../../main/app/electron-api.ts';

export interface FakeEvent {
  prevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(fields: T = {} as T): T & FakeEvent {
  const event = {
    ...fields,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  readonly pdfOptions: unknown[] = [];
  printResult: Uint8Array | Error = new TextEncoder().encode('%PDF-1.7 fake');

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, value: unknown): void {
    this.sent.push([channel, value]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reload(): void {
    this.reloads += 1;
  }
  async printToPDF(options: unknown): Promise<Buffer> {
    this.pdfOptions.push(options);
    if (this.printResult instanceof Error) throw this.printResult;
    return Buffer.from(this.printResult);
  }
  /** Plays a navigation event; true when a listener stopped it. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, extra: Record<string, unknown> = {}): boolean {
    const e = fakeEvent({ url, isMainFrame: true, ...extra });
    this.emit(event, e);
    return e.prevented;
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((...args: unknown[]) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  spellCheckerEnabled = true;
  beforeRequest: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | null = null;
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly webRequest = {
    onBeforeRequest: (listener: FakeSession['beforeRequest']) => {
      this.beforeRequest = listener;
    },
  };
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };
  constructor(readonly partition: string) {
    super();
  }
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
  setSpellCheckerEnabled(enabled: boolean): void {
    this.spellCheckerEnabled = enabled;
  }
  /** Plays a request of a page in this session; true when the session cancelled it. */
  request(url: string): boolean {
    if (!this.beforeRequest) return false;
    let cancel = false;
    this.beforeRequest({ url }, (response) => {
      cancel = response.cancel === true;
    });
    return cancel;
  }
  /** Plays a permission request; the answer the handler gave. */
  askPermission(permission: string, contents: unknown = null): boolean | undefined {
    let answer: boolean | undefined;
    this.permissionRequestHandler?.(contents, permission, (granted: boolean) => (answer = granted), { requestingUrl: 'app://yoxla/index.html' });
    return answer;
  }
}

export class FakeUtilityProcess extends EventEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
    this.emit('fake:posted', message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

export interface FakeElectronOptions {
  userData: string;
  /** false: another instance holds the lock. */
  singleInstance?: boolean;
  systemLanguages?: string[];
  isPackaged?: boolean;
  displays?: Array<{ x: number; y: number; width: number; height: number }>;
  /** true: a page load does not finish until the test calls window.finishLoad() (loadURL waits too). */
  holdPageLoad?: boolean;
}

export function createFakeElectron(options: FakeElectronOptions) {
  /** Notable calls, in order (to check what happens before the app is ready). */
  const calls: string[] = [];
  let ready = false;
  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));

  class FakeApp extends EventEmitter {
    isPackaged = options.isPackaged ?? true;
    sandboxEnabled = false;
    quitRequests = 0;
    quitted = false;
    exitCode: number | null = null;
    requestSingleInstanceLock(): boolean {
      calls.push('requestSingleInstanceLock');
      return options.singleInstance ?? true;
    }
    enableSandbox(): void {
      calls.push('enableSandbox');
      if (ready) throw new Error('enableSandbox after ready');
      this.sandboxEnabled = true;
    }
    whenReady(): Promise<void> {
      return readyPromise;
    }
    getPath(name: string): string {
      return name === 'userData' ? options.userData : join(options.userData, `fake-${name}`);
    }
    getPreferredSystemLanguages(): string[] {
      return options.systemLanguages ?? ['en-US'];
    }
    /** As Electron: before-quit first; quits unless a listener prevented it. */
    quit(): void {
      this.quitRequests += 1;
      calls.push('quit');
      const event = fakeEvent();
      this.emit('before-quit', event);
      if (!event.prevented && !this.quitted) {
        this.quitted = true;
        this.emit('fake:quitted');
      }
    }
    exit(code: number): void {
      this.exitCode = code;
      this.emit('fake:exit', code);
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends EventEmitter {
    static readonly instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    destroyed = false;
    maximized = false;
    minimized = false;
    focused = 0;
    shown = false;
    bounds = { x: 40, y: 50, width: 1000, height: 700 };
    loadError: Error | null = null;
    constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
      super();
      FakeBrowserWindow.instances.push(this);
      app.emit('web-contents-created', fakeEvent(), this.webContents);
    }
    private releaseLoad: () => void = () => undefined;
    /** As Electron: did-start-loading, then did-finish-load, when loadURL resolves. */
    async loadURL(url: string): Promise<void> {
      this.loadedUrls.push(url);
      if (this.loadError) throw this.loadError;
      this.webContents.emit('did-start-loading');
      if (options.holdPageLoad) await new Promise<void>((resolve) => (this.releaseLoad = resolve));
      this.webContents.emit('did-finish-load');
    }
    /** With holdPageLoad: the page has loaded now. */
    finishLoad(): void {
      this.releaseLoad();
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
      this.webContents.destroyed = true;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    restore(): void {
      this.minimized = false;
    }
    focus(): void {
      this.focused += 1;
    }
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    show(): void {
      this.shown = true;
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    /** As a person closing the window: 'close', then the window is gone. */
    close(): void {
      this.emit('close', fakeEvent());
      this.destroy();
      this.emit('closed');
    }
  }

  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
  };

  const privileged: Array<{ scheme: string; privileges: Record<string, boolean> }> = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged(schemes: typeof privileged) {
      calls.push('registerSchemesAsPrivileged');
      if (ready) throw new Error('registerSchemesAsPrivileged after ready');
      privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      calls.push(`protocol.handle:${scheme}`);
      protocolHandlers.set(scheme, handler);
    },
  };

  const sessions = new Map<string, FakeSession>();
  const defaultSession = new FakeSession('');
  const session = {
    defaultSession,
    fromPartition(partition: string) {
      let found = sessions.get(partition);
      if (!found) {
        found = new FakeSession(partition);
        sessions.set(partition, found);
      }
      return found;
    },
  };

  const dialogCalls: Array<{ kind: 'save' | 'open' | 'message'; options: Record<string, unknown> }> = [];
  const dialogAnswers = {
    save: { canceled: false, filePath: join(options.userData, 'saved-report') } as { canceled: boolean; filePath?: string },
    open: { canceled: false, filePaths: [] as string[] },
    message: 0,
  };
  const lastArg = (args: unknown[]) => args[args.length - 1] as Record<string, unknown>;
  const dialog = {
    async showSaveDialog(...args: unknown[]) {
      dialogCalls.push({ kind: 'save', options: lastArg(args) });
      return dialogAnswers.save;
    },
    async showOpenDialog(...args: unknown[]) {
      dialogCalls.push({ kind: 'open', options: lastArg(args) });
      return dialogAnswers.open;
    },
    async showMessageBox(...args: unknown[]) {
      dialogCalls.push({ kind: 'message', options: lastArg(args) });
      return { response: dialogAnswers.message, checkboxChecked: false };
    },
  };

  const opened: string[] = [];
  const shell = {
    async openExternal(url: string) {
      opened.push(url);
    },
    showItemInFolder(path: string) {
      opened.push(`folder:${path}`);
    },
  };

  const menus: Array<{ template: Array<Record<string, unknown>> }> = [];
  const Menu = {
    buildFromTemplate(template: Array<Record<string, unknown>>) {
      return { template };
    },
    setApplicationMenu(menu: { template: Array<Record<string, unknown>> }) {
      menus.push(menu);
    },
  };

  const screen = {
    getAllDisplays() {
      return (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }]).map((workArea) => ({ workArea }));
    },
  };

  const forks: FakeUtilityProcess[] = [];
  const utilityProcess = {
    fork(modulePath: string, args: string[] = [], forkOptions: Record<string, unknown> = {}) {
      const child = new FakeUtilityProcess(modulePath, args, forkOptions);
      forks.push(child);
      return child;
    },
  };

  const electron = { app, BrowserWindow: FakeBrowserWindow, ipcMain, protocol, session, dialog, shell, Menu, screen, utilityProcess };

  return {
    electron: electron as unknown as ShellElectron,
    app,
    BrowserWindow: FakeBrowserWindow,
    windows: FakeBrowserWindow.instances,
    calls,
    ipcHandlers,
    privileged,
    protocolHandlers,
    defaultSession,
    sessions,
    dialogCalls,
    dialogAnswers,
    opened,
    menus,
    forks,
    /** Electron's `ready`. */
    makeReady() {
      ready = true;
      calls.push('ready');
      markReady();
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** Resolves on the next emission of `event` (no timers: the test waits for what it expects). */
export function next(emitter: EventEmitter, event: string): Promise<unknown[]> {
  return new Promise((resolve) => emitter.once(event, (...args: unknown[]) => resolve(args)));
}
