// Sync throughput and bytes on the wire, over loopback mutual TLS (issue 3, raised by issue 13
// with protocol v2 and pipelined batches):
//   target 1: the node's sync engine ≥ 20,000 records/s, and ≥ 80× the records/s of one
//             request per record, same run;
//   target 2: bytes the node puts on the wire per record ≤ 0.2 × the record's raw JSON;
//   target 3: through a 2 Mbit/s line with 200 ms each way (test/support/throttle-proxy.ts),
//             ≥ 80% of the line's capacity used while the queue drains.
//
//   node --import tsx bench/sync.bench.ts [--count 20000] [--baseline-count 1000] [--warm-up-count 2000] [--throttle-count 40000] [--max-seconds 180]
//   (--throttle-count 0 skips target 3)
//
// Set-up (nothing mocked, as in test/sync/*):
// - PKI made by the `openssl` command line (test/support/pki.ts): provincial root, exchange
//   server certificate, receipt-signing certificate, node client certificates.
// - The reference exchange (sync/exchange/server.ts) on 127.0.0.1 with mutual TLS against the
//   root and its own durable SQLite store (WAL, synchronous=FULL), in a CHILD PROCESS of its
//   own (bench/sync-exchange-process.ts): a real exchange is another machine, and in one
//   process node and exchange took turns on one thread. Every client of the bench — the
//   engine and the naive baseline alike — talks to this same out-of-process exchange. (The
//   tests keep their in-process exchange.)
// - A counting TCP proxy on 127.0.0.1 in front of it (test/support/throttle-proxy.ts with
//   UNLIMITED: no rate, no latency): every client reaches the exchange through it, and it
//   counts the bytes both ways below TLS (handshakes, certificates, TLS framing, HTTP
//   headers, compressed bodies).
// - `--profile-engine FILE` writes a CPU profile of the engine run alone (bench/sync-profile.ts).
// - `--profile-exchange DIR`: the exchange's child process writes a CPU profile of its whole
//   life there.
// - Node A: a real node (encrypted database, first-run setup, accounts) connected the way
//   county IT does it (pin the root, CSR made in the app, signed by openssl, import, exchange
//   address) with the DEFAULT batch caps of a fresh node (read from sync.getSettings), a
//   warm-up "sync now" of --warm-up-count records (default 2,000; the node then holds the
//   signing certificate, catalog and CRL like any node that has synced before, and both ends
//   run the sync path's code compiled, as a node does after its first minutes: measured
//   cold, the first 20,000 records include V8 compiling that code, ≈ 10 % of the run; the
//   warm-up's own rate is printed), then N records put into its outbox by
//   test/support/bulk-register.ts: the real records service (catalog validation, duplicate
//   check, version + outbox + audit rows) on a second encrypted connection, 5,000 records per
//   transaction instead of one fsync per record. What lands in the outbox is what N clerks
//   registering one by one would leave; only the registration is sped up, not the sync.
//
// What is measured
// - engine: operator's "sync now" on node A (engine in manual mode, as the CLI runs it) until
//   the queue is empty: from the dispatch to the end of the run (the engine's own
//   lastSuccessAt, written when the run finishes, after the heartbeat). Includes the run's
//   housekeeping (catalog 304, CRL, heartbeat), a fresh TLS handshake (the warm-up's
//   keep-alive connection has long timed out), planning, signing, gzip, the exchange's
//   validation and durable apply, receipt verification and the node's durable settlement.
// - baseline (the target's denominator): one HTTPS request per record — a signed batch of ONE
//   item per request over the same mTLS, same proxy, same transport class with its keep-alive
//   agent, receipt verified (bench/sync-naive-client.ts), for a second node id. It does no
//   node-side bookkeeping, so it is the cheapest per-record client the protocol allows. Run
//   in two halves, one before and one after the engine run, so background load weighs on both.
//   Timed on a sample (--baseline-count, default 1,000) rather than all N; records/s does not
//   depend on the count for a one-at-a-time client.
// - for reference: node B, the same real engine with batchMaxItems = 1 (one request per record
//   with full bookkeeping: rows in flight, receipt stored, rows retired) on its own sample.
// - wire: proxy byte counts during the engine run, per record, against the raw JSON of the
//   records: UTF-8 bytes of JSON.stringify(fields) + the record id. Then an offline breakdown
//   of one batch rebuilt exactly as the engine builds it, to show what the bytes are.
import { loadavg } from 'node:os';
import { gzipSync, brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { createTestPki, type TestPki } from '../test/support/pki';
import { connectNode, startSyncNode, syncNow, type SyncNode } from '../test/support/sync-node';
import { startExchangeProcess, type ExchangeProcess } from './sync-exchange-process';
import { bulkRegister, BULK_CLERK } from '../test/support/bulk-register';
import { openRawDatabase } from '../test/support/raw-database';
import { SyncRepo } from '../main/store/sync-repo';
import { sampleCatalog } from '../common/catalog/sample-catalog';
import type { SyncServiceOptions } from '../main/sync/sync-service';
import type { SyncStatus } from '../common/contract';
import { planBatch, type SharingType } from '../sync/client/batch';
import { MAX_BATCHES_IN_FLIGHT } from '../sync/client/engine';
import { PROTOCOL_VERSION, type Batch, type BatchItem } from '../sync/protocol/messages';
import { encodeBatchV2 } from '../sync/protocol/batch-v2';
import { startThrottleProxy, UNLIMITED, type LinkCounts, type ThrottleProxy } from '../test/support/throttle-proxy';
import { sign } from '../sync/protocol/signing';
import { BENCH_RESOURCE, argNumber, argText, recordAt } from './generate-records';
import { itemFor, NaiveClient } from './sync-naive-client';
import { profiled } from './sync-profile';
import { processCpuSeconds } from './process-cpu';

/** What passed the counting proxy between two readings. */
function diff(after: LinkCounts, before: LinkCounts): LinkCounts {
  return { up: after.up - before.up, down: after.down - before.down, connections: after.connections - before.connections, dropped: after.dropped - before.dropped };
}

const TARGET_RATE = 20_000;
const TARGET_RATIO = 80;
const TARGET_WIRE = 0.2;
const TARGET_LINK = 0.8;
/** The county line of issue 13: 2 Mbit/s each way, 200 ms each way. */
const LINK = { bitsPerSecond: 2_000_000, latencyMs: 200 };
const count = argNumber('count', 20_000);
const throttleCount = argNumber('throttle-count', 40_000);
const baselineCount = Math.max(2, Math.min(count, argNumber('baseline-count', 1_000)));
/** Records node A syncs before the measured run, so both ends run compiled code (as a node does after its first minutes). */
const warmUpCount = argNumber('warm-up-count', 2_000);
/** Any one measured phase gives up (and says so) past this. */
const maxSeconds = argNumber('max-seconds', 180);
/** `--profile-engine FILE`: a CPU profile of the engine run alone (bench/sync-profile.ts). */
const profileFile = argText('profile-engine');
/** `--profile-exchange DIR`: a CPU profile of the exchange's child process, its whole life. */
const exchangeProfileDir = argText('profile-exchange');
/** Manual engine (as the CLI runs it): nothing starts until the operator's "sync now". */
const SYNC: SyncServiceOptions = { automatic: false };

const started = performance.now();
const clock = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const say = (line: string) => console.log(`[${clock()}] ${line}`);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const rss = () => `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
const sharing = (code: string): SharingType | undefined => sampleCatalog.resources.find((r) => r.code === code)?.sharingType as SharingType | undefined;

/** A node connected to the exchange (through the proxy), warmed up, with `records` records in its outbox. */
async function prepareNode(
  label: string,
  pki: TestPki,
  url: string,
  records: number,
  first: number,
  caps: { batchMaxItems?: number },
  nodes: SyncNode[],
  warmUp: { records: number; first: number } = { records: 0, first: 0 },
): Promise<{ t: SyncNode; nodeId: string; ids: string[]; batchMaxItems: number; batchMaxBytes: number }> {
  say(`${label}: first-run setup (scrypt) and accounts…`);
  const t = await startSyncNode(SYNC);
  nodes.push(t); // cleaned up by the caller, whatever happens next
  const nodeId = (await t.ok('admin', 'status.get', {})).nodeId;
  const defaults = await t.ok('admin', 'sync.getSettings', {});
  const settings = { batchMaxItems: caps.batchMaxItems ?? defaults.batchMaxItems, batchMaxBytes: defaults.batchMaxBytes, bandwidthKiBps: defaults.bandwidthKiBps, intervalSeconds: defaults.intervalSeconds };
  say(`${label}: node ${nodeId}; pin root, CSR in the app (RSA 2048), signed by openssl, import; caps ${settings.batchMaxItems} items / ${settings.batchMaxBytes} bytes${caps.batchMaxItems ? '' : ' (the defaults of a fresh node)'}`);
  await connectNode(t, pki, url, settings);
  if (warmUp.records > 0) {
    t.node.close();
    await bulkRegister(t.dataDir, t.keyFile, warmUp.records, { first: warmUp.first });
    await t.reopen(SYNC);
  }
  const w0 = performance.now();
  const warm = await syncNow(t, maxSeconds * 1000);
  if (warm.link !== 'online' || warm.queueDepth !== 0) throw new Error(`${label}: warm-up sync failed: ${warm.problem ?? `${warm.queueDepth} left`}`);
  const warmSeconds = (performance.now() - w0) / 1000;
  say(
    warmUp.records > 0
      ? `${label}: warm-up sync of ${warmUp.records} records ok in ${warmSeconds.toFixed(2)} s (${Math.round(warmUp.records / warmSeconds)} rec/s with the code not yet compiled; also fetches the signing certificate, catalog and CRL)`
      : `${label}: warm-up sync with an empty queue ok (signing certificate, catalog, CRL, heartbeat)`,
  );
  t.node.close();
  const t0 = performance.now();
  const ids = await bulkRegister(t.dataDir, t.keyFile, records, { first });
  say(`${label}: ${records} records registered in ${((performance.now() - t0) / 1000).toFixed(1)} s (records service, 5,000 per transaction), rss ${rss()}`);
  await t.reopen(SYNC);
  const status = await t.ok('operator', 'sync.status', {});
  if (status.queueDepth !== records) throw new Error(`${label}: queue holds ${status.queueDepth}, expected ${records}`);
  return { t, nodeId, ids, batchMaxItems: settings.batchMaxItems, batchMaxBytes: settings.batchMaxBytes };
}

interface EngineResult {
  records: number;
  seconds: number;
  rate: number;
  wire: LinkCounts;
  status: SyncStatus;
  /** CPU seconds during the run: this process (node, proxy, bench) and the exchange's; null if unknown. */
  cpu: { node: number | null; exchange: number | null };
}

/** Operator presses 同步 on an otherwise idle node; polls the status until the queue is empty. */
async function engineRun(label: string, t: SyncNode, records: number, proxy: ThrottleProxy, exchangePid: number): Promise<EngineResult> {
  const before = proxy.counts();
  const cpuBefore = { node: processCpuSeconds(process.pid), exchange: processCpuSeconds(exchangePid) };
  const t0 = Date.now();
  await t.ok('operator', 'sync.now', {});
  let status: SyncStatus;
  let nextReport = Date.now() + 2_000;
  for (;;) {
    await sleep(100);
    status = await t.ok('operator', 'sync.status', {});
    if (!status.running) break;
    if (Date.now() >= nextReport) {
      nextReport += 2_000;
      const sent = records - status.queueDepth;
      const s = (Date.now() - t0) / 1000;
      say(`  ${label}: ${sent}/${records} delivered (${Math.round((sent / records) * 100)}%), ${s.toFixed(1)} s, ${Math.round(sent / s)} rec/s, wire up ${(diff(proxy.counts(), before).up / 1024 / 1024).toFixed(1)} MiB, load ${load()}`);
    }
    if (Date.now() - t0 > maxSeconds * 1000) throw new Error(`${label}: not drained within ${maxSeconds} s (${status.queueDepth} left)`);
  }
  const wire = diff(proxy.counts(), before);
  const spent = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);
  const cpu = { node: spent(cpuBefore.node, processCpuSeconds(process.pid)), exchange: spent(cpuBefore.exchange, processCpuSeconds(exchangePid)) };
  if (status.queueDepth !== 0 || status.link !== 'online') throw new Error(`${label}: run ended with ${status.queueDepth} queued, link ${status.link}: ${status.problem}`);
  if (status.rejected !== 0) throw new Error(`${label}: ${status.rejected} rejected`);
  // The engine writes lastSuccessAt (ms) when the run ends, after the heartbeat: the exact end.
  const end = Date.parse(status.lastSuccessAt ?? '');
  const seconds = (Number.isFinite(end) && end >= t0 ? end - t0 : Date.now() - t0) / 1000;
  return { records, seconds, rate: records / seconds, wire, status, cpu };
}

interface NaiveResult {
  records: number;
  ms: number;
  wire: LinkCounts;
}

interface LinkResult {
  seconds: number;
  up: number;
  down: number;
  /** Share of the line's upload capacity the drain used. */
  used: number;
}

/**
 * Operator presses 同步 on a node behind the throttled line. The drain is timed from the
 * first poll that sees rows on the wire (the housekeeping round trips before it are not the
 * line's capacity question) to the first poll that sees the queue empty, so the last
 * receipt's trip back counts against the result.
 */
async function linkRun(label: string, t: SyncNode, records: number, link: ThrottleProxy): Promise<LinkResult> {
  const t0 = Date.now();
  await t.ok('operator', 'sync.now', {});
  let start: { at: number; up: number; down: number } | null = null;
  let lastProblem: string | null = null;
  let nextReport = Date.now() + 2_000;
  for (;;) {
    await sleep(50);
    const status = await t.ok('operator', 'sync.status', {});
    if (!start && (status.inFlight > 0 || status.queueDepth < records)) start = { at: performance.now(), ...link.counts() };
    if (start && status.queueDepth === 0) {
      const end = link.counts();
      const seconds = (performance.now() - start.at) / 1000;
      const up = end.up - start.up;
      return { seconds, up, down: end.down - start.down, used: up / (link.bytesPerSecond * seconds) };
    }
    // A dropped connection ends the run in backoff; the engine retries by itself, and the wait counts against the result.
    if (!status.running && status.queueDepth > 0 && status.link !== 'offline') throw new Error(`${label}: run ended with ${status.queueDepth} queued, link ${status.link}: ${status.problem}`);
    if (status.link === 'offline' && status.problem && status.problem !== lastProblem) say(`  ${label}: ${status.problem} (the engine retries)`);
    lastProblem = status.link === 'offline' ? status.problem : null;
    if (Date.now() >= nextReport) {
      nextReport += 2_000;
      say(`  ${label}: ${records - status.queueDepth}/${records} delivered, ${status.inFlight} on the wire, up ${(link.counts().up / 1024).toFixed(0)} KiB, load ${load()}`);
    }
    if (Date.now() - t0 > maxSeconds * 1000) throw new Error(`${label}: not drained within ${maxSeconds} s (${status.queueDepth} left)`);
  }
}

async function naiveRun(label: string, client: NaiveClient, items: BatchItem[], proxy: ThrottleProxy): Promise<NaiveResult> {
  const before = proxy.counts();
  const t0 = performance.now();
  let done = 0;
  let nextReport = t0 + 2_000;
  for (const item of items) {
    await client.send(item);
    done += 1;
    const now = performance.now();
    if (now >= nextReport) {
      nextReport += 2_000;
      say(`  ${label}: ${done}/${items.length}, ${Math.round(done / ((now - t0) / 1000))} rec/s, load ${load()}`);
    }
    if (now - t0 > maxSeconds * 1000) {
      say(`  ${label}: STOPPED at the time budget after ${done} records`);
      break;
    }
  }
  return { records: done, ms: performance.now() - t0, wire: diff(proxy.counts(), before) };
}

/** One batch rebuilt offline exactly as the engine builds it, compressed several ways. */
async function wireBreakdown(t: SyncNode, nodeId: string, caps: { batchMaxItems: number; batchMaxBytes: number }): Promise<{ lines: string[]; bodyPerItem: number }> {
  const db = await openRawDatabase(t.dataDir, t.keyFile);
  try {
    const repo = new SyncRepo(db);
    const plan = planBatch(repo.pendingRows(caps.batchMaxItems), { maxItems: caps.batchMaxItems, maxBytes: caps.batchMaxBytes }, sharing);
    const creds = repo.credentials();
    const items = plan.items;
    const n = items.length;
    const batch: Batch = { protocol: PROTOCOL_VERSION, nodeId, epoch: plan.epoch, batchId: randomBytes(16).toString('hex'), createdAt: new Date().toISOString(), items };
    const signedJson = JSON.stringify(sign(batch, creds.privateKeyPem!, creds.certificatePem!));
    const raw = items.reduce((sum, i) => sum + utf8(JSON.stringify(i.fields)) + utf8(i.recordId), 0) / n;
    const gz = (s: string, level = 6) => gzipSync(Buffer.from(s, 'utf8'), { level }).length;
    const per = (bytes: number) => bytes / n;
    const row = (what: string, bytes: number) => `    ${what.padEnd(58)} ${per(bytes).toFixed(1).padStart(7)} B/record  (${(per(bytes) / raw).toFixed(2)} of raw)`;
    const omit = (keys: (keyof BatchItem)[]) => JSON.stringify(items.map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => !keys.includes(k as keyof BatchItem)))));
    const v2 = await encodeBatchV2({ nodeId, epoch: plan.epoch, batchId: randomBytes(16).toString('hex'), createdAt: new Date().toISOString() }, items.map(({ payloadHash: _, ...item }) => item));
    const sent = v2.length;
    const lines = [
      `  what one batch of ${n} items weighs (rebuilt offline like the engine builds it; raw JSON ${raw.toFixed(1)} B/record):`,
      row('protocol v2: raw deflate of the columns — what the engine sends', sent),
      row('protocol v1: uncompressed signed batch (JSON)', utf8(signedJson)),
      row('protocol v1: gzip level 6 (what the previous release sent)', gz(signedJson)),
      row('  the same, gzip level 9', gz(signedJson, 9)),
      row('  the same, brotli quality 11', brotliCompressSync(Buffer.from(signedJson), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length),
      row('gzip of items without payloadHash', gz(omit(['payloadHash']))),
      row('gzip of items without payloadHash, recordId', gz(omit(['payloadHash', 'recordId']))),
      row('gzip of the fields objects only', gz(JSON.stringify(items.map((i) => i.fields)))),
      row('gzip of the raw JSON itself (fields + id per record)', gz(items.map((i) => JSON.stringify(i.fields) + i.recordId).join('\n'))),
      row('gzip of the record ids alone', gz(items.map((i) => i.recordId).join('\n'))),
      row('gzip of the payload hashes alone', gz(items.map((i) => i.payloadHash).join('\n'))),
    ];
    return { lines, bodyPerItem: per(sent) };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  say(`sync bench: ${count} records (贫困户, ${BENCH_RESOURCE}); baseline sample ${baselineCount}; node ${process.version}; load ${load()}`);
  let pki: TestPki | undefined;
  let exchange: ExchangeProcess | undefined;
  let proxy: ThrottleProxy | undefined;
  let throttle: ThrottleProxy | undefined;
  let naive: NaiveClient | undefined;
  const nodes: SyncNode[] = [];
  try {
    say('PKI with the openssl command line (roots, exchange server and signing certificates)…');
    pki = createTestPki();
    exchange = await startExchangeProcess(pki, exchangeProfileDir);
    const exchangePort = Number(new URL(exchange.url).port);
    const exchangePid = exchange.pid;
    proxy = await startThrottleProxy(exchangePort, UNLIMITED);
    say(`exchange on ${exchange.url} (mutual TLS, own SQLite store, child process ${exchange.pid}), counting proxy on ${proxy.url}`);

    const a = await prepareNode('node A (engine, default caps)', pki, proxy.url, count, 0, {}, nodes, { records: warmUpCount, first: count + baselineCount * 2 + throttleCount });
    const bCount = baselineCount;
    const b = await prepareNode('node B (engine, batch of 1)', pki, proxy.url, bCount, count, { batchMaxItems: 1 }, nodes);

    const naiveCn = `bench-naive-${randomBytes(4).toString('hex')}`;
    const naiveCert = pki.issueClient(naiveCn);
    naive = new NaiveClient({ baseUrl: proxy.url, rootPem: pki.root.certPem, nodeId: naiveCn, certPem: naiveCert.certPem, keyPem: naiveCert.keyPem });
    await naive.prepare();
    const naiveItems = Array.from({ length: baselineCount }, (_, i) => itemFor(i + 1, BENCH_RESOURCE, recordAt(count + bCount + i), BULK_CLERK.unit));
    say(`naive client ${naiveCn}: ${baselineCount} records, one signed single-item batch per HTTPS request`);

    // Raw JSON of node A's records: what was registered, fields exactly as generated (normalised).
    let rawBytes = 0;
    for (let i = 0; i < count; i++) rawBytes += utf8(JSON.stringify(recordAt(i))) + utf8(a.ids[i]!);
    const breakdown = await wireBreakdown(a.t, a.nodeId, a);

    say(`MEASURE 1/4: naive one-request-per-record, first half (${Math.floor(baselineCount / 2)}), load ${load()}`);
    const half = Math.floor(baselineCount / 2);
    const n1 = await naiveRun('naive 1st half', naive, naiveItems.slice(0, half), proxy);

    say(`MEASURE 2/4: node A engine, ${count} records, batch caps ${a.batchMaxItems} items / ${a.batchMaxBytes} bytes, load ${load()}`);
    const counting = proxy;
    const engine = await profiled(profileFile, () => engineRun('engine', a.t, count, counting, exchangePid));
    const applied = (await exchange.appliedCount(a.nodeId)) - warmUpCount;
    if (applied !== count) throw new Error(`exchange holds ${applied} records of node A's run (besides its ${warmUpCount} of the warm-up), expected ${count}`);
    const cpu = (seconds: number | null) => (seconds === null ? '?' : `${seconds.toFixed(2)} s`);
    say(`  engine: done in ${engine.seconds.toFixed(2)} s; exchange holds ${applied} of node A from this run; high-water mark ${engine.status.highWaterMark}; CPU: this process ${cpu(engine.cpu.node)}, exchange ${cpu(engine.cpu.exchange)}`);

    say(`MEASURE 3/4: naive one-request-per-record, second half (${baselineCount - half}), load ${load()}`);
    const n2 = await naiveRun('naive 2nd half', naive, naiveItems.slice(half), proxy);
    const naiveDone = n1.records + n2.records;
    const naiveApplied = await exchange.appliedCount(naiveCn);
    if (naiveApplied !== naiveDone) throw new Error(`exchange holds ${naiveApplied} of the naive client, expected ${naiveDone}`);

    say(`MEASURE 4/4: node B engine with batchMaxItems 1, ${bCount} records, load ${load()}`);
    const single = await engineRun('engine batch=1', b.t, bCount, proxy, exchangePid);
    const bApplied = await exchange.appliedCount(b.nodeId);
    if (bApplied !== bCount) throw new Error(`exchange holds ${bApplied} of node B, expected ${bCount}`);

    let line: (LinkResult & { records: number }) | null = null;
    if (throttleCount > 0) {
      throttle = await startThrottleProxy(exchangePort, LINK);
      say(`throttled line on ${throttle.url}: ${LINK.bitsPerSecond / 1e6} Mbit/s each way, ${LINK.latencyMs} ms each way`);
      const c = await prepareNode('node C (engine behind the throttled line, default caps)', pki, throttle.url, throttleCount, count + bCount + baselineCount, {}, nodes);
      say(`MEASURE 5: node C engine, ${throttleCount} records through the throttled line, load ${load()}`);
      line = { records: throttleCount, ...(await linkRun('throttled', c.t, throttleCount, throttle)) };
      const cApplied = await exchange.appliedCount(c.nodeId);
      if (cApplied !== throttleCount) throw new Error(`exchange holds ${cApplied} of node C, expected ${throttleCount}`);
    }

    // ---- results --------------------------------------------------------------------------
    const naiveRate = naiveDone / ((n1.ms + n2.ms) / 1000);
    const ratio = engine.rate / naiveRate;
    const ratioSingle = engine.rate / single.rate;
    const up = engine.wire.up / count;
    const down = engine.wire.down / count;
    const rawPer = rawBytes / count;
    const wireRatio = up / rawPer;
    const naiveUp = (n1.wire.up + n2.wire.up) / naiveDone;
    const naiveDown = (n1.wire.down + n2.wire.down) / naiveDone;
    const ratePass = engine.rate >= TARGET_RATE;
    const ratioPass = ratio >= TARGET_RATIO;
    const wirePass = wireRatio <= TARGET_WIRE;
    const linkPass = line === null ? null : line.used >= TARGET_LINK;

    console.log('');
    console.log(`  engine: protocol v2, batches of up to ${a.batchMaxItems} items / ${a.batchMaxBytes} bytes (fresh-node defaults), up to ${MAX_BATCHES_IN_FLIGHT} batches on the wire; time from "sync now" to the end of the run (engine's lastSuccessAt)`);
    console.log(`  baseline: ${naiveDone} records (sample of ${baselineCount}, not all ${count}; halves before and after the engine run: ${(n1.records / (n1.ms / 1000)).toFixed(0)} and ${(n2.records / (n2.ms / 1000)).toFixed(0)} rec/s), one signed 1-item v1 batch per request (as the issue's baseline), keep-alive, receipt verified, no node bookkeeping`);
    console.log(`  reference: the real engine with batchMaxItems = 1 on node B (rows in flight, receipt stored, rows retired per record): ${bCount} records in ${single.seconds.toFixed(2)} s = ${single.rate.toFixed(0)} rec/s; engine R / that = ${ratioSingle.toFixed(1)}×`);
    console.log(`  wire, engine run: ${engine.wire.up} bytes up, ${engine.wire.down} down, ${engine.wire.connections} TCP connection(s) — counted by the proxy below TLS (handshake, certificates, TLS framing, HTTP headers, housekeeping requests, compressed bodies)`);
    console.log(`  wire, compressed request bodies alone ≈ ${breakdown.bodyPerItem.toFixed(1)} B/record (from the rebuilt batch); TLS + HTTP + handshake + housekeeping ≈ ${(up - breakdown.bodyPerItem).toFixed(1)} B/record`);
    console.log(`  wire, one request per record: ${naiveUp.toFixed(0)} bytes/record up (+${naiveDown.toFixed(0)} down), ${(naiveUp / rawPer).toFixed(2)} of raw; node B engine batch=1: ${(single.wire.up / bCount).toFixed(0)} up (+${(single.wire.down / bCount).toFixed(0)} down)`);
    console.log(`  raw JSON: UTF-8 bytes of JSON.stringify(fields) + record id (36), summed over the ${count} records`);
    for (const text of breakdown.lines) console.log(text);
    if (line) {
      console.log(`  throttled line: ${line.records} records drained in ${line.seconds.toFixed(2)} s (${Math.round(line.records / line.seconds)} rec/s); ${(line.up / 1024).toFixed(0)} KiB up (${(line.up / line.records).toFixed(1)} B/record), ${(line.down / 1024).toFixed(0)} KiB down; timed from the first batch on the wire to the queue seen empty`);
    }
    console.log(`  the exchange runs in a child process of its own (another machine in real life); node, proxies and bench share this one, and all share the 2 cores. Load average at the end: ${load()}; rss ${rss()}; total ${clock().trim()}`);
    console.log('');
    console.log(`rate: ${count} records in ${engine.seconds.toFixed(2)} s = ${Math.round(engine.rate)} rec/s (target ≥ ${TARGET_RATE}) ${ratePass ? 'PASS' : 'MISS'}`);
    console.log(`ratio: engine ${Math.round(engine.rate)} rec/s / one-request-per-record baseline ${naiveRate.toFixed(0)} rec/s = ${ratio.toFixed(1)}× (target ≥ ${TARGET_RATIO}×) ${ratioPass ? 'PASS' : 'MISS'}`);
    console.log(`wire: ${up.toFixed(1)} bytes/record up (+${down.toFixed(1)} down); raw JSON ${rawPer.toFixed(1)} bytes/record; ratio W/J = ${wireRatio.toFixed(3)} (target ≤ ${TARGET_WIRE}) ${wirePass ? 'PASS' : 'MISS'}`);
    if (line) {
      console.log(`link: ${((line.up * 8) / line.seconds / 1e6).toFixed(2)} of ${LINK.bitsPerSecond / 1e6} Mbit/s used while draining = ${line.used.toFixed(2)} of capacity (target ≥ ${TARGET_LINK}) ${linkPass ? 'PASS' : 'MISS'}`);
    } else {
      console.log('link: not measured (--throttle-count 0)');
    }
    if (!ratePass || !ratioPass || !wirePass || linkPass === false) process.exitCode = 1;
  } finally {
    naive?.close();
    for (const t of nodes) t.cleanup();
    await exchange?.close();
    await proxy?.close();
    await throttle?.close();
    pki?.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
