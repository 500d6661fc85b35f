// The app:// protocol the renderer is loaded from. A privileged standard scheme gives the
// renderer a real origin (so 'self' in the CSP means something and module scripts load),
// which file:// cannot. Files come from renderer-files.ts, which keeps every request inside
// the renderer folder and puts the CSP on every response.
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { serveRendererFile } from './renderer-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // No bypassCSP, no service workers, no extensions.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

/** Must run after the app is ready. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request.url));
}
