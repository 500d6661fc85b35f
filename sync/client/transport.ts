// HTTPS to the provincial exchange with mutual TLS. The agent trusts ONLY the pinned
// provincial root (the `ca` option replaces Node's built-in store, and no proxy from the
// environment is used), presents the node's certificate and key, and keeps connections
// alive between batches. Answers are returned whatever their status; failures without an
// answer are thrown as they come from Node (failures.ts classifies them).
import https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import { ThrottleStream } from './throttle';
import { normaliseSerial } from '../../certs/asn1';
import { BATCH_PROTOCOL_V2, PROTOCOLS_HEADER } from '../protocol/batch-v2';
import { advertisedProofLinks, AUDIT_PROOF_LINKS_HEADER, BASE_AUDIT_PROOF_LINKS } from '../protocol/messages';

export interface TransportConfig {
  baseUrl: string;
  rootPem: string;
  certificatePem: string;
  chainPems: string[];
  privateKeyPem: string;
  /** Serials (normalised hex) revoked by the node's verified CRL: the exchange's server certificate must not be one. */
  revokedSerials?: ReadonlySet<string>;
  /** No answer within this long (connect, or idle while reading) counts as a network failure. */
  timeoutMs: number;
  /** Sees every answer as it arrives (the engine reads the exchange's clock from its Date header). */
  onAnswer?: (answer: Answer) => void;
  /** The batch protocol versions the exchange advertised last time (kept by the node); absent: version 1 only. */
  protocols?: readonly number[];
  /** The exchange advertised other versions than before: the node keeps them for its next start. */
  onProtocols?: (versions: readonly number[]) => void;
  /** The audit proof size the exchange advertised last time (kept by the node); absent: 256. */
  proofLinks?: number;
  /** The exchange advertised another proof size than before: the node keeps it too. */
  onProofLinks?: (links: number) => void;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface PostOptions {
  signal: AbortSignal;
  /** Upload cap in bytes per second; 0 means none. */
  bytesPerSecond: number;
  onBytes?: (n: number) => void;
  headers?: Record<string, string>;
}

/** Code of the error diagnoseHandshake makes when the exchange hung up on our certificate. */
export const REFUSED_AFTER_CERTIFICATE = 'ERR_EXCHANGE_REFUSED_CERTIFICATE';

/** What an answer may weigh at most (receipts, catalogs and CRLs are far smaller). */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export class ExchangeTransport {
  private readonly agent: https.Agent;
  /** Serials of the server certificates this transport accepted: a CRL downloaded mid-pass is checked against them. */
  readonly serverSerials = new Set<string>();
  private readonly http: AxiosInstance;
  /**
   * Batch protocol versions the exchange said it accepts, from the last answer it gave (the
   * PROTOCOLS_HEADER on every answer); an answer without it is from a version-1 exchange.
   * Before any answer: what it advertised before the node's last stop, else version 1 only.
   * An exchange that went back to v1 since says so in its first good answer (the start's
   * housekeeping downloads come before any batch): no header, so version 1 again.
   */
  private protocols: ReadonlySet<number>;
  /**
   * Most audit HMACs a heartbeat may carry, as the exchange's latest good answer said
   * (AUDIT_PROOF_LINKS_HEADER); before any answer, what it said before the node's last stop,
   * else the 256 every exchange takes.
   */
  private proofLinks: number;

  constructor(readonly config: TransportConfig) {
    this.protocols = new Set(config.protocols && config.protocols.length > 0 ? config.protocols : [1]);
    this.proofLinks = config.proofLinks ?? BASE_AUDIT_PROOF_LINKS;
    this.agent = new https.Agent({
      ca: [config.rootPem],
      cert: [config.certificatePem, ...config.chainPems].join('\n'),
      key: config.privateKeyPem,
      rejectUnauthorized: true,
      keepAlive: true,
      // Batches are pipelined (engine.ts MAX_BATCHES_IN_FLIGHT), each on its own connection.
      maxSockets: 8,
      minVersion: 'TLSv1.2',
      // Runs inside the handshake, after the chain to the pinned root verified and before any
      // request byte is written: a revoked server certificate never receives data.
      checkServerIdentity: (host, cert) => {
        const wrongHost = tls.checkServerIdentity(host, cert);
        if (wrongHost) return wrongHost;
        const serial = normaliseSerial(cert.serialNumber);
        this.serverSerials.add(serial);
        if (config.revokedSerials?.has(serial)) {
          return Object.assign(new Error('exchange server certificate is revoked by the stored CRL'), { code: 'CERT_REVOKED' });
        }
        return undefined;
      },
    });
    this.http = axios.create({
      baseURL: config.baseUrl.replace(/\/+$/, ''),
      httpsAgent: this.agent,
      proxy: false,
      timeout: config.timeoutMs,
      maxRedirects: 0,
      responseType: 'arraybuffer',
      // Bodies are parsed here, with the protocol's schemas, not by axios.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxContentLength: MAX_ANSWER_BYTES,
      maxBodyLength: Infinity,
      decompress: true,
    });
  }

  async post(path: string, body: Buffer, options: PostOptions): Promise<Answer> {
    const throttle = new ThrottleStream(options.bytesPerSecond, options.onBytes);
    const source = Readable.from(chunks(body));
    source.pipe(throttle);
    try {
      const response = await this.http.post(path, throttle, {
        signal: options.signal,
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(body.length),
          accept: 'application/json',
          ...options.headers,
        },
      });
      return this.noteVersions(toAnswer(response));
    } finally {
      source.destroy();
      throttle.destroy();
    }
  }

