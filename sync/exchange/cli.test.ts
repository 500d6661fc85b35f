// The dev tool end to end, as county IT would use it: pki init, sign a node CSR made by
// openssl, serve, talk to it over mutual TLS, revoke while it runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { PATHS } from '../protocol/messages';
import { call } from './test-client';

const CLI = join(import.meta.dirname, 'cli.ts');
let dir: string;
let server: ChildProcess | undefined;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'exchange-cli-'));
});
after(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('pki init, pki sign, serve, revoke: a node certificate works until revoked', async () => {
  const pki = join(dir, 'pki');
  cli('pki', 'init', '--dir', pki, '--key-bits', '2048');
  const ca = readFileSync(join(pki, 'ca.crt'), 'utf8');
  assert.throws(() => cli('pki', 'init', '--dir', pki), /已有开发用根证书/);

  // A node CSR as the provincial CA would receive it; the subject must survive signing.
  const key = join(dir, 'node.key');
  const csr = join(dir, 'node.csr');
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-keyout', key, '-out', csr,
    '-subj', '/C=CN/ST=海南省/L=琼中县/O=湾岭镇人民政府/serialNumber=11469030MB1234567A/CN=node-cli-1'], { stdio: 'ignore' });
  const crt = join(dir, 'node.crt');
  cli('pki', 'sign', '--dir', pki, '--csr', csr, '--out', crt, '--days', '30');
  const subject = execFileSync('openssl', ['x509', '-in', crt, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { encoding: 'utf8' });
  assert.match(subject, /湾岭镇人民政府.*11469030MB1234567A.*node-cli-1/);
  assert.match(execFileSync('openssl', ['verify', '-CAfile', join(pki, 'ca.crt'), '-purpose', 'sslclient', crt], { encoding: 'utf8' }), /OK/);

  server = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--dir', pki, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [line] = (await once(server.stdout!, 'data')) as [Buffer];
  const url = line.toString().trim();
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);

  const creds = { keyPem: readFileSync(key, 'utf8'), certPem: readFileSync(crt, 'utf8'), caPem: ca };
  assert.equal((await call(url, creds, { path: PATHS.catalog })).status, 200);

  cli('pki', 'revoke', '--dir', pki, '--cert', crt);
  const deadline = Date.now() + 10_000;
  let refused = false;
  while (!refused && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    refused = await call(url, creds, { path: PATHS.catalog }).then(() => false, () => true);
  }
  assert.ok(refused, 'the running exchange picked up the new CRL');
});
