// The README's "A node against the reference exchange, in two commands", run as a script
// would run it. Both shell blocks are read from README.md itself, so the test fails when
// the README drifts from what works. They run under bash from the checkout (they call
// `sync/exchange/cli.ts` by its path there) with HOME in a temporary folder, so `~` is
// that folder; the node is initialised beforehand with the administrator and the operator
// the blocks name, each password in its own variable as the README says.
//
// One change to the text: the port. The README's exchange listens on 8443; here every
// 8443 becomes a free port, so the test neither collides with an exchange a developer has
// running nor depends on a check-then-use race.
//
// Also proven: files land where the user is. The blocks write only under ~/exchange-dev
// (none into the checkout), and `npm run cli` started from another folder resolves a
// relative `--out` there (bin/edge-node.mjs goes back to npm's INIT_CWD).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openNode } from '../main/core/open-node';
import { keyFileProtector } from '../platform/keyfile-protector';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../common/catalog/sample-catalog';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from './support/test-node';
import { povertyHouseholdFields } from './support/sample-records';
import { addReadyAccount } from './support/accounts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README_PORT = '8443';
const SECTION = '## A node against the reference exchange';

/** The shell blocks of the README section, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  assert.ok(start >= 0, `README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `--as NAME` right after the given command words, e.g. ('sync now') → the operator's name. */
function userOf(block: string, command: string): string {
  const found = new RegExp(`${command} --as (\\S+)`).exec(block);
  assert.ok(found, `the README block has no "${command} --as …"`);
  return found[1]!;
}

const root = mkdtempSync(path.join(tmpdir(), 'edge-node-readme-'));
const home = path.join(root, 'home');
const elsewhere = path.join(root, 'somewhere-else');
const dataDir = path.join(root, 'data');
const keyFile = path.join(root, 'config', 'node.keyfile');
const OPERATOR_PASSWORD = PASSWORDS.operator;
let terminal1: ChildProcess | undefined;
let blocks: string[] = [];

const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOME: home,
  EDGE_NODE_DATA_DIR: dataDir,
  EDGE_NODE_KEY_FILE: keyFile,
  // A fresh HOME would make npm look for a newer npm on the registry.
  npm_config_update_notifier: 'false',
};

before(async () => {
  mkdirSync(home, { recursive: true });
  mkdirSync(elsewhere, { recursive: true });
  const port = String(await freePort());
  blocks = readmeBlocks().map((b) => {
    assert.ok(b.includes(README_PORT), `a README block no longer names port ${README_PORT}:\n${b}`);
    return b.replaceAll(README_PORT, port);
  });
  assert.equal(blocks.length, 2, 'the section has the two commands, one per terminal');

  // An initialised node with the users the second block acts as, and one record to upload.
  const node = await openNode({ dataDir, keyProtector: keyFileProtector(keyFile) });
  try {
    const call = async (token: string | null, channel: Parameters<typeof node.dispatch>[1], input: unknown) => {
      const answer = await node.dispatch(token, channel, input as never);
      assert.ok(answer.result.ok, `${channel}: ${JSON.stringify(answer.result)}`);
      return answer;
    };
    assert.equal(userOf(blocks[1]!, 'cert root'), ADMIN.username);
    await call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
    const admin = (await call(null, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken!;
    const operator = userOf(blocks[1]!, 'sync now');
    // Each account's owner replaces the admin's initial password at first login.
    await addReadyAccount(node, admin, { username: operator, displayName: '赵运维', role: 'operator', unit: '党政办', password: OPERATOR_PASSWORD });
    const { token: clerk } = await addReadyAccount(node, admin, { username: 'lixiao', displayName: '李录入', role: 'clerk', unit: '扶贫办', password: PASSWORDS.clerk });
    await call(clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields() });
  } finally {
    node.close();
  }
});

after(() => {
  // The exchange runs in its own process group (detached): end bash and node together.
  if (terminal1?.pid) {
    try {
      process.kill(-terminal1.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

test("the README's two commands enrol the node and sync it, writing only under ~/exchange-dev", async () => {
  const strays = ['node.csr', 'node.crt'].map((f) => path.join(repoRoot, f));
  assert.deepEqual(strays.filter(existsSync), [], 'node.csr/node.crt already in the checkout: cannot tell who wrote them');

  // Terminal 1: PKI, then the exchange in the foreground; it prints its URL when listening.
  terminal1 = spawn('bash', ['-c', blocks[0]!], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log1 = '';
  terminal1.stderr!.on('data', (d: Buffer) => (log1 += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // A bound for a loaded machine; the wait itself ends on the printed URL.
    const timer = setTimeout(() => reject(new Error(`the exchange did not start within 180 s:\n${log1}`)), 180_000);
    terminal1!.stdout!.on('data', (d: Buffer) => {
      log1 += d.toString();
      const found = /https:\/\/127\.0\.0\.1:\d+/.exec(log1);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
    terminal1!.on('exit', (code) => reject(new Error(`terminal 1 ended (${code}):\n${log1}`)));
  });
  assert.ok(blocks[1]!.includes(url), `terminal 2 talks to ${url}`);

  // Terminal 2, with each user's password in its own variable and no terminal to prompt at.
  const run2 = spawnSync('bash', ['-c', blocks[1]!], {
    cwd: repoRoot,
    env: { ...env, ADMIN_PASSWORD: ADMIN.password, OPERATOR_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(run2.status, 0, `terminal 2 failed:\n${run2.stdout}\n${run2.stderr}`);
  assert.match(run2.stdout, /同步完成/);

  // The node says it synced; the exchange has heard from it.
  const status = spawnSync(process.execPath, ['bin/edge-node.mjs', 'sync', 'status', '--as', ADMIN.username, '--json'], {
    cwd: repoRoot,
    env: { ...env, EDGE_NODE_PASSWORD: ADMIN.password },
    encoding: 'utf8',
  });
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout) as { link: string; queueDepth: number; rejected: number; lastSuccessAt: string | null };
  assert.equal(s.link, 'online');
  assert.equal(s.queueDepth, 0);
  assert.equal(s.rejected, 0);
  assert.ok(s.lastSuccessAt);
  const nodes = spawnSync(process.execPath, ['--import', 'tsx', 'sync/exchange/cli.ts', 'nodes', '--dir', path.join(home, 'exchange-dev'), '--json'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(nodes.status, 0, nodes.stderr);
  assert.equal((JSON.parse(nodes.stdout) as { nodes: unknown[] }).nodes.length, 1);

  // Where the files went.
  for (const f of ['ca.crt', 'node.csr', 'node.crt']) assert.ok(existsSync(path.join(home, 'exchange-dev', f)), `~/exchange-dev/${f}`);
  assert.deepEqual(strays.filter(existsSync), [], 'the README commands wrote into the checkout');
});

test('`npm run cli` typed in another folder writes a relative --out there, not into the checkout', () => {
  const operator = userOf(blocks[1]!, 'sync now');
  const run = spawnSync('npm', ['--prefix', repoRoot, 'run', 'cli', '--', 'diagnostics', '--as', operator, '--out', 'diagnose.json'], {
    cwd: elsewhere,
    env: { ...env, EDGE_NODE_PASSWORD: OPERATOR_PASSWORD },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.ok(existsSync(path.join(elsewhere, 'diagnose.json')), 'diagnose.json in the folder the command was typed in');
  assert.ok(!existsSync(path.join(repoRoot, 'diagnose.json')), 'diagnose.json in the checkout');
});
