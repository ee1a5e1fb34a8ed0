// The renderer in Debian's Chromium, wired to the real bridge service: what the Electron preload
// exposes as `window.yoxla`, here backed by the same service (main/bridge/service.ts), the real
// runner and the censorship lab. Renderer tests drive the real engine, not mocks.
//
//   const h = await startRendererHarness({ locale: 'en-US' });
//   await h.page.goto(h.url) is already done; h.page shows the app.
//   ... await h.flushEvents(); assert on h.events / the page ...
//   await h.close();
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FileOpenedEventSchema, type BuildInfo, type FileOpenedEvent, type ProgressEvent, type SettingsPatch } from '../../main/contract/bridge.ts';
import { forwardProgress } from '../../main/app/ipc.ts';
import { openText } from '../../main/app/open-file.ts';
import { createBridgeService } from '../../main/bridge/service.ts';
import { createInProcessExecutor } from '../../main/bridge/executor.ts';
import { labVpnDeps } from '../../main/bridge/lab-vpn.ts';
import type { BridgeService, BridgeServiceOptions, ChooseSavePath, PrintPdf, ResolveHost, RunExecutor, VpnDeps } from '../../main/bridge/types.ts';
import { rendererDist, serveStatic } from './renderer-server.ts';
import { softwareInfo } from '../../main/version.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can: `test(name, { skip: chromiumMissing() ?? false }, ...)`. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (install it: apt-get install -y chromium)`;
}

export interface RendererHarnessOptions {
  /** Settings, history, VPN session. Default: a fresh temporary folder, removed by close(). */
  dataDir?: string;
  /** Default: the in-process executor; lab runs use the lab, `check` runs use the `checkScenario` lab. */
  executor?: RunExecutor;
  /** The browser's locale (navigator.languages, hence `window.yoxla.systemLanguages`). Default en-US. */
  locale?: 'az-AZ' | 'en-US';
  /** For ooni:explain links; without it they answer `unavailable`. */
  fetchText?: BridgeServiceOptions['fetchText'];
  /** Settings stored before the page loads, e.g. `{ consentAccepted: true }` to skip the first-run screen. */
  settings?: SettingsPatch;
  /** The lab scenario a `check` run measures instead of the real network. Default `az-2022-tiktok`. */
  checkScenario?: string;
  /** The VPN wizard's deps. Default: the `vpn-local` lab with a switch (`setVpn`) for the VPN, off at first. */
  vpn?: VpnDeps;
  /** Host names in split-tunnel requests. Default: fixed documentation addresses (198.18.x.y), no DNS. */
  resolveHost?: ResolveHost;
  /** Where exports go. Default: `<exportDir>/<suggested name>`; return null to act as a canceled dialog. */
  chooseSavePath?: ChooseSavePath;
  /** Default: the harness's Chromium prints the HTML (like Electron's printToPDF). */
  printPdf?: PrintPdf;
  /** Serve this built renderer folder instead of building vite.config.ts (or $YOXLA_RENDERER_DIST). */
  rendererDist?: string;
  /** Path (with query or hash) opened first. Default `/`. */
  path?: string;
  /** Where report:upload sends. Default: a closed loopback port, so nothing can ever reach OONI from a test. */
  upload?: BridgeServiceOptions['upload'];
  /** The main process's native confirmation before an upload. Default: the person clicks Send. */
  confirmUpload?: BridgeServiceOptions['confirmUpload'];
}

export interface RendererHarness {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  service: BridgeService;
  dataDir: string;
  /** Where the default chooseSavePath saves exports. */
  exportDir: string;
  /** Files the service asked the (stand-in) file manager to show. */
  shownInFolder: string[];
  /** The page's address: http://127.0.0.1:PORT/ */
  url: string;
  /** Every progress event the service sent to the page, in order. */
  events: ProgressEvent[];
  /** What the service logged: rejected payloads, answers that failed their schema. */
  logs: string[];
  /** Resolves when every event sent so far has been delivered to the page. */
  flushEvents(): Promise<void>;
  /** Waits for (and returns) the first event matching `predicate` (also one already received). */
  waitForEvent(predicate: (event: ProgressEvent) => boolean): Promise<ProgressEvent>;
  /** Turns the lab's VPN switch for the default vpn deps. */
  setVpn(state: 'on' | 'off'): void;
  close(): Promise<void>;
  /** Opens a file's text the way the desktop app's File menu and drag-and-drop do, and tells the page. */
  openFile(name: string, text: string): Promise<FileOpenedEvent>;
}

