// The PDF is the HTML report printed by a headless Chromium found on the system (the app prints
// the same HTML with Electron's printToPDF). Chromium runs with a throwaway profile, no background
// networking, and the network cut off (names never resolve, connections go nowhere), and reads the
// report from a file: the report fetches nothing (its CSP), and could not if it tried.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const MAC_CHROMES = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export class PdfError extends Error {}

/** $YOXLA_CHROMIUM, else the first Chromium or Chrome on PATH (or in /Applications). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.YOXLA_CHROMIUM;
  if (explicit) return existsSync(explicit) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return MAC_CHROMES.find((p) => existsSync(p)) ?? null;
}

export function chromiumArgs(htmlPath: string, pdfPath: string, profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    '--metrics-recording-only',
    // The network cut off, whatever the page holds (the report's CSP forbids fetching already):
    // every name fails to resolve, and every connection, loopback included, goes to a proxy on the
    // discard port that is not there.
    '--host-resolver-rules=MAP * ~NOTFOUND',
    '--proxy-server=http://127.0.0.1:9',
    '--proxy-bypass-list=<-loopback>',
    '--disable-remote-fonts',
    '--disable-domain-reliability',
    '--dns-prefetch-disable',
    '--no-pings',
    // Without this Chromium prints the file's URL, a local path, in the page footer.
    '--no-pdf-header-footer',
    '--print-to-pdf-no-header',
    `--user-data-dir=${profileDir}`,
    `--print-to-pdf=${pdfPath}`,
    pathToFileURL(htmlPath).href,
  ];
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new PdfError(err.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new PdfError(signal ? `stopped by ${signal}` : `exit code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
}

/** Prints the HTML to PDF bytes. Throws PdfError when Chromium fails. */
export async function printPdf(html: string, chromium: string, timeoutMs = 60_000): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'yoxla-pdf-'));
  try {
    const htmlPath = join(dir, 'report.html');
    const pdfPath = join(dir, 'report.pdf');
    await writeFile(htmlPath, html);
    await run(chromium, chromiumArgs(htmlPath, pdfPath, join(dir, 'profile')), timeoutMs);
    if (!existsSync(pdfPath)) throw new PdfError('no PDF was written');
    return await readFile(pdfPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
