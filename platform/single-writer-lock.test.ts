// One process at a time owns a node's data folder. A second process (the CLI while the app
// runs, a second app instance) is refused with a clear Chinese message naming the owner;
// once the owner closes — or dies — the folder can be opened again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock, NodeBusyError } from './single-writer-lock';
import { dataPaths } from './data-paths';
import { openNode } from '../main/core/open-node';
import { keyFileProtector } from './keyfile-protector';
import { ADMIN, PASSWORDS, startSetUpNode } from '../test/support/test-node';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHILD = fileURLToPath(new URL('../test/support/open-node-child.ts', import.meta.url));
const CHILD_TIMEOUT_MS = 30_000;

type ChildAnswer = { ok: true; pid: number } | { ok: false; name: string; message: string };

/** Runs the child in "try" mode: it opens the folder, reports, closes and exits. */
function tryInChild(dataDir: string, keyFile: string): ChildAnswer {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dataDir, keyFile, 'try'], { cwd: ROOT, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  assert.equal(run.status, 0, `child failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ChildAnswer;
}

/** Starts the child in "hold" mode and waits (bounded) for its report. */
async function holdInChild(dataDir: string, keyFile: string): Promise<{ child: ChildProcess; answer: ChildAnswer; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, keyFile, 'hold'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const answer = await new Promise<ChildAnswer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the child did not report within the time limit'));
    }, CHILD_TIMEOUT_MS);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as ChildAnswer);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the child exited before reporting: ${out}`));
    });
  });
  return { child, answer, exited };
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out`)), CHILD_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  const pid = Number(run.stdout);
  assert.ok(Number.isInteger(pid) && pid > 0, `no pid from the short-lived process: ${run.stdout}`);
  return pid;
}

describe('single-writer lock on the data folder', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  let lockFile: string;

  before(async () => {
    t = await startSetUpNode();
    lockFile = dataPaths(t.dataDir).lock;
  });
  after(() => t.cleanup());

  test('while this process has the node open, a second process is refused with the owner’s pid; after close it opens', () => {
    assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid));
    const refused = tryInChild(t.dataDir, t.keyFile);
    assert.deepEqual(refused, { ok: false, name: 'NodeBusyError', message: new NodeBusyError(process.pid).message });
    assert.match(refused.ok ? '' : refused.message, new RegExp(`正被另一个程序使用（进程号 ${process.pid}）`));
    assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid), 'the refused process touched the lock');

    t.node.close();
    assert.equal(existsSync(lockFile), false, 'close() left the lock behind');
    const opened = tryInChild(t.dataDir, t.keyFile);
    assert.equal(opened.ok, true, JSON.stringify(opened));
    assert.equal(existsSync(lockFile), false, 'the child left the lock behind');
  });

  test('while another process holds the node, openNode here is refused in Chinese; once it closes, openNode works', async () => {
    t.node.close();
    const held = await holdInChild(t.dataDir, t.keyFile);
    try {
      assert.equal(held.answer.ok, true, JSON.stringify(held.answer));
      await assert.rejects(t.reopen(), (error: unknown) => {
        assert.ok(error instanceof NodeBusyError, String(error));
        assert.equal(error.message, `本节点的数据正被另一个程序使用（进程号 ${held.child.pid}），请先关闭它再试`);
        return true;
      });
    } finally {
      held.child.stdin!.end('close\n');
      await withTimeout(held.exited, 'the child closing');
    }
    await t.reopen();
    assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid));
    assert.ok((await t.login(ADMIN.username, ADMIN.password)).length > 0, 'cannot log in after taking the node back');
  });

  test('a lock left by a process that was killed is taken over', async () => {
    t.node.close();
    const held = await holdInChild(t.dataDir, t.keyFile);
    assert.equal(held.answer.ok, true, JSON.stringify(held.answer));
    held.child.kill('SIGKILL');
    await withTimeout(held.exited, 'the killed child exiting');
    assert.equal(readFileSync(lockFile, 'utf8'), String(held.child.pid), 'the killed child should have left its lock');
    await t.reopen();
    assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid));
    assert.ok((await t.login('clerk', PASSWORDS.clerk)).length > 0, 'cannot log in after taking over the lock');
  });

  test('a stale lock naming a dead pid, or left empty or garbled by a power cut, is taken over', async () => {
    for (const content of [String(deadPid()), '', 'garbage\n', '-1']) {
      t.node.close();
      writeFileSync(lockFile, content);
      await t.reopen();
      assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid), `lock "${content}" was not taken over`);
    }
  });

  test('a failed open releases the lock again', async () => {
    t.node.close();
    await assert.rejects(openNode({ dataDir: t.dataDir, keyProtector: keyFileProtector(t.keyFile), recoveryPassphrase: 'Not-The-Recovery-Passphrase-1' }), /恢复口令不正确/);
    assert.equal(existsSync(lockFile), false, 'a failed open left the lock behind');
    await t.reopen();
  });

  test(
    'a second openNode in the same process is refused while the first is open',
    async () => {
      const second = await openNode({ dataDir: t.dataDir, keyProtector: keyFileProtector(t.keyFile) }).catch((error: unknown) => error);
      if (!(second instanceof Error)) {
        (second as { close(): void }).close();
        const lockGone = !existsSync(lockFile);
        writeFileSync(lockFile, String(process.pid)); // give the first node its lock back so it can close cleanly
        assert.fail(`a second openNode in the same process succeeded; closing it ${lockGone ? 'deleted the lock the first node still holds' : 'kept the lock'}`);
      }
      assert.ok(second instanceof NodeBusyError, String(second));
    },
  );
});

describe('the holder note beside the lock', () => {
  test('a refusal names the program that holds the lock; the lock file itself stays a bare pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-node-lock-'));
    const path = join(dir, 'edge-node.lock');
    try {
      const lock = acquireLock(path, { program: 'serve', url: 'http://127.0.0.1:8717' });
      assert.equal(readFileSync(path, 'utf8'), String(process.pid));
      assert.throws(() => acquireLock(path), (error: unknown) => {
        assert.ok(error instanceof NodeBusyError);
        assert.deepEqual([error.pid, error.holder], [process.pid, { program: 'serve', url: 'http://127.0.0.1:8717' }]);
        assert.match(error.message, new RegExp(`正被 edge-node serve 使用（进程号 ${process.pid}）`));
        return true;
      });
      lock.release();
      assert.equal(existsSync(`${path}.holder`), false, 'release left the holder note behind');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a note left by another pid is not believed, and a lock taken without a holder clears it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-node-lock-'));
    const path = join(dir, 'edge-node.lock');
    try {
      writeFileSync(`${path}.holder`, JSON.stringify({ pid: process.pid + 1, program: 'app' }));
      const lock = acquireLock(path);
      assert.equal(existsSync(`${path}.holder`), false, 'an earlier owner\'s note survived');
      writeFileSync(`${path}.holder`, JSON.stringify({ pid: process.pid + 1, program: 'app' }));
      assert.throws(() => acquireLock(path), (error: unknown) => error instanceof NodeBusyError && error.holder === null && /正被另一个程序使用/.test(error.message));
      lock.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
