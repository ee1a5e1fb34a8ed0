// The built renderer for browser tests: built once per test process with Vite's JS API (or taken
// from $YOXLA_RENDERER_DIST), and served from a loopback HTTP server with the app's own CSP
// (module scripts do not load from file:// in Chromium, hence a server).
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PACKAGE_ROOT } from '../../main/paths.ts';
import { RENDERER_CSP } from '../../main/bridge/csp.ts';
// The app's own content types, so the renderer tests load the page as the app serves it.
import { contentTypeOf } from '../../main/app/protocol.ts';


let built: Promise<string> | null = null;

/**
 * The folder holding the built renderer's index.html: $YOXLA_RENDERER_DIST when set, otherwise
 * a Vite build of vite.config.ts into a temporary folder, made once per test process.
 */
export function rendererDist(): Promise<string> {
  built ??= (async () => {
    const given = process.env.YOXLA_RENDERER_DIST;
    if (given) {
      const dir = resolve(given);
      if (!existsSync(join(dir, 'index.html'))) throw new Error(`YOXLA_RENDERER_DIST=${given} holds no index.html`);
      return dir;
    }
    const configFile = join(PACKAGE_ROOT, 'vite.config.ts');
    if (!existsSync(configFile)) throw new Error(`no renderer to build: ${configFile} is missing`);
    const outDir = mkdtempSync(join(tmpdir(), 'yoxla-renderer-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const { build } = await import('vite');
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    if (!existsSync(join(outDir, 'index.html'))) throw new Error(`the Vite build wrote no index.html into ${outDir}`);
    return outDir;
  })();
  // A failed build is not remembered: the next test tries again and reports its own error.
  built.catch(() => (built = null));
  return built;
}

export interface StaticServer {
  url: string;
  /** Every path asked for, for tests that check nothing unexpected was requested. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 (a random port) with the renderer's CSP; unknown routes get index.html. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const headers = {
        'Content-Security-Policy': RENDERER_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      };
      try {
        const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
        requests.push(pathname);
        let file = normalize(join(base, pathname));
        if (file !== base && !file.startsWith(base + sep)) {
          res.writeHead(403, headers).end();
          return;
        }
        const info = await stat(file).catch(() => null);
        if (!info || info.isDirectory()) {
          // A route of the single-page app, or the folder itself.
          if (!info && extname(pathname) !== '') {
            res.writeHead(404, headers).end();
            return;
          }
          file = join(base, 'index.html');
        }
        const body = await readFile(file);
        res.writeHead(200, { ...headers, 'Content-Type': contentTypeOf(file) }).end(body);
      } catch {
        res.writeHead(500, headers).end();
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
