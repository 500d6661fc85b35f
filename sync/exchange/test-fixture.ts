// One exchange on a temporary data folder, with the openssl-made test PKI
// (test/support/pki.ts) and one enrolled node, for the exchange's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { createTestPki, type KeyAndCert, type TestPki } from '../../test/support/pki';
import { startExchange, type ExchangeHandle, type ExchangeOptions } from './server';
import { call, makeBatch, signBatch, type Answer, type CallOptions, type NodeCredentials } from './test-client';
import type { BatchItem } from '../protocol/messages';
import { PATHS } from '../protocol/messages';

export const NODE_ID = 'node-469030-001';

export interface Fixture {
  pki: TestPki;
  exchange: ExchangeHandle;
  dataDir: string;
  /** The enrolled node's key and certificate (CN = NODE_ID). */
  node: KeyAndCert;
  creds(who?: KeyAndCert): NodeCredentials;
  call(options: CallOptions, who?: KeyAndCert): Promise<Answer>;
  /** Signs and posts a gzip batch of `items` for NODE_ID. */
  postItems(items: BatchItem[], epoch?: number, who?: KeyAndCert): Promise<Answer>;
  /** Stops the exchange and starts another on the same data folder. */
  restart(extra?: Partial<ExchangeOptions>): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startFixture(extra: Partial<ExchangeOptions> = {}, shared?: TestPki): Promise<Fixture> {
  const pki = shared ?? createTestPki();
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-test-'));
  const options = (): ExchangeOptions => ({
    dataDir,
    tls: { keyPem: pki.server.keyPem, certPem: pki.server.certPem, clientCaPem: pki.root.certPem, crlPem: pki.crlPem() },
    signing: pki.exchangeSigning,
    catalog: sampleCatalog,
    ...extra,
  });
  const node = pki.issueClient(NODE_ID);
  const f: Fixture = {
    pki,
    exchange: await startExchange(options()),
    dataDir,
    node,
    creds: (who = node) => ({ keyPem: who.keyPem, certPem: who.certPem, caPem: pki.root.certPem }),
    call: (o, who) => call(f.exchange.url, f.creds(who), o),
    postItems(items, epoch = 1, who = node) {
      const signed = signBatch(makeBatch(NODE_ID, epoch, items), who.keyPem, who.certPem);
      return f.call({ path: PATHS.batches, body: signed, gzip: true }, who);
    },
    async restart(more = {}) {
      await f.exchange.close();
      f.exchange = await startExchange({ ...options(), ...more });
    },
    async cleanup() {
      await f.exchange.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (!shared) pki.cleanup();
    },
  };
  return f;
}
