// The whole node killed over and over (issue 13): a child process runs a real node —
// registrations through the API, CSV imports, watch-folder files, sync to a real exchange
// over mutual TLS, backups, DR uploads and restores, in a seeded random mix — and is killed
// with SIGKILL a random time after a random step began. After every kill: SQLite's integrity
// check passes, the audit chain verifies through the node's own API (at the next start), every
// record a user was told is saved exists exactly once, no ID number is stored twice, and the
// exchange holds every version the node marked delivered, each exactly once. At the end the
// node drains its queue and the exchange holds every record's current version exactly once.
//
// CI: up to 200 iterations or CRASH_LOOP_SECONDS (default 150) of killing, whichever ends
// first; EDGE_NODE_LONG=1: all 200. EDGE_NODE_CRASH_SEED repeats a run.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTestPki, type TestPki } from '../support/pki';
import { connectNode, startSyncNode, startTestExchange, waitFor, type SyncNode, type TestExchange } from '../support/sync-node';
import { openRawDatabase } from '../support/raw-database';
import { seededRandom } from '../../bench/generate-records';
import { backupSettings, openNodeAt, usbFolder } from '../backup/support';
import { BENCH_RESOURCE, PHASES, type ChildConfig, type Phase } from './crash-loop-records';
import { bundleCrashLoopChild } from './crash-loop-bundle';
import type { AuditVerification } from '../../common/contract';

const LONG = process.env.EDGE_NODE_LONG === '1';
const ITERATIONS = Number(process.env.EDGE_NODE_CRASH_ITERATIONS ?? 200);
const SECONDS = LONG ? Infinity : Number(process.env.CRASH_LOOP_SECONDS ?? 150);
const SEED = Number(process.env.EDGE_NODE_CRASH_SEED ?? Date.now() % 1_000_000_000);
/** Record indices each run may use (far more than a run gets through before its kill). */
const SPAN = 2_000;
/** A child silent this long (no step begun or ended) is stuck: a restore on a loaded 2-core machine takes tens of seconds. */
const SILENT_TIMEOUT_MS = 180_000;


interface RunResult {
  killedIn: Phase | 'start' | 'between' | null;
  verify: AuditVerification | null;
  acks: string[];
  restored: number;
  output: string;
}

