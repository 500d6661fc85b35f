// The outbox engine: delivers the node's outbox to the provincial exchange in seq order,
// one batch in flight, and retires rows only after the exchange's signed receipt has been
// verified and stored in the same transaction that retires them. See states.ts for the
// steps, failures.ts for what each failure leads to.
//
// Triggers: new data (the records service signals after commit; debounced), the timer
// (intervalSeconds: queue, heartbeat, catalog and CRL), reconnect (after a network failure
// the backoff timer probes again, with growing, jittered waits), the operator (sync now,
// resume) or the admin (new settings or certificate), and a change of the node's state
// (heartbeatSoon: the province hears of a red tile without waiting for the timer).
//
// What the engine is doing is its state (states.ts: start and stop move through the same
// table as the run); what it has been asked and still owes is its pending requests
// (requests.ts). There are no other flags: snapshot() shows both.
//
// Stopping is synchronous: stop() aborts the request under way and clears every timer; any
// continuation that resumes after it sees `closed` and touches nothing (the database may
// already be closed). Which rows are on the wire is known only here, in memory: in the
// database they stay pending until their receipt settles them (one durable write per batch,
// not two), so rows of an aborted batch, or of a crash, are simply sent again — harmless,
// the exchange keys items on (node, epoch, seq).
import { randomBytes } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { canonicalJson } from '../protocol/canonical-json';
import { PATHS, PROTOCOL_VERSION, type Batch, type Heartbeat, type ReceiptOutcomes } from '../protocol/messages';
import { sign, signBytes } from '../protocol/signing';
import { BATCH_V2_CONTENT_TYPE, batchDigest, encodeBatchV2, formatSignatureHeader, PATH_BATCHES_V2, SIGNATURE_HEADER } from '../protocol/batch-v2';
import { CatalogRefusedError, catalogRefusedProblem, verifyCatalogEnvelope } from './catalog-envelope';
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelay, type BackoffOptions } from './backoff';
import { planBatch, type SharingType } from './batch';
import { classifyStatus, PROBLEMS, type Failure } from './failures';
import { classifyFailure, isReset } from './diagnose';
import { ownCertificateProblem, type NodeCredentials } from './own-certificate';
import { checkSigningCertificate, ReceiptError, SigningRevokedError, verifyReceipt, verifyReceiptV2 } from './receipt';
import { verifyAuditBase, verifyHighWaterMark } from './signed-answers';
import { assertTransition, IllegalTransitionError, PARKED, RUNNING, type EngineState } from './states';
import { PendingRequests, type EngineRequest } from './requests';
import type { SyncStore } from './store';
import type { LinkState } from '../../main/store/sync-rows';
import { ExchangeTransport, exchangeMessage, type Answer } from './transport';
import { certificateClockProblem } from './clock-skew';
import { errorCodes } from '../../platform/error-causes';

const gzipAsync = promisify(gzip);

/**
 * Batches on the wire at once. Eight batches of the default 500 items are about 190 KB in
 * protocol v2: more than a 2 Mbit/s link with 200 ms each way carries in one round trip, so
 * such a link stays busy while receipts travel back.
 */
export const MAX_BATCHES_IN_FLIGHT = 8;

/** One batch on the wire, and what its receipt must answer. */
interface Flight {
  batchId: string;
  epoch: number;
  nodeId: string;
  seqs: number[];
  recordIds: string[];
  /** seq → resource code, for the day's delivered counters. */
  resources: Map<number, string>;
  /** Protocol v2: digest of the compressed body the receipt must name; null for v1. */
  digest: string | null;
  abort: AbortController;
  done: Promise<FlightResult>;
}

/** `arrivedAt`: when the answer came back, which the stored receipt keeps (not when the engine got round to it). */
type FlightResult = { ok: true; answer: Answer; arrivedAt: string } | { ok: false; error: unknown };

/** Path of the exchange's receipt-signing certificate (docs/protocol.md). */
export const SIGNING_CERTIFICATE_PATH = '/v1/signing-certificate';

export interface EngineSettings {
  exchangeUrl: string;
  bandwidthKiBps: number;
  batchMaxItems: number;
  batchMaxBytes: number;
  intervalSeconds: number;
}

export interface EngineCredentials extends NodeCredentials {
  exchangeSigningPem: string | null;
}

/** What the engine asks of the node it runs in (main/sync/sync-service.ts provides it). */
export interface EngineHost {
  store: SyncStore;
  nodeId(): string;
  settings(): EngineSettings;
  credentials(): EngineCredentials;
  saveSigningCertificate(pem: string): void;
  /** The resource's sharing type in the node's current catalog; undefined if unknown. */
  sharingType(resourceCode: string): SharingType | undefined;
  /**
   * Signed heartbeat content: aggregates only. May be async (the node's status reads its
   * backup folder). `proofLinks`: most audit HMACs the exchange takes in this heartbeat.
   */
  heartbeat(proofLinks: number): HeartbeatContent | Promise<HeartbeatContent>;
  /** The exchange accepted this heartbeat (the node remembers what the province was last told). */
  heartbeatSent?(heartbeat: Heartbeat): void;
  /** The audit head the exchange holds for this node (null: none); true when the next heartbeat changes because of it. */
  auditBase?(head: { seq: number; link: string } | null): boolean;
  /** Validates and stores a signed catalog; throws if unusable or if serial is lower than the stored one (a replay). */
  applyCatalog(version: string, catalog: unknown, serial: number): void;
  /** Version of the catalog in force (named in the operator's problem when a new one is refused). */
  catalogVersion(): string;
  /** Verifies (against the pinned root) and stores the CRL; throws if it is unusable. */
  applyCrl(crlPem: string): void;
  now(): Date;
  log(line: string): void;
  /** The exchange's clock, from an answer's HTTP Date header (clock-skew.ts); the host keeps the offset. */
  exchangeClock?(httpDate: string | undefined): void;
  /** The last measured offset, local minus exchange, in ms; null before any answer. */
  clockOffsetMs?(): number | null;
  /**
   * After a restore (main/backup/reconcile.ts, docs/protocol.md "Epochs after a restore"):
   * while pending() is true nothing is sent until the exchange's high-water marks have been
   * fetched, verified and applied (the node settles on a new epoch).
   */
  reconciliation?: { pending(): boolean; apply(epochs: Record<string, number>): void };
}