  async get(path: string, options: { signal: AbortSignal; headers?: Record<string, string> }): Promise<Answer> {
    const response = await this.http.get(path, { signal: options.signal, headers: { ...options.headers } });
    return this.noteVersions(toAnswer(response));
  }

  /** True when the exchange's latest answer advertised batch protocol version 2. */
  acceptsV2(): boolean {
    return this.protocols.has(BATCH_PROTOCOL_V2);
  }

  /** Most audit HMACs the next heartbeat may carry (main/audit/public-chain.ts caps its proof there). */
  auditProofLinks(): number {
    return this.proofLinks;
  }

  private noteVersions(answer: Answer): Answer {
    this.config.onAnswer?.(answer);
    const advertised = answer.headers[PROTOCOLS_HEADER];
    // An error page from something in front of the exchange (a proxy's 503) says nothing
    // about the exchange's versions; only a success without the header means "version 1 only".
    if (advertised === undefined && (answer.status < 200 || answer.status >= 300)) return answer;
    const links = advertisedProofLinks(answer.headers[AUDIT_PROOF_LINKS_HEADER]);
    if (links !== this.proofLinks) this.config.onProofLinks?.(links);
    this.proofLinks = links;
    const versions = (advertised ?? '1').split(',').map((v) => Number(v.trim())).filter((v) => Number.isInteger(v) && v >= 1);
    const next = new Set(versions.length > 0 ? versions : [1]);
    const changed = next.size !== this.protocols.size || [...next].some((v) => !this.protocols.has(v));
    this.protocols = next;
    if (changed) this.config.onProtocols?.([...next].sort((a, b) => a - b));
    return answer;
  }

  /**
   * A bare TLS 1.2 handshake with the same trust and identity, to tell why a connection was
   * reset. Under TLS 1.3 the server judges the client certificate after the client already
   * considers the handshake done and has sent its request, so a refusal reaches us as a
   * plain reset. In TLS 1.2 the server answers our certificate within the handshake: an
   * alert (OpenSSL servers) names the reason; a server that only hangs up (Node's) does so
   * after our whole flight — visible because our key material exists (the keylog event)
   * but the handshake never completed. Resolves null when the handshake succeeds.
   */
  diagnoseHandshake(timeoutMs: number): Promise<Error | null> {
    const url = new URL(this.config.baseUrl);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve) => {
      let settled = false;
      let flightSent = false;
      let secure = false;
      const done = (value: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(value);
      };
      const refusedAfterFlight = (cause?: Error) =>
        Object.assign(new Error('the exchange closed the connection after receiving our certificate', cause ? { cause } : {}), { code: REFUSED_AFTER_CERTIFICATE });
      const socket = tls.connect({
        host,
        port: Number(url.port || 443),
        ...(isIP(host) ? {} : { servername: host }),
        ca: [this.config.rootPem],
        cert: [this.config.certificatePem, ...this.config.chainPems].join('\n'),
        key: this.config.privateKeyPem,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.2',
      });
      // Only the fact matters; the secret itself is dropped at once.
      socket.on('keylog', () => (flightSent = true));
      socket.once('secureConnect', () => {
        secure = true;
        done(null);
      });
      socket.once('error', (error: Error & { code?: string }) => {
        if (!secure && flightSent && !/^ERR_SSL_|^CERT_|^UNABLE_|^DEPTH_|^SELF_SIGNED|^ERR_TLS_/.test(error.code ?? '')) return done(refusedAfterFlight(error));
        done(error);
      });
      socket.once('close', () => done(!secure && flightSent ? refusedAfterFlight() : null));
      const timer = setTimeout(() => done(null), timeoutMs);
      timer.unref();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function* chunks(body: Buffer, size = 16 * 1024): Generator<Buffer> {
  for (let offset = 0; offset < body.length; offset += size) yield body.subarray(offset, offset + size);
}

function toAnswer(response: { status: number; headers: unknown; data: unknown }): Answer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((response.headers ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const data = response.data;
  const body = Buffer.isBuffer(data) ? data : data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(String(data ?? ''), 'utf8');
  return { status: response.status, headers, body };
}

/** The exchange's { error: { code, message } }, when the body is one. */
export function exchangeMessage(body: Buffer): { code: string; message: string } | null {
  try {
    const value = JSON.parse(body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    if (value?.error && typeof value.error.message === 'string') return { code: String(value.error.code ?? ''), message: value.error.message };
  } catch {
    // not JSON
  }
  return null;
}
