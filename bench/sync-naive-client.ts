// The "naive client" baseline of the sync bench: one HTTPS request per record. Each request
// is a complete protocol batch of ONE item — built like the engine builds items (payload
// hash over the stored version), signed with the node key, gzipped, POSTed through the same
// transport the engine uses (axios over a keep-alive https.Agent, mutual TLS, pinned root) —
// and its signed receipt is parsed and verified with the exchange's receipt-signing
// certificate, as the engine does. What it does NOT do is the node's bookkeeping (no outbox
// rows marked in flight, no receipt stored, no rows retired): it is the cheapest
// one-request-per-record client the protocol allows, so the ratio against it is the strict one.
import { randomBytes } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ExchangeTransport } from '../sync/client/transport';
import { verifyReceipt } from '../sync/client/receipt';
import { payloadHash } from '../sync/client/batch';
import { SIGNING_CERTIFICATE_PATH } from '../sync/client/engine';
import { PATHS, PROTOCOL_VERSION, type Batch, type BatchItem } from '../sync/protocol/messages';
import { sign } from '../sync/protocol/signing';
import { uuid7 } from '../main/store/uuid7';

const gzipAsync = promisify(gzip);

export interface NaiveClientConfig {
  baseUrl: string;
  rootPem: string;
  /** Certificate (CN = node id) and key, issued by the provincial root. */
  nodeId: string;
  certPem: string;
  keyPem: string;
}

/** A registered-looking record version (uuid7 id, version 1), as the outbox would deliver it. */
export function itemFor(seq: number, resourceCode: string, fields: Record<string, string>, unit: string): BatchItem {
  const base = { seq, recordId: uuid7(), version: 1, resourceCode, status: 'active' as const, fields, unit, registeredAt: new Date().toISOString() };
  return { ...base, payloadHash: payloadHash(base) };
}

export class NaiveClient {
  private readonly transport: ExchangeTransport;
  private signingPem: string | null = null;

  constructor(private readonly config: NaiveClientConfig) {
    this.transport = new ExchangeTransport({
      baseUrl: config.baseUrl,
      rootPem: config.rootPem,
      certificatePem: config.certPem,
      chainPems: [],
      privateKeyPem: config.keyPem,
      timeoutMs: 30_000,
    });
  }

  /** Fetches the receipt-signing certificate once (the engine keeps it in its database). */
  async prepare(): Promise<void> {
    const answer = await this.transport.get(SIGNING_CERTIFICATE_PATH, { signal: AbortSignal.timeout(30_000) });
    if (answer.status !== 200) throw new Error(`signing certificate: HTTP ${answer.status}`);
    this.signingPem = answer.body.toString('utf8');
  }

  /** Sends one item as its own signed batch; resolves when its verified receipt accepted it. */
  async send(item: BatchItem, epoch = 1): Promise<void> {
    const batchId = randomBytes(16).toString('hex');
    const batch: Batch = { protocol: PROTOCOL_VERSION, nodeId: this.config.nodeId, epoch, batchId, createdAt: new Date().toISOString(), items: [item] };
    const body = await gzipAsync(Buffer.from(JSON.stringify(sign(batch, this.config.keyPem, this.config.certPem)), 'utf8'));
    const answer = await this.transport.post(PATHS.batches, body, { signal: AbortSignal.timeout(60_000), bytesPerSecond: 0 });
    if (answer.status !== 200) throw new Error(`seq ${item.seq}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    const receipt = verifyReceipt(JSON.parse(answer.body.toString('utf8')), { nodeId: batch.nodeId, epoch, batchId, seqs: [item.seq] }, this.signingPem!);
    const outcome = receipt.items[0];
    if (!outcome || outcome.outcome !== 'accepted') throw new Error(`seq ${item.seq}: ${JSON.stringify(outcome)}`);
  }

  close(): void {
    this.transport.close();
  }
}
