// The app's own origin. The renderer is served from `app://yoxla/` (protocol.ts), never from
// file:// or a remote page, so "is this ours?" is one comparison of origins.
export const APP_SCHEME = 'app';
export const APP_HOST = 'yoxla';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL of the app's own files. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * A link that may be handed to the system browser (after the person confirms): https only, with a
 * real host name, no credentials in it. Everything else (http, file, javascript, custom schemes that
 * would start other programs) is refused.
 */
export function isExternalLink(url: string): boolean {
  const parsed = parse(url);
  if (parsed === null || parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return /^[a-z0-9.-]+$/i.test(parsed.hostname) && parsed.hostname.includes('.') && url.length <= 2000;
}

/** A file dropped on the window makes Chromium navigate to its file:// URL: this gives its path. */
export function droppedFilePath(url: string, fileUrlToPath: (url: URL) => string): string | null {
  const parsed = parse(url);
  if (parsed === null || parsed.protocol !== 'file:') return null;
  try {
    return fileUrlToPath(parsed);
  } catch {
    return null;
  }
}
