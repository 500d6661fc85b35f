import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ENTRY_URL, isAllowedPageRequest, isAppUrl } from './app-origin';

test('only our own app:// pages count as the app', () => {
  assert.equal(isAppUrl(APP_ENTRY_URL), true);
  assert.equal(isAppUrl('app://edge-node/assets/index.js?x#y'), true);
  for (const url of [
    'app://other/index.html',
    'app://edge-node.evil/index.html',
    'app://edge-node@evil/index.html',
    'app://user:pw@edge-node/index.html',
    'https://edge-node/index.html',
    'file:///index.html',
    'javascript:alert(1)',
    '',
    null,
    undefined,
    'not a url',
  ]) {
    assert.equal(isAppUrl(url), false, String(url));
  }
});

test('pages may request only app://, data:, blob: and devtools: URLs', () => {
  for (const url of ['app://edge-node/assets/x.js', 'data:image/png;base64,AAAA', 'blob:app://edge-node/1234', 'devtools://devtools/bundled/x.js']) {
    assert.equal(isAllowedPageRequest(url), true, url);
  }
  for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'ws://localhost/', 'wss://x/', 'file:///etc/passwd', 'ftp://x/', 'app://other/x.js', 'chrome://settings']) {
    assert.equal(isAllowedPageRequest(url), false, url);
  }
});
