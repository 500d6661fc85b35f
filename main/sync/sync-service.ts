// Sync as the operator and the admin see it: owns the outbox engine, its settings, the
// status the contract describes, the rejected list and requeue. It is also the engine's
// host: it hands it the node's identity, credentials and catalog, and stores what the
// engine downloads (a new catalog, a CRL). Operators see record ids, resource codes and
// reasons — never field values.
import type { RejectedItem, SessionUser, SyncSettings, SyncStatus } from '../../common/contract';
import { catalogSchema } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { AuditLog } from '../audit/audit-log';
import type { Catalog } from '../../common/catalog/types';
import type { NodeMeta } from '../store/meta';
import type { CatalogStore } from '../store/catalog-store';
import type { SyncRepo } from '../store/sync-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import { SyncEngine, type EngineCredentials, type EngineHost, type EngineOptions } from '../../sync/client/engine';
import type { Heartbeat } from '../../sync/protocol/messages';
import { normaliseSerial } from '../../certs/asn1';
import { parseCrl } from '../../certs/crl';
import { CatalogRefusedError, catalogOlderProblem } from '../../sync/client/catalog-envelope';
import { levelsOf, type HeartbeatStatus } from './heartbeat-levels';
import { LevelWatch } from './level-watch';
import { estimateEta, ETA_WINDOW_MS, NO_RECEIPTS } from './eta';
import { log as nodeLog } from '../../platform/log';
import { ClockWatch } from './clock-watch';
import type { ExchangeClockRepo } from '../store/exchange-clock-repo';

export interface CatalogHolder {
  get(): Catalog;
  set(catalog: Catalog): void;
}

/** The repositories sync reads and writes, built by the composition root (main/core/services.ts). */
export interface SyncRepos {
  sync: SyncRepo;
  node: NodeMeta;
  catalog: CatalogStore;
  work: UnitOfWork;
  /** Where the last reading of the exchange's clock is kept; absent: in memory only. */
  clock?: ExchangeClockRepo;
}

/**
 * Epoch reconciliation after a restore (main/backup/reconcile.ts), bound to the node's store
 * and audit log by the composition root, so sync does not depend on the backup concern.
 */
export interface Reconciliation {
  pending(): boolean;
  /** null when there was nothing to reconcile. */
  apply(epochs: Record<string, number>): { epoch: number; kept: number; moved: number } | null;
}

export interface SyncServiceOptions {
  /** False in the CLI: the engine runs only when asked (`edge-node sync now`). Default true. */
  automatic?: boolean;
  engine?: Partial<EngineOptions>;
  log?: (line: string) => void;
  /** How often the node's levels are compared with the last heartbeat (level-watch.ts); default 60 s. */
  levelWatchMs?: number;
}

/** The node's status for the heartbeat (main/status/heartbeat-status.ts); may be async. */
export type HeartbeatStatusSource = () => HeartbeatStatus | Promise<HeartbeatStatus>;

const DEFAULT_LEVEL_WATCH_MS = 60_000;

const PAUSED_PROBLEM = '同步已由运维员暂停，恢复后继续上报';

export class SyncService {
  readonly repo: SyncRepo;
  readonly engine: SyncEngine;
  private started = false;
  private crlCache: { pem: string; serials: Set<string> } | null = null;
  private readonly log: (line: string) => void;
  private readonly automatic: boolean;
  private readonly levelWatchMs: number;
  private statusSource: HeartbeatStatusSource | null = null;
  private watch: LevelWatch | null = null;
  /** The status of the last heartbeat the exchange accepted, since this service started. */
  private lastSentStatus: HeartbeatStatus | null = null;
  /** The node's clock against the exchange's, read from every answer. */
  readonly clock: ClockWatch;
  /** When the last heartbeat with a capped audit proof was accepted (performance.now()); null when the last one carried the rest. */
  private lastCappedProofAt: number | null = null;
  /** Seconds from one capped proof to the next, as last measured: the catch-up's pace. */
  private proofStepSeconds: number | null = null;

  constructor(
    private readonly repos: SyncRepos,
    private readonly audit: AuditLog,
    private readonly catalog: CatalogHolder,
    private readonly reconciliation: Reconciliation,
    private readonly now: () => Date,
    private readonly appVersion: string,
    options: SyncServiceOptions = {},
  ) {
    this.repo = repos.sync;
    const log = options.log ?? ((line: string) => nodeLog.warn(line));
    this.log = log;
    this.automatic = options.automatic ?? options.engine?.automatic ?? true;
    this.levelWatchMs = options.levelWatchMs ?? DEFAULT_LEVEL_WATCH_MS;
    this.clock = new ClockWatch(repos.clock ?? null, now);
    this.engine = new SyncEngine(this.host(log), { ...options.engine, automatic: this.automatic });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.engine.start();
    this.startWatch();
  }

