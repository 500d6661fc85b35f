// The reference provincial exchange: a real HTTPS server with mutual TLS against the
// provincial root, CRL enforcement, idempotent apply into its own SQLite store, signed
// receipts, catalog publishing, a heartbeat log and fault injection. For development, tests
// and demos; never packaged into the app. The wire contract: docs/protocol.md.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Catalog } from '../../common/catalog/types';
import { BASE_AUDIT_PROOF_LINKS, LARGE_AUDIT_PROOF_LINKS, type Heartbeat } from '../protocol/messages';
import { FaultInjector, type FaultOptions } from './faults';
import { errors, HttpError } from './http-error';
import { sendError } from './http-io';
import { route, type ExchangeContext } from './routes';
import { ExchangeStore, type NodeRow } from './store';
import { join } from 'node:path';
import { DrCentre } from './dr-centre';

export type { FaultOptions } from './faults';

export interface ExchangeOptions {
  /** Its own durable store (SQLite file, WAL, synchronous=FULL). */
  dataDir: string;
  /** Server certificate, the CA that issues node client certificates, and the CRL to enforce. */
  tls: { keyPem: string; certPem: string; clientCaPem: string; crlPem?: string };
  /** Signs receipts and high-water-mark answers. */
  signing: { keyPem: string; certPem: string };
  /** Published at /v1/catalog with its version. */
  catalog: Catalog;
  /** Publication number of the first catalog (default 1); each setCatalog adds one. */
  catalogSerial?: number;
  host?: string;
  /** 0 or absent: a random free port. */
  port?: number;
  faults?: FaultOptions;
  /** Clock for receipts and logs (tests). */
  now?: () => Date;
  /** One line per notable event (TLS refusals, internal errors); silent by default. */
  log?: (line: string) => void;
  /**
   * Most audit HMACs one heartbeat may carry (default LARGE_AUDIT_PROOF_LINKS, advertised).
   * BASE_AUDIT_PROOF_LINKS: an exchange of the first release, which says nothing (tests).
   */
  auditProofLinks?: number;
}

export interface ExchangeHandle {
  url: string;
  setFaults(f: FaultOptions): void;
  setCrl(crlPem: string | undefined): void;
  setCatalog(c: Catalog): void;
  /** Tests only: rewrite the signed catalog answer (forgeries, replays); null restores honest answers. */
  setCatalogTamper(tamper: ((signed: { body: unknown; signature: unknown }) => unknown) | null): void;
  /** Distinct (nodeId, epoch, seq) whose item was accepted (stored a record version). */
  appliedCount(nodeId?: string): number;
  /** Per record version, how many keys delivered it: exactly once means every count is 1. */
  appliedVersions(nodeId: string): { recordId: string; version: number; count: number }[];
  /** Newest first. */
  heartbeats(nodeId?: string): Heartbeat[];
  /** Every node heard from, with its latest heartbeat and when it arrived (node-listing.ts formats it). */
  nodes(): NodeRow[];
  /** Every signed audit head a node reported, oldest first, as judged (audit-heads.ts). */
  auditHeads(nodeId: string): ReturnType<ExchangeStore['auditHeads']>;
  /** Backup files the DR centre holds completely for a node (dr-centre.ts). */
  drFiles(nodeId: string): { fileName: string; bytes: number; sha256: string }[];
  close(): Promise<void>;
}

// Bounds: a township link is slow, but nothing may hold a socket or memory for ever.
const LIMITS = {
  handshakeTimeout: 10_000,
  headersTimeout: 10_000,
  requestTimeout: 60_000, // whole request body, at township speeds 4 MiB gzip fits easily
  keepAliveTimeout: 5_000,
  socketIdleTimeout: 60_000,
  maxHeaderSize: 16 * 1024,
  maxConnections: 256,
};