export type HeartbeatContent = Pick<Heartbeat, 'appVersion' | 'catalogVersion' | 'status' | 'auditHead'>;

export interface EngineOptions {
  backoff: BackoffOptions;
  /** Connect / idle-read timeout of one request. */
  requestTimeoutMs: number;
  /** Batches and heartbeats run by themselves (the app); false: only when asked (CLI). */
  automatic: boolean;
  /** Wait after new data before a run starts, so a burst of registrations makes one batch. */
  newDataDelayMs: number;
  random: () => number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  backoff: DEFAULT_BACKOFF,
  requestTimeoutMs: 30_000,
  automatic: true,
  newDataDelayMs: 2_000,
  random: Math.random,
};

export interface Progress {
  sent: number;
  total: number;
}

export interface EngineSnapshot {
  state: EngineState;
  running: boolean;
  /** Asked and not yet served (requests.ts). */
  pending: EngineRequest[];
  progress: Progress | null;
  /** Items in the batch on the wire right now. */
  inFlight: number;
  /** The last failure, when the database could not even record it (a full disk); null otherwise. */
  unrecordedProblem: string | null;
}

/** One pass of the run (drain): what it took on, and what it has learned so far. */
interface Attempt {
  /** The pending housekeeping request, taken by this pass (given back if it does not get through). */
  readonly housekeeping: boolean;
  /** The exchange gave this pass a good answer: only then may the link read online. */
  contacted: boolean;
}