  stop(): void {
    this.watch?.stop();
    this.watch = null;
    this.engine.stop();
  }

  /**
   * Where the heartbeat's status comes from: the dashboard (built after this service, since
   * it needs the backup manager — see open-node.ts). Its record is sent over the sync
   * fields, which are kept when none is set or it fails. Where sync runs by itself, a change
   * of any level it reports also sends a heartbeat soon (level-watch.ts).
   */
  setStatusSource(source: HeartbeatStatusSource | null): void {
    this.statusSource = source;
    this.watch?.stop();
    this.watch = null;
    this.startWatch();
  }

  private startWatch(): void {
    const source = this.statusSource;
    if (!source || !this.started || !this.automatic || this.engine.snapshot().state === 'closed') return;
    this.watch = new LevelWatch({
      intervalMs: this.levelWatchMs,
      current: async () => levelsOf(await source()),
      reported: () => (this.lastSentStatus ? levelsOf(this.lastSentStatus) : null),
      changed: () => this.engine.heartbeatSoon(),
      log: this.log,
    });
    this.watch.start();
  }

  /** The records service's "new data" hook. */
  newData(): void {
    if (this.started) this.engine.newData();
  }

  // ---- settings -------------------------------------------------------------------------------

  settings(): SyncSettings {
    return this.repo.settings();
  }

  setSettings(user: SessionUser, input: SyncSettings): SyncSettings {
    const exchangeUrl = input.exchangeUrl.trim();
    if (exchangeUrl) {
      let url: URL | null = null;
      try {
        url = new URL(exchangeUrl);
      } catch {
        url = null;
      }
      if (!url || url.protocol !== 'https:' || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        const message = '交换平台地址应为 https://主机名:端口 的形式（只允许 https，不含路径）';
        throw new ApiFailure('BAD_INPUT', message, [{ item: 'exchangeUrl', message }]);
      }
    }
    const settings = { ...input, exchangeUrl: exchangeUrl ? new URL(exchangeUrl).origin : '' };
    this.repos.work.transaction(() => {
      this.repo.saveSettings(settings);
      this.audit.append({
        actor: user.username,
        role: user.role,
        action: 'sync.settings',
        target: settings.exchangeUrl || '-',
        outcome: 'success',
        detail: { bandwidthKiBps: settings.bandwidthKiBps, batchMaxItems: settings.batchMaxItems, batchMaxBytes: settings.batchMaxBytes, intervalSeconds: settings.intervalSeconds },
      });
    });
    this.engine.configurationChanged();
    return this.repo.settings();
  }

  // ---- status ---------------------------------------------------------------------------------

  status(): SyncStatus {
    const state = this.repo.readState();
    const snapshot = this.engine.snapshot();
    const configured = this.repo.settings().exchangeUrl !== '';
    // The stored link is what the last run found. Until a run reaches the configured address it
    // still holds the first-run default (or a run's "no address"), which must not read 未配置
    // once an address is set: that is "configured, not yet contacted".
    const contacted = state.link !== 'not-configured';
    const link: SyncStatus['link'] = state.paused ? 'paused' : !configured ? 'not-configured' : contacted ? state.link : 'not-contacted';
    const problem = state.paused ? PAUSED_PROBLEM : !configured ? '未配置交换平台地址，请系统管理员在“同步设置”中填写' : contacted ? state.problem : null;
    const now = this.now();
    const tenMinutesAgo = new Date(now.getTime() - 10 * 60_000).toISOString();
    const queueDepth = this.repo.queueDepth();
    const auditToProve = this.audit.publicChain.unproven();
    const window = queueDepth > 0 ? this.repo.acknowledgementWindow(new Date(now.getTime() - ETA_WINDOW_MS).toISOString()) : NO_RECEIPTS;
    // The proof's pace: as measured during a catch-up, else one round trip a step; none while
    // the link is not working (no step will be taken).
    const secondsPerStep = link !== 'online' ? null : (this.proofStepSeconds ?? (state.lastLatencyMs !== null ? state.lastLatencyMs / 1000 : null));
    const eta = queueDepth > 0 || auditToProve > 0 ? estimateEta(queueDepth, window, now, { entries: auditToProve, linksPerStep: this.engine.auditProofLinks(), secondsPerStep }) : null;
    return {
      link,
      // A failure the database could not record (a full disk) is newer than the stored one.
      problem: snapshot.unrecordedProblem ?? problem,
      paused: state.paused,
      running: snapshot.running,
      queueDepth,
      inFlight: snapshot.inFlight,
      rejected: this.repo.rejectedCount(),
      oldestPendingAt: this.repo.oldestPendingAt(),
      lastSuccessAt: state.lastSuccessAt,
      lastAttemptAt: state.lastAttemptAt,
      nextAttemptAt: state.nextAttemptAt,
      consecutiveFailures: state.consecutiveFailures,
      throughputPerMinute: Math.round((this.repo.acknowledgedSince(tenMinutesAgo) / 10) * 10) / 10,
      epoch: this.repos.node.epoch(),
      highWaterMark: state.highWaterMark,
      progress: snapshot.progress,
      eta,
      auditToProve,
      clockSkew: this.clock.current(),
    };
  }

