// What a page may do to leave the app: nothing on its own. Navigation away from the app's origin is
// stopped, new windows are never opened, <webview> is never attached. An https link the person
// clicked goes to the system browser after they confirm; a file dropped on the window (Chromium
// would navigate to it) is opened as a run or scenario instead.
import { fileURLToPath } from 'node:url';
import type { ShellLog, WebContents } from './electron-api.ts';
import { droppedFilePath, isAppUrl, isExternalLink } from './origin.ts';

export interface NavigationPolicy {
  /** Asks the person, then opens the link in the system browser. */
  openLink(url: string): void;
  /** Called with the path of a file dropped on the window. */
  openDroppedFile(path: string): void;
  log: ShellLog;
}

/**
 * Decides what happens to a navigation away from the current page: allowed, or handed elsewhere.
 * `byPage`: the page itself started it (a script or a link), not the person dropping something on
 * the window. Only a real drop opens a file: a page that sends itself to file:///home/... must not
 * make main read that file.
 */
export function routeNavigation(url: string, policy: NavigationPolicy, byPage: boolean): 'allow' | 'deny' {
  if (isAppUrl(url)) return 'allow';
  const dropped = byPage ? null : droppedFilePath(url, fileURLToPath);
  if (dropped !== null) policy.openDroppedFile(dropped);
  else if (isExternalLink(url)) policy.openLink(url);
  else policy.log(`blocked navigation to ${url.slice(0, 200)}`);
  return 'deny';
}

export function lockNavigation(contents: WebContents, policy: NavigationPolicy): void {
  contents.on('will-navigate', (event) => {
    // The page's own reload or in-page navigation is fine; anything else is routed. A drop has no
    // initiating frame (the browser starts it); a script or a link has one.
    if (routeNavigation(event.url, policy, Boolean(event.initiator)) === 'deny') event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url)) {
      policy.log(`blocked frame navigation to ${event.url.slice(0, 200)}`);
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) {
      policy.log(`blocked redirect to ${event.url.slice(0, 200)}`);
      event.preventDefault();
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) policy.openLink(url);
    else policy.log(`blocked new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    policy.log('blocked a <webview>');
    event.preventDefault();
  });
}
