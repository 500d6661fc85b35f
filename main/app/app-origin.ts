// The one origin the app trusts: the renderer served from our own app:// protocol.
// Pure (no electron import) so the checks can be tested under plain Node.

export const APP_SCHEME = 'app';
export const APP_HOST = 'edge-node';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when `url` is a page of our renderer. Compares scheme and host by hand: Node's URL
 * reports origin "null" for schemes it does not know, so `origin ===` would accept nothing
 * (or, compared carelessly, everything).
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * Whether a page may make a request to `url` at all: only our own files, inline data and
 * blobs it made itself, and (in development) the developer tools. Everything else — http,
 * https, websockets, file:// — is cancelled in the session, whatever the CSP says.
 */
export function isAllowedPageRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
  return scheme === 'data:' || scheme === 'blob:' || scheme === 'devtools:';
}
