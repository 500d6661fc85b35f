import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveRendererPath, serveRendererFile } from './renderer-files';

const root = mkdtempSync(path.join(tmpdir(), 'edge-node-renderer-'));
const rendererDir = path.join(root, 'renderer');
mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer folder');
test.after(() => rmSync(root, { recursive: true, force: true }));

test('maps app:// URLs to files under the renderer folder', () => {
  assert.equal(resolveRendererPath(rendererDir, 'app://edge-node/index.html'), path.join(rendererDir, 'index.html'));
  assert.equal(resolveRendererPath(rendererDir, 'app://edge-node/'), path.join(rendererDir, 'index.html'));
  assert.equal(resolveRendererPath(rendererDir, 'app://edge-node/assets/index-abc.js?v=1#x'), path.join(rendererDir, 'assets', 'index-abc.js'));
  assert.equal(resolveRendererPath(rendererDir, 'app://edge-node/assets/%E4%B8%AD.png'), path.join(rendererDir, 'assets', '中.png'));
});

test('refuses every way out of the renderer folder, and other origins', () => {
  const refused = [
    'app://edge-node/../secret.txt',
    'app://edge-node/%2e%2e/secret.txt',
    'app://edge-node/assets/%2e%2e/%2e%2e/secret.txt',
    'app://edge-node/..%2fsecret.txt',
    'app://edge-node/assets/..%2f..%2fsecret.txt',
    'app://edge-node/..%5csecret.txt',
    'app://edge-node/index.html%00.js',
    'app://edge-node/%E0%A4%A',
    'app://edge-node/%2fetc%2fpasswd',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'https://edge-node/index.html',
    'not a url',
  ];
  for (const url of refused) {
    const resolved = resolveRendererPath(rendererDir, url);
    assert.ok(
      resolved === null || resolved.startsWith(rendererDir + path.sep),
      `${url} resolved to ${resolved}`,
    );
    assert.notEqual(resolved, path.join(root, 'secret.txt'), url);
  }
  assert.equal(resolveRendererPath(rendererDir, 'app://edge-node/..%2fsecret.txt'), null);
  assert.equal(resolveRendererPath(rendererDir, 'app://other-host/index.html'), null);
});

test('serves files with the CSP and the right content type', async () => {
  const page = await serveRendererFile(rendererDir, 'app://edge-node/index.html');
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await page.text(), /<title>t<\/title>/);

  const script = await serveRendererFile(rendererDir, 'app://edge-node/assets/index-abc.js');
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
});

test('errors carry the CSP too, and never leak a file outside the folder', async () => {
  const missing = await serveRendererFile(rendererDir, 'app://edge-node/nope.js');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);

  const escape = await serveRendererFile(rendererDir, 'app://edge-node/..%2fsecret.txt');
  assert.equal(escape.status, 403);
  assert.equal(escape.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.doesNotMatch(await escape.text(), /outside/);

  const folder = await serveRendererFile(rendererDir, 'app://edge-node/assets');
  assert.equal(folder.status, 404);
});

test('the CSP is the strict one the renderer expects', () => {
  for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
    assert.ok(CONTENT_SECURITY_POLICY.includes(directive), directive);
  }
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /script-src[^;]*unsafe/);
  assert.equal(contentTypeFor('x.WOFF2'), 'font/woff2');
  assert.equal(contentTypeFor('x.unknown'), 'application/octet-stream');
});
