// Serves the built renderer (dist/renderer) under app://yoxla/. A custom protocol instead of
// file:// gives the page a real origin of its own (so the CSP, the sender check and the navigation
// lock can name it), no access to other local files, and response headers we control.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { appSecurityHeaders } from './csp.ts';
import { APP_HOST, APP_SCHEME } from './origin.ts';

/** Registered before the app is ready: a standard, secure scheme, like https for the page. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppPath = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * The file under `root` that an app:// URL names, or why there is none. Only our host, no
 * traversal out of `root` (encoded or not), no hidden files; `/` is the index page.
 */
export function appFileFor(url: string, root: string): AppPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 };
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const segments = pathname.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) return { ok: false, status: 404 };
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (!file.startsWith(base + sep)) return { ok: false, status: 404 };
  return { ok: true, file };
}

export function contentTypeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type ReadFile = (path: string) => Promise<Uint8Array>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...appSecurityHeaders(), 'content-type': 'text/plain; charset=utf-8' } });
}

/** The handler for `protocol.handle('app', ...)`: GET and HEAD of the renderer's files, nothing else. */
export function appRequestHandler(root: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const target = appFileFor(request.url, root);
    if (!target.ok) return plain(target.status, target.status === 400 ? 'bad request' : 'not found');
    let body: Uint8Array;
    try {
      body = await read(target.file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? plain(404, 'not found') : plain(500, 'cannot read');
    }
    const headers = { ...appSecurityHeaders(), 'content-type': contentTypeOf(target.file), 'cache-control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
