// Reports to PDF with Chromium's own printer (webContents.printToPDF): the self-contained report HTML
// is loaded into a hidden window that has JavaScript off, the sandbox on, and a session of its own
// that can load exactly that one document from memory and nothing else. No temporary file, no
// network, and the report never shares storage with the app's page.
import { randomUUID } from 'node:crypto';
import type { PrintPdf } from '../bridge/types.ts';
import { printSecurityHeaders } from './csp.ts';
import type { Session, ShellElectron, ShellLog } from './electron-api.ts';
import { APP_SCHEME } from './origin.ts';

/** An in-memory session (no `persist:` prefix): nothing of a printed report stays on disk. */
export const PRINT_PARTITION = 'yoxla-print';
const PRINT_HOST = 'print';

const printUrl = (token: string) => `${APP_SCHEME}://${PRINT_HOST}/${token}.html`;

export const PDF_OPTIONS = {
  printBackground: true,
  pageSize: 'A4',
  displayHeaderFooter: false,
  generateTaggedPDF: true,
  generateDocumentOutline: true,
} as const;

/** Serves the documents waiting to be printed, by their one-time token; everything else is refused. */
export function printRequestHandler(documents: ReadonlyMap<string, string>): (request: Request) => Promise<Response> {
  return async (request) => {
    const match = /^app:\/\/print\/([0-9a-f-]{36})\.html$/.exec(request.url);
    const html = match?.[1] !== undefined ? documents.get(match[1]) : undefined;
    if (request.method !== 'GET' || html === undefined) return new Response('not found', { status: 404, headers: printSecurityHeaders() });
    return new Response(html, { status: 200, headers: { ...printSecurityHeaders(), 'content-type': 'text/html; charset=utf-8' } });
  };
}

function hardenPrintSession(session: Session, documents: ReadonlyMap<string, string>, log: ShellLog): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(`${APP_SCHEME}://${PRINT_HOST}/`) || details.url.startsWith('data:');
    if (!allowed) log(`print: cancelled request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  session.on('will-download', (event) => event.preventDefault());
  session.protocol.handle(APP_SCHEME, printRequestHandler(documents));
}

export function createPrintPdf(electron: Pick<ShellElectron, 'BrowserWindow' | 'session'>, log: ShellLog): PrintPdf {
  const documents = new Map<string, string>();
  let session: Session | null = null;

  return async (html) => {
    if (session === null) {
      session = electron.session.fromPartition(PRINT_PARTITION, { cache: false });
      hardenPrintSession(session, documents, log);
    }
    const token = randomUUID();
    documents.set(token, html);
    const { BrowserWindow } = electron;
    const window = new BrowserWindow({
      show: false,
      width: 794,
      height: 1123,
      webPreferences: {
        partition: PRINT_PARTITION,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      // Middle-click would open links in new windows; the window-open handler refuses them anyway.
      disableBlinkFeatures: 'Auxclick',
        spellcheck: false,
        devTools: false,
      },
    });
    try {
      await window.loadURL(printUrl(token));
      return new Uint8Array(await window.webContents.printToPDF(PDF_OPTIONS));
    } finally {
      documents.delete(token);
      window.destroy();
    }
  };
}