  /** One capped proof after another is one step of the catch-up: their distance is its pace (a gap longer than the ETA window is a pause, not a pace). */
  private timeProofStep(capped: boolean): void {
    const at = performance.now();
    if (capped && this.lastCappedProofAt !== null && at - this.lastCappedProofAt < ETA_WINDOW_MS) this.proofStepSeconds = (at - this.lastCappedProofAt) / 1000;
    this.lastCappedProofAt = capped ? at : null;
  }

  // ---- operator actions -----------------------------------------------------------------------

  syncNow(user: SessionUser): SyncStatus {
    this.audit.append({ actor: user.username, role: user.role, action: 'sync.now', outcome: 'success' });
    this.engine.now();
    return this.status();
  }

  pause(user: SessionUser): SyncStatus {
    this.audit.append({ actor: user.username, role: user.role, action: 'sync.pause', outcome: 'success' });
    this.engine.pause();
    return this.status();
  }

  resume(user: SessionUser): SyncStatus {
    this.audit.append({ actor: user.username, role: user.role, action: 'sync.resume', outcome: 'success' });
    this.engine.resume();
    return this.status();
  }

  rejected(page: number, pageSize: number): { items: RejectedItem[]; total: number } {
    const { items, total } = this.repo.rejectedPage(page, pageSize);
    // The exchange writes its reasons for people, and may quote the value it refused; an
    // operator must not see a personal value that way, so those are masked here.
    return { items: items.map((item) => ({ ...item, reason: this.withoutPersonalValues(item) })), total };
  }

  private withoutPersonalValues(item: RejectedItem): string {
    const resource = this.catalog.get().resources.find((r) => r.code === item.resourceCode);
    const fields = this.repo.versionFields(item.recordId, item.version);
    if (!resource || !fields) return item.reason;
    let reason = item.reason;
    for (const catalogItem of resource.items) {
      const value = fields[catalogItem.code];
      if ((catalogItem.personal || catalogItem.key) && value && value.length >= 2) reason = reason.split(value).join('***');
    }
    return reason;
  }

  requeue(user: SessionUser, seq: number): void {
    const row = this.repo.outboxRow(seq);
    if (!row || row.state !== 'rejected') throw new ApiFailure('NOT_FOUND', `拒收列表中没有序号为 ${seq} 的条目`);
    if (row.resourceCode && this.sharingType(row.resourceCode) === 'none') {
      throw new ApiFailure('CONFLICT', `序号 ${seq} 属于不予共享（负面清单）资源，不能上报，也不能重新排队`);
    }
    this.repos.work.transaction(() => {
      this.repo.requeue(seq);
      this.audit.append({ actor: user.username, role: user.role, action: 'sync.requeue', target: row.recordId, outcome: 'success', detail: { seq, code: row.rejectCode ?? '' } });
    });
    this.engine.newData();
  }