export class SyncEngine {
  private state: EngineState = 'not-started';
  private readonly requests = new PendingRequests();
  private readonly options: EngineOptions;
  /** The run under way, for whenSettled(); null between runs. */
  private run: Promise<void> | null = null;
  /** The pass of the run under way; null outside drain(). */
  private attempt: Attempt | null = null;
  /** A refused catalog: shown while the link is otherwise online, until a good catalog (or 304) arrives. */
  private catalogProblem: string | null = null;
  /**
   * Ask the exchange which audit head it holds before the next heartbeat: at the first one
   * after a start (a restored node learns there what its chain no longer holds) and after an
   * audit refusal (the province may have cleared it since).
   */
  private auditBaseStale = true;
  private abort = new AbortController();
  private transport: { key: string; transport: ExchangeTransport } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private newDataTimer: NodeJS.Timeout | null = null;
  private progress: Progress | null = null;
  private inFlight = 0;
  /** See EngineSnapshot.unrecordedProblem. */
  private unrecordedProblem: string | null = null;
  /** Halved after an HTTP 413, restored after a success. */
  private batchItemsLimit: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly host: EngineHost,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options, backoff: { ...DEFAULT_BACKOFF, ...options.backoff } };
  }

  /**
   * not-started → idle (or paused, when the operator's pause was saved). Rows left in flight
   * by a previous process go back to pending; the timer starts; a first run is triggered,
   * which also downloads and sends the heartbeat. Throws if already started or closed.
   */
  start(): void {
    // Checked before the database is touched. The table alone would let a second start
    // through (paused → idle is resume's move), so start names the one state it leaves.
    if (this.state !== 'not-started') throw new IllegalTransitionError(this.state, 'idle');
    const saved = this.host.store.readState();
    this.move(saved.paused ? 'paused' : 'idle');
    this.host.store.releaseAllInFlight();
    this.requests.ask('housekeeping');
    if (this.options.automatic) {
      this.scheduleTimer();
      if (!saved.paused) this.kick();
    }
  }

  /** Any state → closed, once; later calls do nothing. */
  stop(): void {
    if (this.isClosed()) return;
    // Entered before anything else, so a continuation woken by the abort sees `closed`.
    this.enter('closed');
    this.abort.abort();
    for (const t of [this.timer, this.retryTimer, this.newDataTimer]) if (t) clearTimeout(t);
    this.timer = this.retryTimer = this.newDataTimer = null;
    this.transport?.transport.close();
    this.transport = null;
    this.notify();
  }

  snapshot(): EngineSnapshot {
    return { state: this.state, running: RUNNING.has(this.state), pending: this.requests.list(), progress: this.progress, inFlight: this.inFlight, unrecordedProblem: this.unrecordedProblem };
  }

  /** Most audit HMACs a heartbeat carries, as the exchange last said (kept across stops; 256 before any answer). */
  auditProofLinks(): number {
    return this.transport?.transport.auditProofLinks() ?? this.host.store.exchangeProofLinks();
  }

  /** Resolves when the run under way (if any) has finished. */
  async whenSettled(): Promise<void> {
    while (this.run) await this.run;
  }

  /** Called on every state or progress change (the service uses it for waiting callers). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- triggers ---------------------------------------------------------------------------

  /** New rows were committed. Debounced; ignored while backing off, stopped or paused. */
  newData(): void {
    if (this.isClosed() || !this.options.automatic || this.newDataTimer) return;
    if (this.state !== 'idle' && !RUNNING.has(this.state)) return;
    this.newDataTimer = setTimeout(() => {
      this.newDataTimer = null;
      if (this.state === 'idle' || RUNNING.has(this.state)) this.kick();
    }, this.options.newDataDelayMs);
    this.newDataTimer.unref();
  }

  /** The operator asked: try now, even while backing off or stopped on a certificate problem. */
  now(): void {
    if (PARKED.has(this.state)) return;
    this.requests.ask('housekeeping');
    this.kick();
  }

  /**
   * The node's state changed (a tile's level): send a heartbeat soon, without waiting for the
   * timer and without the downloads. Respects backoff, a certificate stop and a pause: the
   * wish is kept and the next run that completes sends it. Only where sync runs by itself.
   */
  heartbeatSoon(): void {
    if (this.isClosed() || !this.options.automatic) return;
    this.requests.ask('heartbeat');
    // A run under way sends it at its end (or the next run does); only an idle engine starts one.
    if (this.state === 'idle' && !this.run) this.kick();
  }

  /** Settings or certificates changed: whatever stopped us may be fixed. */
  configurationChanged(): void {
    if (this.isClosed()) return;
    // The transport is rebuilt by the next run if the address or credentials changed; the
    // batch on the wire (if any) is left to finish.
    this.requests.ask('housekeeping');
    if (this.state === 'paused') return;
    if (this.options.automatic || this.state === 'stopped-certificate' || this.state === 'not-configured') this.kick();
  }

  pause(): void {
    if (this.isClosed()) return;
    this.host.store.writeState({ paused: true });
    // Not started: start() reads the saved pause. Already paused: nothing more to do.
    if (this.state === 'not-started' || this.state === 'paused') return;
    if (RUNNING.has(this.state)) {
      // The batch on the wire finishes (its receipt is worth having); then the engine parks.
      this.requests.ask('pause');
    } else {
      this.clearRetry();
      this.progress = null;
      this.move('paused');
    }
  }

  resume(): void {
    if (this.isClosed()) return;
    this.requests.withdraw('pause');
    this.host.store.writeState({ paused: false });
    if (this.state === 'paused') {
      this.move('idle');
      this.kick();
    }
  }

  // ---- the run ----------------------------------------------------------------------------

  private kick(): void {
    if (PARKED.has(this.state)) return;
    if (this.run) {
      this.requests.ask('run-again');
      return;
    }
    this.clearRetry();
    this.run = this.loop().finally(() => {
      this.run = null;
      this.notify();
    });
  }

  /** Passes of drain() while triggers keep coming; each pass takes the run-again request. */
  private async loop(): Promise<void> {
    do {
      try {
        await this.drain();
      } catch (error) {
        if (this.isClosed()) return;
        // A bug or a database problem: log it, back off like a failure, never crash the core.
        this.host.log(`sync engine: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        this.inFlight = 0;
        if (RUNNING.has(this.state)) this.failed({ kind: 'protocol', problem: isDiskFull(error) ? PROBLEMS.diskFull : '同步过程中出现内部错误，将稍后重试；如持续出现请联系运维' });
      }
      // Taken whatever the outcome; only a pass that ended idle goes round again.
    } while (this.requests.take('run-again') && this.state === 'idle');
  }

  /** One run: check, housekeeping, then batches until the queue is empty or something stops us. */
  private async drain(): Promise<void> {
    this.move('selecting');
    this.unrecordedProblem = null;
    const settings = this.host.settings();
    if (!settings.exchangeUrl) {
      this.progress = null;
      this.host.store.writeState({ link: 'not-configured', problem: PROBLEMS.notConfiguredUrl, nextAttemptAt: null });
      this.move('not-configured');
      return;
    }
    const creds = this.host.credentials();
    const own = ownCertificateProblem(creds, this.host.now());
    if (own) {
      const byClock = await this.explainedByClock(own, creds, settings);
      if (this.isClosed()) return;
      return this.stopForCertificate(byClock ?? own);
    }

    const transport = this.transportFor(settings, creds);
    this.host.store.writeState({ lastAttemptAt: this.host.now().toISOString() });

    // Taken for this pass: a request made while it runs (同步 pressed again, new settings)
    // stays pending for the next pass instead of being cleared by this one's end.
    const attempt: Attempt = { housekeeping: this.requests.take('housekeeping'), contacted: false };
    this.attempt = attempt;
    let completed = false;
    try {
      if (!(await this.ensureSigningCertificate(transport, creds))) return;
      if (this.host.reconciliation?.pending() && !(await this.reconcile(transport))) return;
      if (attempt.housekeeping || this.housekeepingDue(settings)) {
        if (!(await this.downloads(transport))) return;
        // A new CRL may revoke us: check again before sending anything.
        const fresh = this.host.credentials();
        const again = ownCertificateProblem(fresh, this.host.now());
        if (again) return this.stopForCertificate(again);
        // ...or revoke the exchange's server or signing certificate we are talking to.
        if ([...transport.serverSerials].some((s) => fresh.revokedSerials.has(s))) return this.stopForCertificate(PROBLEMS.serverRevoked);
        if (!(await this.ensureSigningCertificate(transport, fresh))) return;
      }

      // Progress spans retries: it restarts only once the queue has been emptied (or the
      // engine stopped), so a long catch-up through a flaky link reads as one sync.
      const queued = this.host.store.queueDepth();
      if (!this.progress && queued > 0) this.host.store.noteDrainStarted(this.host.now().toISOString());
      this.progress = this.progress ? { sent: this.progress.sent, total: Math.max(this.progress.total, this.progress.sent + queued) } : { sent: 0, total: queued };
      this.notify();
      if (!(await this.deliver(transport, settings))) return;

      // Taken before building it: a change while it is on the wire asks for another.
      const wanted = this.requests.take('heartbeat');
      if (attempt.housekeeping || wanted || this.housekeepingDue(settings)) {
        // The heartbeat is the run's last step: it reports the link as this run found it
        // (written again at the end), not as the previous run left it.
        this.markOnline();
        if (!(await this.sendHeartbeat(transport, settings))) {
          if (wanted) this.requests.ask('heartbeat');
          return;
        }
      }
      // Every step done; what follows is bookkeeping and must not give the housekeeping back.
      completed = true;
      this.progress = null;
      this.markOnline();
      this.move('idle');
    } finally {
      this.attempt = null;
      if (!completed && attempt.housekeeping) this.requests.ask('housekeeping');
    }
  }

  /** Only a pass that actually talked to the exchange may call the link good. */
  private markOnline(): void {
    if (this.attempt?.contacted) this.host.store.writeState({ link: 'online', problem: this.catalogProblem, consecutiveFailures: 0, nextAttemptAt: null, lastSuccessAt: this.host.now().toISOString() });
  }

  /**
   * Delivers the queue: up to MAX_BATCHES_IN_FLIGHT batches on the wire at once (enough to
   * fill a slow link's bandwidth-delay product), each settled as its receipt arrives. Only
   * this loop moves the state, so each receipt is stored in its own sending →
   * storing-receipt → selecting step. After a failure nothing new is sent, the batches
   * already on the wire finish (their receipts are worth having), then the failure decides.
   * False when the run must end (failure or pause handled).
   */
  private async deliver(transport: ExchangeTransport, settings: EngineSettings): Promise<boolean> {
    const flights: Flight[] = [];
    let failure: (() => void) | null = null;
    let drained = false;
    const marks = new Map<number, number>();
    // Rows up to this seq are on the wire or settled: the next batch is planned from the rows
    // after it. Back to the start once the wire is empty (rows a receipt left unanswered).
    let planned = 0;
    try {
      for (;;) {
        if (this.isClosed()) return false;
        // A pause stops new batches at once; the ones on the wire finish.
        while (!failure && !drained && !this.requests.has('pause') && flights.length < this.window(settings)) {
          const maxItems = Math.min(settings.batchMaxItems, this.batchItemsLimit ?? Infinity);
          // In seq order, and never a record's later version while an earlier one is on the
          // wire: the exchange would otherwise refuse the earlier one as stale.
          const busy = new Set(flights.flatMap((f) => f.recordIds));
          if (flights.length === 0) planned = 0;
          const plan = planBatch(this.host.store.pendingRows(maxItems, planned), { maxItems, maxBytes: settings.batchMaxBytes }, (code) => this.host.sharingType(code), busy);
          planned = Math.max(planned, plan.lastSeq);
          if (plan.rejections.length > 0) {
            this.host.store.rejectLocally(plan.rejections, this.host.now().toISOString());
            this.bumpProgress(plan.rejections.length);
          }
          if (plan.items.length === 0) {
            if (plan.rejections.length > 0) continue;
            // Nothing sendable now; with batches on the wire, more may follow once they settle.
            if (flights.length === 0 || !plan.blocked) drained = true;
            break;
          }
          const flight = await this.launch(transport, settings, plan.epoch, plan.items);
          if (this.isClosed()) return false;
          if (!flight) break;
          flights.push(flight);
        }
        if (flights.length === 0) break;
        if (this.state !== 'sending') this.move('sending');
        const landed = await Promise.race(flights.map((f) => f.done.then((result) => ({ flight: f, result }))));
        flights.splice(flights.indexOf(landed.flight), 1);
        this.inFlight -= landed.flight.seqs.length;
        if (this.isClosed()) return false;
        const outcome = await this.settle(transport, landed.flight, landed.result, marks);
        if (this.isClosed()) return false;
        if (outcome === true) {
          this.bumpProgress(landed.flight.seqs.length);
          // A batch may have been cut short waiting for this one's records.
          drained = false;
        } else {
          failure ??= outcome;
        }
        if (this.state === 'storing-receipt') this.move('selecting');
      }
      // Selecting after the last receipt; still sending when the last batch failed.
      if (failure) {
        failure();
        return false;
      }
      if (this.requests.take('pause')) {
        this.progress = null;
        this.move('paused');
        return false;
      }
      return true;
    } finally {
      // Left early (closed, or an internal error): nothing may settle behind the run's back.
      for (const f of flights) f.abort.abort();
    }
  }

  /** How many batches may be on the wire: one under a bandwidth cap (each request is throttled on its own). */
  private window(settings: EngineSettings): number {
    return settings.bandwidthKiBps > 0 ? 1 : MAX_BATCHES_IN_FLIGHT;
  }

  /** Builds, signs and posts one batch; its rows are in flight from here until it settles. Null: not sent (closed, or paused meanwhile). */
  private async launch(transport: ExchangeTransport, settings: EngineSettings, epoch: number, items: Batch['items']): Promise<Flight | null> {
    const batchId = randomBytes(16).toString('hex');
    const seqs = items.map((i) => i.seq);
    const nodeId = this.host.nodeId();
    const creds = this.host.credentials();
    const head = { nodeId, epoch, batchId, createdAt: this.host.now().toISOString() };
    let path: string;
    let body: Buffer;
    let digest: string | null = null;
    let headers: Record<string, string> = {};
    if (transport.acceptsV2()) {
      // v2: the compressed body is what is signed; no per-item hash travels.
      body = await encodeBatchV2(head, items.map(({ payloadHash: _, ...item }) => item));
      digest = batchDigest(body);
      headers = { 'content-type': BATCH_V2_CONTENT_TYPE, 'content-encoding': 'identity', [SIGNATURE_HEADER]: formatSignatureHeader(signBytes(body, creds.privateKeyPem!, creds.certificatePem!)) };
      path = PATH_BATCHES_V2;
    } else {
      const batch: Batch = { protocol: PROTOCOL_VERSION, ...head, items };
      body = await gzipAsync(Buffer.from(JSON.stringify(sign(batch, creds.privateKeyPem!, creds.certificatePem!)), 'utf8'));
      path = PATHS.batches;
    }
    if (this.isClosed() || this.requests.has('pause')) return null;
    const abort = new AbortController();
    this.inFlight += items.length;
    this.notify();
    const bytesPerSecond = settings.bandwidthKiBps * 1024;
    const signal = AbortSignal.any([this.signal(this.uploadDeadline(body.length, bytesPerSecond)), abort.signal]);
    const post = () => transport.post(path, body, { signal, bytesPerSecond, headers });
    // With several connections kept alive, one may be closed by the exchange's keep-alive
    // timer just as a batch is written to it (the reset arrives before any answer). Resending
    // once on a fresh connection is safe — the items' keys make it idempotent — and a reset
    // that persists still reaches diagnose() as before.
    const done = post()
      .catch((error: unknown) => (isReset(error) && !signal.aborted ? post() : Promise.reject(error)))
      .then(
      (answer): FlightResult => ({ ok: true, answer, arrivedAt: this.host.now().toISOString() }),
      (error: unknown): FlightResult => ({ ok: false, error }),
    );
    return { batchId, epoch, nodeId, seqs, recordIds: items.map((i) => i.recordId), resources: new Map(items.map((i) => [i.seq, i.resourceCode])), digest, abort, done };
  }

  /**
   * Settles one batch from its answer: verifies the receipt, stores it and retires the rows
   * in one transaction. True when settled; otherwise the rows are pending again and the
   * returned step (backoff, or stop) is for the caller to take once the wire is quiet.
   */
  private async settle(transport: ExchangeTransport, flight: Flight, result: FlightResult, marks: Map<number, number>): Promise<true | (() => void)> {
    const { batchId, seqs } = flight;
    if (!result.ok) {
      this.host.store.noteFailedBatch(seqs, describe(result.error));
      const failure = await this.diagnose(result.error, transport);
      return () => this.failed(failure);
    }
    const answer = result.answer;
    if (answer.status !== 200) {
      this.host.store.noteFailedBatch(seqs, `HTTP ${answer.status}`);
      const failure = this.statusFailure(answer);
      return () => this.failed(failure);
    }
    let signed: unknown;
    try {
      signed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      this.host.store.noteFailedBatch(seqs, 'receipt is not JSON');
      return () => this.failed({ kind: 'protocol', problem: '交换平台的回执不是有效的 JSON，将稍后重试' });
    }
    this.move('storing-receipt');
    const expected = { nodeId: flight.nodeId, epoch: flight.epoch, batchId, seqs };
    const check = (): ReceiptOutcomes =>
      flight.digest === null ? verifyReceipt(signed, expected, this.host.credentials().exchangeSigningPem ?? '') : verifyReceiptV2(signed, { ...expected, batchDigest: flight.digest }, this.host.credentials().exchangeSigningPem ?? '');
    let receipt: ReceiptOutcomes;
    try {
      receipt = check();
    } catch (error) {
      // Perhaps the exchange rotated its signing certificate: fetch it once more and retry the check.
      const refreshed = error instanceof ReceiptError && (await this.refreshSigningCertificate(transport));
      if (this.isClosed()) return () => {};
      try {
        if (!refreshed) throw error;
        receipt = check();
      } catch (again) {
        this.host.store.noteFailedBatch(seqs, describe(again));
        this.host.log(`sync engine: receipt refused: ${describe(again)}`);
        return () => this.stopForCertificate(PROBLEMS.receiptUnverified);
      }
    }
    if (this.attempt) this.attempt.contacted = true;
    // Stamped with its arrival: while the engine refills the window, receipts that came back
    // meanwhile wait, and stamping them when settled would bunch them together.
    // Receipts of pipelined batches may arrive out of order: the mark only grows within an epoch.
    const mark = Math.max(marks.get(receipt.epoch) ?? 0, receipt.highWaterMark);
    // The link's state goes in the receipt's own transaction: one commit (one fsync) per batch, not two.
    const state = { highWaterMark: mark, link: 'online' as LinkState, problem: this.catalogProblem, consecutiveFailures: 0, lastSuccessAt: this.host.now().toISOString() };
    const result2 = this.host.store.settleBatch(receipt, canonicalJson(signed), flight.resources, result.arrivedAt, state);
    marks.set(receipt.epoch, mark);
    if (result2.unanswered > 0) this.host.log(`sync engine: receipt ${batchId} left ${result2.unanswered} item(s) unanswered; they stay queued`);
    this.batchItemsLimit = null;
    return true;
  }

  /** The receipt-signing certificate: fetched over the authenticated channel once, checked against the root, kept. */
  private async ensureSigningCertificate(transport: ExchangeTransport, creds: EngineCredentials): Promise<boolean> {
    if (creds.exchangeSigningPem) {
      try {
        checkSigningCertificate(creds.exchangeSigningPem, creds.rootPem!, this.host.now(), [], creds.revokedSerials);
        return true;
      } catch {
        // expired or the root changed: fetch it again
      }
    }
    const answer = await this.request(transport, () => transport.get(SIGNING_CERTIFICATE_PATH, { signal: this.signal(this.options.requestTimeoutMs * 2) }));
    if (!answer) return false;
    try {
      const pem = answer.body.toString('utf8');
      checkSigningCertificate(pem, creds.rootPem!, this.host.now(), [], creds.revokedSerials);
      this.host.saveSigningCertificate(pem);
      return true;
    } catch (error) {
      this.host.log(`sync engine: signing certificate refused: ${describe(error)}`);
      this.stopForCertificate(error instanceof SigningRevokedError ? PROBLEMS.signingRevoked : PROBLEMS.receiptUnverified);
      return false;
    }
  }

  private async refreshSigningCertificate(transport: ExchangeTransport): Promise<boolean> {
    try {
      const answer = await transport.get(SIGNING_CERTIFICATE_PATH, { signal: this.signal(this.options.requestTimeoutMs * 2) });
      if (this.isClosed() || answer.status !== 200) return false;
      const pem = answer.body.toString('utf8');
      if (pem.trim() === (this.host.credentials().exchangeSigningPem ?? '').trim()) return false;
      checkSigningCertificate(pem, this.host.credentials().rootPem!, this.host.now(), [], this.host.credentials().revokedSerials);
      this.host.saveSigningCertificate(pem);
      return true;
    } catch {
      return false;
    }
  }

  /** A restored node's first step: the exchange's high-water marks, then a new epoch. False when the run must end. */
  private async reconcile(transport: ExchangeTransport): Promise<boolean> {
    const nodeId = this.host.nodeId();
    const answer = await this.request(transport, () => transport.get(PATHS.highWaterMark(nodeId), { signal: this.signal(this.options.requestTimeoutMs * 2) }));
    if (!answer) return false;
    let raw: unknown;
    try {
      raw = JSON.parse(answer.body.toString('utf8'));
    } catch {
      this.failed({ kind: 'protocol', problem: '交换平台的高水位应答不是有效的 JSON，将稍后重试' });
      return false;
    }
    let epochs: Record<string, number>;
    try {
      epochs = verifyHighWaterMark(raw, nodeId, this.host.credentials().exchangeSigningPem ?? '').epochs;
    } catch (error) {
      const refreshed = error instanceof ReceiptError && (await this.refreshSigningCertificate(transport));
      if (this.isClosed()) return false;
      try {
        if (!refreshed) throw error;
        epochs = verifyHighWaterMark(raw, nodeId, this.host.credentials().exchangeSigningPem ?? '').epochs;
      } catch (again) {
        this.host.log(`sync engine: high-water mark refused: ${describe(again)}`);
        this.stopForCertificate(PROBLEMS.receiptUnverified);
        return false;
      }
    }
    if (this.isClosed()) return false;
    this.host.reconciliation!.apply(epochs);
    return true;
  }

  /** The exchange's audit head for this node, handed to the host (main/audit/public-chain.ts resync). True when it changed what the node reports. */
  private async resyncAuditBase(transport: ExchangeTransport): Promise<boolean> {
    if (!this.host.auditBase) return false;
    const nodeId = this.host.nodeId();
    try {
      const answer = await transport.get(PATHS.auditBase(nodeId), { signal: this.signal(this.options.requestTimeoutMs * 2) });
      if (this.isClosed() || answer.status !== 200) return false;
      const base = verifyAuditBase(JSON.parse(answer.body.toString('utf8')), nodeId, this.host.credentials().exchangeSigningPem ?? '');
      return this.host.auditBase(base.head);
    } catch (error) {
      // Not fatal: the heartbeat's own answer says what the exchange thinks.
      if (!this.isClosed()) this.host.log(`sync engine: the exchange's audit head not used: ${describe(error)}`);
      return false;
    }
  }

  /** CRL, then catalog (with ETag): a signer the new CRL revokes publishes nothing. False when the run must end (failure handled). */
  private async downloads(transport: ExchangeTransport): Promise<boolean> {
    const crl = await this.request(transport, () => transport.get(PATHS.crl, { signal: this.signal(this.options.requestTimeoutMs * 4) }), [404]);
    if (!crl) return false;
    if (crl.status === 200) {
      try {
        this.host.applyCrl(crl.body.toString('utf8'));
      } catch (error) {
        this.host.log(`sync engine: CRL from the exchange not used: ${describe(error)}`);
      }
    }
    const etag = this.host.store.readState().catalogEtag;
    const catalog = await this.request(
      transport,
      () => transport.get(PATHS.catalog, { signal: this.signal(this.options.requestTimeoutMs * 4), headers: etag ? { 'if-none-match': etag } : {} }),
      [304],
    );
    if (!catalog) return false;
    this.host.store.writeState({ catalogCheckedAt: this.host.now().toISOString() });
    if (catalog.status === 304) this.catalogProblem = null;
    if (catalog.status === 200) {
      try {
        const raw: unknown = JSON.parse(catalog.body.toString('utf8'));
        // Only the receipt-signing certificate (checked against the pinned root) may publish a catalog.
        const creds = this.host.credentials();
        const signer = creds.exchangeSigningPem ?? '';
        checkSigningCertificate(signer, creds.rootPem!, this.host.now(), [], creds.revokedSerials);
        const envelope = verifyCatalogEnvelope(raw, signer);
        this.host.applyCatalog(envelope.version, envelope.catalog, envelope.serial);
        this.host.store.writeState({ catalogEtag: catalog.headers.etag ?? null });
        this.catalogProblem = null;
      } catch (error) {
        // Not fatal: records keep flowing under the catalog in force; the operator sees why.
        this.host.log(`sync engine: catalog from the exchange not used: ${describe(error)}`);
        this.catalogProblem = error instanceof CatalogRefusedError ? error.message : catalogRefusedProblem(this.host.catalogVersion());
        this.host.store.writeState({ problem: this.catalogProblem });
      }
    }
    return true;
  }

  /** Whole-request deadline of an upload: the idle timeout plus the time the bandwidth cap needs. */
  private uploadDeadline(bytes: number, bytesPerSecond: number): number {
    return this.options.requestTimeoutMs * 2 + (bytesPerSecond > 0 ? Math.ceil((bytes / bytesPerSecond) * 1500) : 0);
  }

  private async sendHeartbeat(transport: ExchangeTransport, settings: EngineSettings, resynced = false): Promise<boolean> {
    if (this.auditBaseStale && !resynced) {
      this.auditBaseStale = false;
      await this.resyncAuditBase(transport);
      if (this.isClosed()) return false;
    }
    const creds = this.host.credentials();
    const content = await this.host.heartbeat(transport.auditProofLinks());
    if (this.isClosed()) return false;
    const heartbeat: Heartbeat = { protocol: PROTOCOL_VERSION, nodeId: this.host.nodeId(), sentAt: this.host.now().toISOString(), ...content };
    const body = await gzipAsync(Buffer.from(JSON.stringify(sign(heartbeat, creds.privateKeyPem!, creds.certificatePem!)), 'utf8'));
    if (this.isClosed()) return false;
    // A catch-up proof makes a heartbeat as big as a batch: it keeps to the same bandwidth cap.
    const bytesPerSecond = settings.bandwidthKiBps * 1024;
    const answer = await this.request(transport, () => transport.post(PATHS.heartbeat, body, { signal: this.signal(this.uploadDeadline(body.length, bytesPerSecond)), bytesPerSecond }), [409]);
    if (!answer) return false;
    if (answer.status === 409) {
      // A refused audit head: ask the exchange which head it holds, and if that changes the
      // heartbeat, send it once more; else ask again before the next one (the province may clear it).
      const audit = exchangeMessage(answer.body)?.code.startsWith('AUDIT_') === true;
      if (audit && !resynced && (await this.resyncAuditBase(transport))) return this.sendHeartbeat(transport, settings, true);
      this.auditBaseStale ||= audit;
      this.failed(this.statusFailure(answer));
      return false;
    }
    this.host.store.writeState({ lastHeartbeatAt: this.host.now().toISOString() });
    this.host.heartbeatSent?.(heartbeat);
    return true;
  }

  /** Runs one request; on any failure handles it (backoff or stop) and returns null. */
  private async request(transport: ExchangeTransport, call: () => Promise<Answer>, alsoFine: number[] = []): Promise<Answer | null> {
    let answer: Answer;
    const started = performance.now();
    try {
      answer = await call();
    } catch (error) {
      if (this.isClosed()) return null;
      const failure = await this.diagnose(error, transport);
      if (!this.isClosed()) this.failed(failure);
      return null;
    }
    if (this.isClosed()) return null;
    if (answer.status === 200 || alsoFine.includes(answer.status)) {
      if (this.attempt) this.attempt.contacted = true;
      this.host.store.writeState({ lastLatencyMs: Math.round(performance.now() - started) });
      return answer;
    }
    this.failed(this.statusFailure(answer));
    return null;
  }

  private diagnose(error: unknown, transport: ExchangeTransport): Promise<Failure> {
    return classifyFailure(error, transport, this.options.requestTimeoutMs);
  }

  private statusFailure(answer: Answer): Failure {
    const said = exchangeMessage(answer.body);
    return classifyStatus(answer.status, said?.message ?? null, parseRetryAfter(answer.headers['retry-after'], this.host.now()));
  }

  // ---- outcomes -------------------------------------------------------------------------

  private failed(failure: Failure): void {
    if (this.isClosed()) return;
    if (failure.kind === 'certificate') return this.stopForCertificate(failure.problem);
    if (failure.tooLarge) this.batchItemsLimit = Math.max(1, Math.floor((this.batchItemsLimit ?? this.host.settings().batchMaxItems) / 2));
    const failures = this.host.store.readState().consecutiveFailures + 1;
    const delay = retryDelay(failures, this.options.backoff, failure.retryAfterMs ?? null, this.options.random);
    const next = new Date(this.host.now().getTime() + delay);
    try {
      this.host.store.writeState({ link: 'offline' as LinkState, problem: failure.problem, consecutiveFailures: failures, nextAttemptAt: next.toISOString() });
      this.unrecordedProblem = null;
    } catch (error) {
      // Not even the failure can be written (a full disk): keep it in memory for the sync
      // page, and back off all the same — the core must not fall over.
      this.unrecordedProblem = failure.problem;
      this.host.log(`sync engine: could not record the failure: ${describe(error)}`);
    }
    this.move('backoff');
    this.clearRetry();
    // The reconnect probe: after the wait, the engine tries again (and backs off further if the link is still down).
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'backoff') this.kick();
    }, delay);
    this.retryTimer.unref();
  }

  private stopForCertificate(problem: string): void {
    this.progress = null;
    this.clearRetry();
    this.host.store.writeState({ link: 'certificate', problem, nextAttemptAt: null, consecutiveFailures: this.host.store.readState().consecutiveFailures + 1 });
    this.move('stopped-certificate');
  }

  // ---- plumbing ---------------------------------------------------------------------------

  /** Every change of state goes through the table; staying put is not a move and throws too. */
  private move(to: EngineState): void {
    this.enter(to);
    this.notify();
  }

  /** move() without telling the listeners yet (stop() tells them once everything is torn down). */
  private enter(to: EngineState): void {
    assertTransition(this.state, to);
    this.state = to;
  }

  /** A method, not a field: TypeScript would otherwise keep a check made before an await. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private bumpProgress(n: number): void {
    if (!this.progress) return;
    this.progress = { sent: this.progress.sent + n, total: Math.max(this.progress.total, this.progress.sent + n) };
    this.notify();
  }

  private housekeepingDue(settings: EngineSettings): boolean {
    const last = this.host.store.readState().lastHeartbeatAt;
    // 90%: the timer that brings us here fires one interval after the last run *started*.
    return !last || this.host.now().getTime() - Date.parse(last) >= settings.intervalSeconds * 900;
  }

  private scheduleTimer(): void {
    if (this.isClosed()) return;
    const seconds = this.host.settings().intervalSeconds;
    this.timer = setTimeout(() => {
      this.timer = null;
      // The timer does not override a backoff, a certificate stop or a pause.
      if (this.state === 'idle') this.kick();
      this.scheduleTimer();
    }, seconds * 1000);
    this.timer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * Our certificate failed on its dates only: perhaps it is the local clock. The exchange
   * judges our certificate by its own clock, so it still answers; its Date header tells
   * whether the certificate is valid at the exchange's time (then the clock is the cause).
   */
  private async explainedByClock(problem: string, creds: EngineCredentials, settings: EngineSettings): Promise<string | null> {
    if (problem !== PROBLEMS.ownNotYetValid && problem !== PROBLEMS.ownExpired) return null;
    try {
      await this.transportFor(settings, creds).get(SIGNING_CERTIFICATE_PATH, { signal: this.signal(this.options.requestTimeoutMs) });
    } catch {
      // Unreachable now: an offset measured earlier, if any, still tells.
    }
    const offset = this.host.clockOffsetMs?.() ?? null;
    if (offset === null) return null;
    const atExchange = new Date(this.host.now().getTime() - offset);
    return certificateClockProblem('本节点证书', offset, ownCertificateProblem(creds, atExchange) === null, problem === PROBLEMS.ownNotYetValid);
  }

  /**
   * What the exchange advertised, kept for the next start. Not worth failing a batch over: at
   * worst the next start sends its first batches as v1, or its first proof in steps of 256.
   */
  private keepAdvertised(what: string, save: () => void): void {
    if (this.isClosed()) return;
    try {
      save();
    } catch (error) {
      this.host.log(`sync engine: the exchange's ${what} not kept: ${describe(error)}`);
    }
  }

  private signal(timeoutMs: number): AbortSignal {
    return AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeoutMs)]);
  }

  private transportFor(settings: EngineSettings, creds: EngineCredentials): ExchangeTransport {
    const key = [settings.exchangeUrl, creds.rootPem, creds.certificatePem, creds.chainPems.join(''), creds.privateKeyPem, [...creds.revokedSerials].sort().join(',')].join('\u0000');
    if (this.transport?.key === key) return this.transport.transport;
    this.transport?.transport.close();
    const transport = new ExchangeTransport({
      baseUrl: settings.exchangeUrl,
      rootPem: creds.rootPem!,
      certificatePem: creds.certificatePem!,
      chainPems: creds.chainPems,
      privateKeyPem: creds.privateKeyPem!,
      revokedSerials: creds.revokedSerials,
      timeoutMs: this.options.requestTimeoutMs,
      onAnswer: (answer) => this.host.exchangeClock?.(answer.headers['date']),
      protocols: this.host.store.exchangeProtocols() ?? undefined,
      onProtocols: (versions) => this.keepAdvertised('protocol versions', () => this.host.store.saveExchangeProtocols(versions)),
      proofLinks: this.host.store.exchangeProofLinks(),
      onProofLinks: (links) => this.keepAdvertised('audit proof size', () => this.host.store.saveExchangeProofLinks(links)),
    });
    this.transport = { key, transport };
    return transport;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}

/** SQLite could not grow the database (or the file system refused the write): the disk is full. */
function isDiskFull(error: unknown): boolean {
  return errorCodes(error).some((code) => code === 'SQLITE_FULL' || code === 'ENOSPC');
}
