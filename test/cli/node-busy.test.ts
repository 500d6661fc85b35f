// Only one program opens a node's data folder at a time. When the desktop app or `edge-node
// serve` has it, a CLI command is refused — and says which program holds it (its pid) and
// what to do: work in that program's window or web page, or stop it first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LockHolder } from '../../platform/single-writer-lock';
import { cliRunner } from '../support/cli-run';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = join(ROOT, 'test/support/open-node-child.ts');
const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-busy-'));
const { env, cli } = cliRunner(root);

after(() => rmSync(root, { recursive: true, force: true }));

/** Starts `command`, waits until a line of its output matches `ready`, and returns it running. */
async function startUntil(command: string[], ready: RegExp): Promise<ChildProcess> {
  // From the checkout, where `--import tsx` resolves; neither child writes to its working folder.
  const child = spawn(process.execPath, command, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    // A bound for a loaded machine; the wait itself ends on the ready line.
    const timer = setTimeout(() => reject(new Error(`${command.join(' ')} did not get ready: ${out}`)), 180_000);
    let out = '';
    const look = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${command.join(' ')} exited: ${out}`));
    });
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin!.end('close\n');
  child.kill('SIGTERM');
  await exited;
}

/** A process that holds the node as `holder` (null: says nothing of itself, as an older version). */
const holdAs = (holder: LockHolder | null) =>
  startUntil(['--import', 'tsx', CHILD, env.EDGE_NODE_DATA_DIR!, env.EDGE_NODE_KEY_FILE!, 'hold', ...(holder ? [JSON.stringify(holder)] : [])], /"ok":true/);

test('held by the desktop app: the CLI names it with its pid and says to use its window or quit it', async () => {
  const app = await holdAs({ program: 'app' });
  try {
    const run = cli(['status', '--as', 'admin'], 'whatever');
    assert.equal(run.code, 1);
    assert.match(run.err, new RegExp(`^错误：本节点的数据正被桌面程序使用（进程号 ${app.pid}）。.*请在桌面程序的窗口中操作，或先退出桌面程序再运行本命令。`));
  } finally {
    await stop(app);
  }
  assert.doesNotMatch(cli(['user', 'list', '--as', 'admin'], 'whatever').err, /正被/, 'the folder stays busy after the app closed');
});

test('held by a program that does not say which: the CLI names the pid, the likely programs and the serve address', async () => {
  const other = await holdAs(null);
  try {
    const run = cli(['records', 'list', '--as', 'clerk'], 'whatever');
    assert.equal(run.code, 1);
    assert.match(run.err, new RegExp(`正被另一个程序使用（进程号 ${other.pid}），可能是桌面程序或 edge-node serve。请在已打开的界面（serve 的网页界面默认 http://127\\.0\\.0\\.1:8717）中操作，或先关闭它再运行本命令。`));
  } finally {
    await stop(other);
  }
});

test('held by edge-node serve: the CLI gives its address and how to stop it', { skip: !existsSync(join(ROOT, 'dist/renderer/index.html')) && 'the renderer is not built (npm run build:renderer)' }, async () => {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const serve = await startUntil([join(ROOT, 'bin/edge-node.mjs'), 'serve', '--port', String(port)], /网页界面：/);
  try {
    const run = cli(['backup', 'list', '--as', 'admin'], 'whatever');
    assert.equal(run.code, 1);
    assert.match(run.err, new RegExp(`^错误：本节点的数据正被 edge-node serve 使用（进程号 ${serve.pid}）。请在它的网页界面 http://127\\.0\\.0\\.1:${port} 中操作.*或先停止它（在其终端按 Ctrl\\+C，或结束进程 ${serve.pid}）`));
    assert.doesNotMatch(run.err, /token/, 'serve’s access token leaked to another command');
  } finally {
    await stop(serve);
  }
});

test('held by another CLI command: the CLI says which, and to wait for it', async () => {
  const command = await holdAs({ program: 'command', command: 'sync now' });
  try {
    const run = cli(['sync', 'status', '--as', 'operator'], 'whatever');
    assert.equal(run.code, 1);
    assert.match(run.err, new RegExp(`正被另一个命令（edge-node sync now）使用（进程号 ${command.pid}）。请等它结束后再试。`));
  } finally {
    await stop(command);
  }
});