export async function startExchange(options: ExchangeOptions): Promise<ExchangeHandle> {
  const log = options.log ?? (() => {});
  const signingKey = createPrivateKey(options.signing.keyPem);
  assertKeyMatches(signingKey, options.signing.certPem);

  let crlPem = options.tls.crlPem;
  let catalog = options.catalog;
  // Monotonic per exchange process; a real exchange keeps it with its catalog history.
  let published = { serial: options.catalogSerial ?? 1, issuedAt: (options.now ?? (() => new Date()))().toISOString() };
  let closed = false;
  // Sockets opened under an older CRL are not reused: revocation must bite at once, also
  // for a node that keeps a connection alive.
  let generation = 0;
  const socketGeneration = new WeakMap<TLSSocket, number>();
  const faults = new FaultInjector(options.faults);
  const store = ExchangeStore.open(options.dataDir);

  const ctx: ExchangeContext = {
    store,
    catalog: () => catalog,
    catalogSerial: () => published,
    crlPem: () => crlPem,
    signing: { key: signingKey, certPem: options.signing.certPem },
    now: options.now ?? (() => new Date()),
    dr: new DrCentre(join(options.dataDir, 'dr')),
    auditProofLinks: Math.max(BASE_AUDIT_PROOF_LINKS, Math.min(options.auditProofLinks ?? LARGE_AUDIT_PROOF_LINKS, LARGE_AUDIT_PROOF_LINKS)),
  };

  const secureContext = () => ({
    key: options.tls.keyPem,
    cert: options.tls.certPem,
    ca: options.tls.clientCaPem,
    ...(crlPem ? { crl: crlPem } : {}),
  });

  const server: Server = createServer(
    {
      ...secureContext(),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      handshakeTimeout: LIMITS.handshakeTimeout,
      headersTimeout: LIMITS.headersTimeout,
      requestTimeout: LIMITS.requestTimeout,
      keepAliveTimeout: LIMITS.keepAliveTimeout,
      maxHeaderSize: LIMITS.maxHeaderSize,
    },
    (req, res) => {
      void (async () => {
        const socket = req.socket as TLSSocket;
        if (closed || socketGeneration.get(socket) !== generation) {
          socket.destroy();
          return;
        }
        // Every answer carries the exchange's own clock (HTTP Date): nodes compare it with
        // theirs and warn when the township PC's clock is off (main/sync/clock-skew.ts).
        res.setHeader('date', ctx.now().toUTCString());
        const decision = faults.decide();
        if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
        if (decision.drop) {
          socket.destroy();
          return;
        }
        const control = { answer: { bytesPerSec: decision.slowBodyBytesPerSec }, dropAfterApply: decision.dropAfterApply };
        try {
          if (decision.error) throw errors.unavailable();
          await route(ctx, req, res, control);
        } catch (error) {
          if (closed) return void socket.destroy();
          if (!(error instanceof HttpError)) log(`内部错误 ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
          await sendError(res, error instanceof HttpError ? error : errors.internal(), control.answer);
        }
      })().catch((error: unknown) => {
        log(`应答失败: ${String(error)}`);
        req.socket.destroy();
      });
    },
  );
  server.maxConnections = LIMITS.maxConnections;
  server.timeout = LIMITS.socketIdleTimeout;
  server.on('secureConnection', (socket: TLSSocket) => socketGeneration.set(socket, generation));
  server.on('tlsClientError', (error: Error) => log(`TLS 握手被拒绝: ${error.message}`));

  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    setFaults: (f) => faults.set(f),
    setCrl(pem) {
      crlPem = pem;
      server.setSecureContext(secureContext());
      generation += 1;
      server.closeIdleConnections();
    },
    setCatalogTamper(t) {
      ctx.tamperCatalog = t ?? undefined;
    },
    setCatalog(c) {
      catalog = c;
      published = { serial: published.serial + 1, issuedAt: ctx.now().toISOString() };
    },
    appliedCount: (nodeId) => store.appliedCount(nodeId),
    appliedVersions: (nodeId) => store.appliedVersions(nodeId),
    heartbeats: (nodeId) => store.heartbeats(nodeId),
    nodes: () => store.nodes(),
    auditHeads: (nodeId) => store.auditHeads(nodeId),
    drFiles: (nodeId) => ctx.dr!.files(nodeId),
    async close() {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      store.close();
    },
  };
}

/** A receipt signed by a key that is not the certificate's would fail every node's check. */
function assertKeyMatches(key: ReturnType<typeof createPrivateKey>, certPem: string): void {
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) throw new Error('回执签名私钥与签名证书不匹配');
}