/**
 * Defines `window.yoxla` (YoxlaBridge) in every document before the page's own scripts run, over
 * the `__yoxlaInvoke` binding; progress events arrive through `__yoxlaDispatch`, which the harness
 * calls in order. `invoke` never throws, as in the app.
 */
/** The build facts the page gets: this source tree's (main/version.ts), without Electron. */
export const HARNESS_BUILD: BuildInfo = (({ version, engine, targetLists }) => ({ version, engine, targetLists }))(softwareInfo());

const INIT_SCRIPT = `(() => {
  const listeners = new Set();
  const fileListeners = new Set();
  const call = (channel, request) => window.__yoxlaInvoke(channel, request);
  const bridge = Object.freeze({
    invoke: async (channel, request) => {
      try {
        return await call(channel, request);
      } catch (error) {
        return { ok: false, error: { code: 'io', detail: String((error && error.message) || error) } };
      }
    },
    onProgress: (listener) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    onFileOpened: (listener) => {
      fileListeners.add(listener);
      return () => { fileListeners.delete(listener); };
    },
    systemLanguages: Object.freeze([...navigator.languages]),
    // What made this build, as the desktop app's preload gives it (main/app/window.ts).
    build: Object.freeze(${JSON.stringify(HARNESS_BUILD)}),
  });
  Object.defineProperty(window, 'yoxla', { value: bridge, writable: false, configurable: false, enumerable: true });
  Object.defineProperty(window, '__yoxlaDispatch', {
    value: (event) => {
      for (const listener of [...listeners]) {
        try { listener(event); } catch (error) { console.error(error); }
      }
    },
    writable: false,
    configurable: false,
  });
  Object.defineProperty(window, '__yoxlaFileOpened', {
    value: (event) => {
      for (const listener of [...fileListeners]) {
        try { listener(event); } catch (error) { console.error(error); }
      }
    },
    writable: false,
    configurable: false,
  });
})();`;

/** Documentation-range addresses for host names: split-tunnel screens work with no DNS in tests. */
export const fakeResolveHost: ResolveHost = async (host) => {
  let h = 0;
  for (const c of host) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return [`198.18.${(h >>> 8) & 0xff}.${(h & 0xff) || 1}`];
};

export interface TestServiceOptions extends Omit<RendererHarnessOptions, 'locale' | 'rendererDist' | 'path'> {
  /** Logged messages of the service go here (default: kept in `logs`). */
  log?: (message: string) => void;
}

/** The bridge service as the harness builds it, without a browser: for the bridge's own unit tests. */
export interface TestService {
  service: BridgeService;
  dataDir: string;
  exportDir: string;
  /** Files the service asked the (stand-in) file manager to show. */
  shownInFolder: string[];
  /** Every progress event, in order. */
  events: ProgressEvent[];
  /** What the service logged (rejected payloads, invalid answers). */
  logs: string[];
  waitForEvent(predicate: (event: ProgressEvent) => boolean): Promise<ProgressEvent>;
  setVpn(state: 'on' | 'off'): void;
  close(): Promise<void>;
}

