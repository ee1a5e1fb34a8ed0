// The session of the app's window: every permission refused, every request that is not one of the
// app's own files cancelled, no downloads, no spell-checker (Chromium would fetch dictionaries from
// Google). The renderer has nothing to ask the network for: all measuring happens in the runner.
import type { Session, ShellLog } from './electron-api.ts';
import { isAppUrl } from './origin.ts';

/** Requests the window's page may make: its own files, inline data, and the developer tools' own pages. */
export function isAllowedRequest(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('devtools://');
}

export function hardenSession(session: Session, log: ShellLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    log(`denied permission request "${permission}" from ${details.requestingUrl.slice(0, 200)}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) log(`cancelled request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  session.on('will-download', (event, item) => {
    log(`cancelled download of ${item.getURL().slice(0, 200)}`);
    event.preventDefault();
  });
}
