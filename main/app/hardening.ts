// The Electron security checklist's session- and page-level items, applied in one place:
// every permission denied, no network from the renderer, no navigation away from our own
// app:// origin, no new windows, no <webview>. See docs/security.md.
import type { Session, WebContents } from 'electron';
import { isAllowedPageRequest, isAppUrl } from './app-origin';
import { log } from '../../platform/log';

export function hardenSession(ses: Session): void {
  // Camera, microphone, notifications, geolocation, clipboard-read, HID, serial, USB...:
  // the renderer needs none of them, so it is never asked and never granted.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The renderer talks only to window.edgeNode; the core (in its own process) does the
  // networking. Any other request from a page is cancelled, whatever the CSP says.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedPageRequest(details.url);
    if (!allowed) log.warn(`blocked a ${details.resourceType} request from a page`);
    callback({ cancel: !allowed });
  });
}

/** Called for every webContents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn('blocked navigation away from the app');
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);

  // webviewTag is off in every window we create; this also covers one created some other way.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