describe(`crash loop: the whole node killed with SIGKILL at random moments (seed ${SEED})`, () => {
  const random = seededRandom(SEED);
  let pki: TestPki;
  let exchange: TestExchange;
  let t: SyncNode;
  let nodeId: string;
  let usb: string;
  let watchFolder: string;
  let child: { file: string; remove(): void };
  /** Per step: the longest it took, so a kill can land anywhere inside it. */
  const longest = new Map<Phase, number>();

  before(async () => {
    console.log(`crash loop seed ${SEED} (repeat with EDGE_NODE_CRASH_SEED=${SEED})`);
    child = await bundleCrashLoopChild();
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    t = await startSyncNode();
    nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
    // Small batches: more of them in flight when the kill comes.
    await connectNode(t, pki, exchange.url, { batchMaxItems: 40 });
    usb = usbFolder();
    watchFolder = mkdtempSync(join(tmpdir(), 'edge-node-watch-'));
    const dr = pki.issueClient('海南省容灾备份中心');
    await t.ok('admin', 'backup.setSettings', backupSettings(usb, { drUpload: true, drCertificatePem: dr.certPem, verifyAfterBackup: false, retention: { daily: 3, weekly: 0, monthly: 0 } }));
    await t.ok('operator', 'intake.setWatchFolders', { folders: [{ path: watchFolder, resourceCode: BENCH_RESOURCE, unit: null }] });
    t.node.close();
  });
  after(async () => {
    await exchange?.close();
    pki?.cleanup();
    child?.remove();
    if (t) rmSync(dirname(t.dataDir), { recursive: true, force: true });
    if (usb) rmSync(usb, { recursive: true, force: true });
    if (watchFolder) rmSync(watchFolder, { recursive: true, force: true });
  });

  /** How long the child took to start (spawn to its audit check), longest seen. */
  let longestStart = 0;

  /**
   * One start of the child; killed a random time after its `killAt`-th step began — 0: while it
   * starts (opening the database, recovering a cut-off restore, checking the audit chain);
   * null: never.
   */
  function runChild(first: number, killAt: number | null, seed: number): Promise<RunResult> {
    const config: ChildConfig = { dataDir: t.dataDir, keyFile: t.keyFile, watchFolder, first, span: SPAN, seed };
    return new Promise((resolve, reject) => {
      const node = spawn(process.execPath, [child.file, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EDGE_NODE_TEST: '1' } });
      const spawnedAt = Date.now();
      const result: RunResult = { killedIn: null, verify: null, acks: [], restored: 0, output: '' };
      let steps = 0;
      let current: Phase | 'start' | 'between' = 'start';
      let killTimer: NodeJS.Timeout | undefined;
      const kill = () => {
        result.killedIn = current;
        node.kill('SIGKILL');
      };
      if (killAt === 0) killTimer = setTimeout(kill, random() * (longestStart || 1_000));
      node.stderr.on('data', (chunk) => {
        result.output += chunk;
        if (process.env.CRASH_LOOP_TRACE) process.stdout.write(String(chunk).replace(/^/gm, '# '));
      });
      createInterface({ input: node.stdout }).on('line', (line) => {
        result.output += `${line}\n`;
        stuck.refresh();
        let message: { verify?: AuditVerification; phase?: Phase; end?: Phase; ms?: number; ack?: string[]; restored?: boolean };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return; // a log line
        }
        if (message.verify) {
          result.verify = message.verify;
          longestStart = Math.max(longestStart, Date.now() - spawnedAt);
          if (process.env.CRASH_LOOP_TRACE) console.log(`started in ${Date.now() - spawnedAt} ms`);
        }
        if (process.env.CRASH_LOOP_TRACE && (message.phase || message.end)) console.log(`${Date.now() - spawnedAt} ms: ${line}`);
        if (message.ack) result.acks.push(...message.ack);
        if (message.restored) result.restored += 1;
        if (message.end) {
          longest.set(message.end, Math.max(longest.get(message.end) ?? 0, message.ms ?? 0));
          current = 'between';
        }
        if (message.phase) {
          current = message.phase;
          steps += 1;
          if (killAt !== null && steps === killAt) {
            // Anywhere in the step as long as it has ever taken (a little past its end too).
            const delay = random() * ((longest.get(message.phase) ?? 400) * 1.1 + 20);
            killTimer = setTimeout(kill, delay);
          }
        }
      });
      const stuck = setTimeout(() => {
        result.output += '\n(stuck: killed by the test)';
        node.kill('SIGKILL');
      }, SILENT_TIMEOUT_MS);
      node.on('error', reject);
      node.on('close', (code, signal) => {
        clearTimeout(killTimer);
        clearTimeout(stuck);
        if (signal === 'SIGKILL' && result.killedIn) return resolve(result);
        if (code === 0 && killAt === null) return resolve(result);
        reject(new Error(`the node child ended by itself (code ${code}, signal ${signal}) in ${current}:\n${result.output.slice(-4000)}`));
      });
    });
  }

  /** What must hold whenever the node is down: checked on the database itself and at the exchange. */
  async function checkAfterKill(acked: Set<string>): Promise<{ records: number; delivered: number }> {
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    try {
      assert.equal((raw.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
      const keys = new Map<string, number>();
      for (const row of raw.prepare('SELECT key_value AS key, count(*) AS n FROM records WHERE resource_code = ? GROUP BY key_value').all(BENCH_RESOURCE) as { key: string; n: number }[]) keys.set(row.key, row.n);
      const twice = [...keys].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'no ID number is stored twice');
      const lost = [...acked].filter((key) => keys.get(key) !== 1);
      assert.deepEqual(lost, [], 'every record a user was told is saved is there');
      const delivered = raw.prepare(`SELECT DISTINCT record_id AS recordId, version FROM outbox WHERE state = 'acknowledged'`).all() as { recordId: string; version: number }[];
      const held = new Map(exchange.appliedVersions(nodeId).map((v) => [`${v.recordId}/${v.version}`, v.count]));
      assert.deepEqual([...held].filter(([, n]) => n !== 1), [], 'the exchange holds no version twice');
      const missing = delivered.filter((v) => !held.has(`${v.recordId}/${v.version}`));
      assert.deepEqual(missing, [], 'the exchange holds every version the node marked delivered');
      return { records: [...keys.values()].reduce((a, b) => a + b, 0), delivered: delivered.length };
    } finally {
      raw.close();
    }
  }

  test('killed at random again and again: nothing acknowledged is lost or doubled, the database and audit chain stay sound', async () => {
    const acked = new Set<string>();
    const kills = new Map<string, number>();
    const started = Date.now();
    let iterations = 0;
    let restores = 0;
    let last = { records: 0, delivered: 0 };
    while (iterations < ITERATIONS && (Date.now() - started) / 1000 < SECONDS) {
      // Kill while it starts (one run in eight), or in the first, second or third step.
      const killAt = random() < 1 / 8 ? 0 : 1 + Math.floor(random() * 3);
      const run = await runChild(iterations * SPAN, killAt, Math.floor(random() * 2 ** 31));
      if (run.killedIn !== 'start') assert.ok(run.verify, `the child did not report its audit check:\n${run.output.slice(-3000)}`);
      if (run.verify) assert.equal(run.verify.ok, true, `audit chain after restart ${iterations}: ${JSON.stringify(run.verify)}`);
      for (const key of run.acks) acked.add(key);
      restores += run.restored;
      kills.set(run.killedIn!, (kills.get(run.killedIn!) ?? 0) + 1);
      iterations += 1;
      if (iterations % 25 === 0) console.log(`crash loop: ${iterations} iterations, ${acked.size} records acknowledged, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      last = await checkAfterKill(acked);
    }
    // The last restart: the audit chain verifies, and the queue drains to the exchange.
    const node = await openNodeAt(t.dataDir, t.keyFile, { sync: { automatic: true, engine: { backoff: { baseMs: 20, capMs: 200 }, requestTimeoutMs: 5_000, newDataDelayMs: 50 } } });
    try {
      const verification = await node.ok('auditor', 'audit.verify', {});
      assert.equal(verification.ok, true, JSON.stringify(verification));
      await node.ok('operator', 'sync.now', {});
      const drained = await waitFor(() => node.ok('operator', 'sync.status', {}), (s) => s.queueDepth === 0 && !s.running, 120_000, 'the queue to drain after the last kill');
      assert.equal(drained.rejected, 0, JSON.stringify(drained));
    } finally {
      node.node.close();
    }
    const final = await checkAfterKill(acked);
    const raw = await openRawDatabase(t.dataDir, t.keyFile);
    let current: { recordId: string; version: number }[];
    try {
      current = raw.prepare('SELECT id AS recordId, version FROM records').all() as { recordId: string; version: number }[];
    } finally {
      raw.close();
    }
    const held = new Map(exchange.appliedVersions(nodeId).map((v) => [`${v.recordId}/${v.version}`, v.count]));
    const notHeld = current.filter((r) => held.get(`${r.recordId}/${r.version}`) !== 1);
    assert.deepEqual(notHeld, [], 'after the drain the exchange holds every record’s current version exactly once');

    const perPhase = [...PHASES, 'start', 'between'].map((p) => `${p} ${kills.get(p) ?? 0}`).join(', ');
    console.log(`crash loop: ${iterations} iterations in ${((Date.now() - started) / 1000).toFixed(0)} s; kills per phase: ${perPhase}`);
    console.log(`crash loop: ${acked.size} records acknowledged to users, ${final.records} stored, ${current.length} at the exchange after the drain (${last.delivered} delivered before it); ${restores} restores completed; lost 0, duplicated 0`);
    assert.ok(iterations >= (LONG ? ITERATIONS : 5), `only ${iterations} iterations ran`);
  });
});