  /** Resolves when the engine's current run (if any) has finished, or after timeoutMs. */
  async waitForRun(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.engine.whenSettled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  // ---- the engine's host ----------------------------------------------------------------------

  private sharingType(resourceCode: string) {
    return this.catalog.get().resources.find((r) => r.code === resourceCode)?.sharingType;
  }

  /** The audit head signed with the node's client-certificate key, with its consistency proof (main/audit/public-chain.ts). */
  private signedAuditHead(proofLinks: number): Heartbeat['auditHead'] {
    const c = this.repo.credentials();
    const identity = c.privateKeyPem && c.certificatePem ? { privateKeyPem: c.privateKeyPem, certificatePem: c.certificatePem } : null;
    return this.audit.publicChain.report(this.repos.node.nodeId(), identity, this.now(), proofLinks);
  }

  /** The status source's record; a failing source must not cost the province the heartbeat. */
  private async sourceStatus(log: (line: string) => void): Promise<HeartbeatStatus> {
    if (!this.statusSource) return {};
    try {
      return await this.statusSource();
    } catch (error) {
      log(`heartbeat: node status unavailable, sending the sync status only: ${error instanceof Error ? error.message : String(error)}`);
      return { statusUnavailable: true };
    }
  }

  private revokedSerials(crlPem: string | null, rootPem: string | null): Set<string> {
    if (!crlPem || !rootPem) return new Set();
    if (this.crlCache?.pem === crlPem) return this.crlCache.serials;
    let serials = new Set<string>();
    try {
      serials = new Set([...parseCrl(crlPem, rootPem).revokedSerials].map(normaliseSerial));
    } catch {
      // A CRL the current root cannot verify says nothing about our certificate.
    }
    this.crlCache = { pem: crlPem, serials };
    return serials;
  }

  private host(log: (line: string) => void): EngineHost {
    return {
      store: this.repo,
      nodeId: () => this.repos.node.nodeId(),
      settings: () => this.repo.settings(),
      credentials: (): EngineCredentials => {
        const c = this.repo.credentials();
        return {
          privateKeyPem: c.privateKeyPem,
          certificatePem: c.certificatePem,
          chainPems: c.chainPems,
          rootPem: c.rootPem,
          revokedSerials: this.revokedSerials(c.crlPem, c.rootPem),
          exchangeSigningPem: c.exchangeSigningPem,
        };
      },
      saveSigningCertificate: (pem) => this.repo.saveCredentials({ exchangeSigningPem: pem }, this.now().toISOString()),
      sharingType: (code) => this.sharingType(code),
      heartbeat: async (proofLinks) => {
        const status = this.status();
        // Aggregates only: counts, times and states — never a record or a name.
        const sync: HeartbeatStatus = {
          link: status.link,
          queueDepth: status.queueDepth,
          rejected: status.rejected,
          oldestPendingAt: status.oldestPendingAt,
          lastSuccessAt: status.lastSuccessAt,
          consecutiveFailures: status.consecutiveFailures,
          epoch: status.epoch,
          highWaterMark: status.highWaterMark,
          schemaVersion: this.repos.node.schemaVersion(),
        };
        return {
          appVersion: this.appVersion,
          catalogVersion: this.catalog.get().version,
          auditHead: this.signedAuditHead(proofLinks),
          status: { ...sync, ...(await this.sourceStatus(log)) },
        };
      },
      heartbeatSent: (heartbeat) => {
        this.lastSentStatus = heartbeat.status;
        // A capped proof reached an intermediate head: the rest goes with another heartbeat as
        // soon as this run has ended (a request made during a run waits for the next one).
        const capped = this.audit.publicChain.acknowledge(heartbeat.auditHead);
        this.timeProofStep(capped);
        if (capped && this.started && this.automatic) {
          void this.engine.whenSettled().then(() => this.engine.heartbeatSoon());
        }
      },
      auditBase: (head) => this.audit.publicChain.resync(head, this.now()),
      catalogVersion: () => this.catalog.get().version,
      applyCatalog: (version, raw, serial) => {
        // A replayed older catalog could re-open a resource since put on the negative list.
        const held = this.repos.catalog.serial();
        if (serial < held) throw new CatalogRefusedError(catalogOlderProblem(this.catalog.get().version, held, serial));
        const parsed = catalogSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`catalog does not match the schema: ${parsed.error.issues[0]?.message ?? ''}`);
        if (parsed.data.version !== version) throw new Error('catalog version differs from its envelope');
        if (parsed.data.version === this.catalog.get().version) {
          if (serial > held) this.repos.catalog.write(this.catalog.get(), serial);
          return;
        }
        const catalog = parsed.data as Catalog;
        const before = this.catalog.get().version;
        this.repos.work.transaction(() => {
          this.repos.catalog.write(catalog, serial);
          this.audit.append({ actor: 'system', role: 'system', action: 'catalog.update', target: catalog.version, outcome: 'success', detail: { previous: before } });
        });
        this.catalog.set(catalog);
      },
      applyCrl: (crlPem) => {
        const c = this.repo.credentials();
        if (!c.rootPem) throw new Error('no root to verify the CRL with');
        const parsed = parseCrl(crlPem, c.rootPem);
        if (c.crlPem && c.crlPem.trim() === crlPem.trim()) return;
        if (c.crlPem) {
          // Never replace a newer CRL with an older one (a replay would hide a revocation).
          try {
            const current = parseCrl(c.crlPem, c.rootPem);
            if (current.thisUpdate.getTime() > parsed.thisUpdate.getTime()) return;
          } catch {
            // the stored one no longer verifies: replace it
          }
        }
        this.repo.saveCredentials({ crlPem, crlUpdatedAt: this.now().toISOString() }, this.now().toISOString());
      },
      now: this.now,
      exchangeClock: (httpDate) => this.clock.observe(httpDate),
      clockOffsetMs: () => this.clock.offsetMs(),
      log,
      // After a restore: settle the epoch with the exchange before anything is sent.
      reconciliation: {
        pending: () => this.reconciliation.pending(),
        apply: (epochs) => {
          const result = this.reconciliation.apply(epochs);
          if (result) log(`sync: reconciled after restore: epoch ${result.epoch}, ${result.kept} row(s) keep their key, ${result.moved} moved to the new epoch`);
        },
      },
    };
  }
}
