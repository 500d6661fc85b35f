// A bare node-side client for the exchange's tests: plain https.request with the node's key
// and certificate, trusting only the given root, so the tests exercise the exchange and not
// sync/client. Also builds valid items and signed batches.
import { randomUUID } from 'node:crypto';
import { request, type Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { PROTOCOL_VERSION, type Batch, type BatchItem } from '../protocol/messages';
import { sign } from '../protocol/signing';
import { payloadHashOf } from './check-item';

export interface NodeCredentials {
  keyPem?: string;
  certPem?: string;
  /** The pinned provincial root (the server must chain to it). */
  caPem: string;
}

export interface CallOptions {
  method?: string;
  path: string;
  /** A Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  gzip?: boolean;
  headers?: Record<string, string>;
  agent?: Agent | false;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = unknown>(): T;
}

export function call(url: string, credentials: NodeCredentials, options: CallOptions): Promise<Answer> {
  const target = new URL(options.path, url);
  let payload: Buffer | undefined;
  if (options.body !== undefined) payload = Buffer.isBuffer(options.body) ? options.body : Buffer.from(JSON.stringify(options.body));
  if (payload && options.gzip) payload = gzipSync(payload);
  const headers: Record<string, string> = { ...options.headers };
  if (payload) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
    if (options.gzip) headers['content-encoding'] = 'gzip';
  }
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        headers,
        ca: credentials.caPem,
        key: credentials.keyPem,
        cert: credentials.certPem,
        agent: options.agent ?? false,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString('utf8')) as T });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A valid 灾情报送 item (unconditional sharing); fields or other members can be overridden. */
export function makeItem(seq: number, overrides: Partial<BatchItem> = {}): BatchItem {
  const base = {
    seq,
    recordId: randomUUID(),
    version: 1,
    resourceCode: '212001-00001',
    status: 'active' as const,
    fields: {
      reporting_unit: '湾岭镇应急管理办',
      disaster_type: '1',
      occurred_on: '2026-09-15',
      affected_area: '469030',
      affected_people: String(100 + seq),
      direct_loss: '12.50',
      reporter_phone: '13812345678',
    },
    unit: '应急管理办',
    registeredAt: '2026-09-16T08:00:00.000Z',
    ...overrides,
  };
  // The hash covers what was overridden too, unless the test set its own.
  return { ...base, payloadHash: overrides.payloadHash ?? payloadHashOf(base) };
}

export function makeBatch(nodeId: string, epoch: number, items: BatchItem[]): Batch {
  return { protocol: PROTOCOL_VERSION, nodeId, epoch, batchId: randomUUID(), createdAt: new Date().toISOString(), items };
}

export function signBatch(batch: Batch, keyPem: string, certPem: string) {
  return sign(batch, keyPem, certPem);
}