export async function createTestService(options: TestServiceOptions & { printPdf: PrintPdf }): Promise<TestService> {
  const root = await mkdtemp(join(tmpdir(), 'yoxla-bridge-'));
  const dataDir = options.dataDir ?? join(root, 'data');
  const exportDir = join(root, 'exports');
  await mkdir(dataDir, { recursive: true });
  await mkdir(exportDir, { recursive: true });
  let vpnState: 'on' | 'off' = 'off';
  const logs: string[] = [];
  const shownInFolder: string[] = [];
  const service = createBridgeService({
    storage: { dataDir },
    executor: options.executor ?? createInProcessExecutor({ checkNetwork: { scenario: options.checkScenario ?? 'az-2022-tiktok' } }),
    chooseSavePath: options.chooseSavePath ?? (async (name) => join(exportDir, name)),
    printPdf: options.printPdf,
    ...(options.fetchText ? { fetchText: options.fetchText } : {}),
    vpn: options.vpn ?? labVpnDeps('vpn-local', () => vpnState),
    resolveHost: options.resolveHost ?? fakeResolveHost,
    upload: options.upload ?? { collector: 'http://127.0.0.1:9/', backoffMs: 1 },
    confirmUpload: options.confirmUpload ?? (async () => true),
    log: options.log ?? ((message) => logs.push(message)),
    showItemInFolder: (path) => shownInFolder.push(path),
  });
  const events: ProgressEvent[] = [];
  const waiters = new Set<{ predicate: (e: ProgressEvent) => boolean; resolve: (e: ProgressEvent) => void }>();
  const stop = service.onProgress((event) => {
    events.push(event);
    for (const w of [...waiters]) {
      if (w.predicate(event)) {
        waiters.delete(w);
        w.resolve(event);
      }
    }
  });
  try {
    if (options.settings) {
      const stored = await service.invoke('settings:set', options.settings);
      if (!stored.ok) throw new Error(`test service settings: ${stored.error.detail}`);
    }
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
  return {
    service,
    dataDir,
    exportDir,
    shownInFolder,
    events,
    logs,
    waitForEvent: (predicate) => {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.add({ predicate, resolve }));
    },
    setVpn: (state) => {
      vpnState = state;
    },
    close: async () => {
      await service.shutdown();
      stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function startRendererHarness(options: RendererHarnessOptions = {}): Promise<RendererHarness> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);

  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    cleanup.length = 0;
  };
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      // Nothing this browser does may leave the machine: no name resolves, so only 127.0.0.1 literals work.
      args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    cleanup.push(() => browser.close());

    const printWithChromium: PrintPdf = async (html) => {
      const printing = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await printing.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true });
      } finally {
        await printing.close();
      }
    };
    const bridge = await createTestService({ ...options, printPdf: options.printPdf ?? printWithChromium });
    cleanup.push(() => bridge.close());
    const { service, events } = bridge;

    const server = await serveStatic(options.rendererDist ?? (await rendererDist()));
    cleanup.push(() => server.close());

    const context = await browser.newContext({ locale: options.locale ?? 'en-US' });
    cleanup.push(() => context.close());
    await context.exposeBinding('__yoxlaInvoke', (_source, channel: unknown, payload: unknown) => service.invoke(String(channel), payload));
    await context.addInitScript({ content: INIT_SCRIPT });

    // Events go to every page of the context, one after another, so their order is kept. They pass
    // main's own check first (forwardProgress, main/app/ipc.ts): the page itself trusts the bridge.
    let delivered: Promise<void> = Promise.resolve();
    const pages = {
      isDestroyed: () => false,
      send: (_channel: string, event: unknown) => {
        delivered = delivered.then(async () => {
          for (const p of context.pages()) {
            // A page that is closing or navigating misses the event, as a reloading window would.
            await p.evaluate((e) => (window as unknown as { __yoxlaDispatch?: (e: unknown) => void }).__yoxlaDispatch?.(e), event).catch(() => undefined);
          }
        });
      },
    };
    const stop = forwardProgress(service, () => [pages], (message) => bridge.logs.push(message));
    cleanup.push(async () => stop());

    const page = await context.newPage();
    await page.goto(new URL(options.path ?? '/', server.url).toString());

    return {
      page,
      context,
      browser,
      service,
      dataDir: bridge.dataDir,
      exportDir: bridge.exportDir,
      shownInFolder: bridge.shownInFolder,
      url: server.url,
      events,
      logs: bridge.logs,
      flushEvents: () => delivered,
      openFile: async (name: string, text: string) => {
        // As the app does for File > Open and drag-and-drop (main/app/open-file.ts), then tells the page.
        // The shell checks the event against the contract before it sends it (main/app/shell.ts).
        const event = FileOpenedEventSchema.parse(await openText(name, text, service));
        await page.evaluate((e) => (window as unknown as { __yoxlaFileOpened?: (e: unknown) => void }).__yoxlaFileOpened?.(e), event);
        return event;
      },
      waitForEvent: bridge.waitForEvent,
      setVpn: bridge.setVpn,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
