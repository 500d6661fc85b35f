// Real nodes talking to a real reference exchange over mutual TLS, for the sync tests: a
// set-up node with one account per role and test-sized engine timings, an exchange started
// with certificates from the openssl test PKI, and the steps county IT takes to connect the
// two (pin the root, CSR → provincial CA → import, exchange address). Nothing is mocked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { NodeConfig } from '../../main/core/types';
import type { EdgeNode } from '../../main/api/runtime';
import type { SyncServiceOptions } from '../../main/sync/sync-service';
import type { ApiResult, ChannelName, InputOf, OutputOf, Role, SyncStatus } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { startExchange, type ExchangeHandle, type FaultOptions } from '../../sync/exchange/server';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from './test-node';
import { addReadyAccount } from './accounts';
import type { KeyAndCert, TestPki } from './pki';

/** Engine timings for tests: retries within tens of milliseconds, not minutes. */
export const FAST_SYNC: SyncServiceOptions = {
  automatic: true,
  engine: { backoff: { baseMs: 20, capMs: 200 }, requestTimeoutMs: 5_000, newDataDelayMs: 50 },
};

export interface SyncNode {
  node: EdgeNode;
  dataDir: string;
  keyFile: string;
  tokens: Record<Role, string>;
  call<C extends ChannelName>(token: string | null, channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>>;
  /** Calls and throws on refusal. */
  ok<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  /** Closes and reopens the node (the engine restarts); logs every role in again. */
  reopen(sync?: SyncServiceOptions): Promise<void>;
  cleanup(): void;
}

/** `now`: the node's clock (certificates, backups and the dashboard judge ages by it). */
export async function startSyncNode(sync: SyncServiceOptions = FAST_SYNC, options: { now?: () => Date } = {}): Promise<SyncNode> {
  const root = mkdtempSync(join(tmpdir(), 'edge-node-sync-'));
  const dataDir = join(root, 'data');
  const keyFile = join(root, 'config', 'node.keyfile');
  const config = (s: SyncServiceOptions): NodeConfig => ({ dataDir, keyProtector: keyFileProtector(keyFile), sync: s, ...(options.now ? { now: options.now } : {}) });
  const login = async (node: EdgeNode, username: string, password: string) => {
    const answer = await node.dispatch(null, 'auth.login', { username, password });
    if (!answer.result.ok || !answer.sessionToken) throw new Error(`login of ${username} failed: ${JSON.stringify(answer.result)}`);
    return answer.sessionToken;
  };
  const t: SyncNode = {
    node: await openNode(config(sync)),
    dataDir,
    keyFile,
    tokens: {} as Record<Role, string>,
    async call(token, channel, input) {
      return (await t.node.dispatch(token, channel, input)).result as never;
    },
    async ok(role, channel, input) {
      const result = await t.call(t.tokens[role], channel, input);
      if (!result.ok) throw new Error(`${channel} as ${role} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async reopen(s = sync) {
      t.node.close();
      t.node = await openNode(config(s));
      for (const role of Object.keys(t.tokens) as Role[]) t.tokens[role] = await login(t.node, role === 'admin' ? ADMIN.username : role, PASSWORDS[role]);
    },
    cleanup() {
      t.node.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  const setup = await t.call(null, 'setup.initialize', { ...NODE_IDENTITY, admin: ADMIN, recoveryPassphrase: RECOVERY_PASSPHRASE });
  if (!setup.ok) throw new Error(`setup failed: ${JSON.stringify(setup.error)}`);
  t.tokens.admin = await login(t.node, ADMIN.username, ADMIN.password);
  for (const role of ['clerk', 'operator', 'auditor', 'official'] as const) {
    t.tokens[role] = (await addReadyAccount(t.node, t.tokens.admin, { username: role, displayName: `测试${role}`, role, unit: '扶贫办', password: PASSWORDS[role] })).token;
  }
  return t;
}

export type ServerCert = 'server' | 'serverOtherCa' | 'serverWrongHost';

export interface TestExchange extends ExchangeHandle {
  dataDir: string;
}

export async function startTestExchange(
  pki: TestPki,
  options: { catalog?: Catalog; faults?: FaultOptions; serverCert?: ServerCert | KeyAndCert; crlPem?: string; dataDir?: string; port?: number; now?: () => Date; auditProofLinks?: number } = {},
): Promise<TestExchange> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'edge-node-exchange-'));
  const server = typeof options.serverCert === 'object' ? options.serverCert : pki[options.serverCert ?? 'server'];
  const handle = await startExchange({
    dataDir,
    tls: { keyPem: server.keyPem, certPem: server.certPem, clientCaPem: pki.root.certPem, ...(options.crlPem ? { crlPem: options.crlPem } : {}) },
    signing: { keyPem: pki.exchangeSigning.keyPem, certPem: pki.exchangeSigning.certPem },
    catalog: options.catalog ?? sampleCatalog,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.port ? { port: options.port } : {}),
    // The exchange's own clock (receipts, the Date header), for the clock-skew tests.
    ...(options.now ? { now: options.now } : {}),
    ...(options.auditProofLinks ? { auditProofLinks: options.auditProofLinks } : {}),
  });
  const close = handle.close.bind(handle);
  return Object.assign(handle, {
    dataDir,
    async close() {
      await close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/**
 * What county IT does once: pin the provincial root, generate the node's key and CSR in
 * the app, have the provincial CA (openssl) sign it, import the certificate, and enter the
 * exchange's address. Returns the signed certificate.
 */
export async function connectNode(t: SyncNode, pki: TestPki, exchangeUrl: string, settings: Partial<InputOf<'sync.setSettings'>> = {}): Promise<string> {
  await t.ok('admin', 'cert.setRoot', { rootPem: pki.root.certPem });
  const { csrPem } = await t.ok('admin', 'cert.createCsr', { keyBits: 2048, province: '海南省', county: '琼中黎族苗族自治县' });
  const certificatePem = pki.signCsr(csrPem);
  await t.ok('admin', 'cert.import', { kind: 'pem', certificatePem });
  await t.ok('admin', 'sync.setSettings', {
    exchangeUrl,
    bandwidthKiBps: 0,
    batchMaxItems: 200,
    batchMaxBytes: 1024 * 1024,
    intervalSeconds: 3600,
    ...settings,
  });
  return certificatePem;
}

/** A loopback port nobody listens on (yet): where the exchange will be once it is up. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until the predicate holds or the time is up (then throws with the last value). */
export async function waitFor<T>(read: () => Promise<T> | T, until: (value: T) => boolean, timeoutMs: number, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!until(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

/** The operator presses 同步 and waits for the run to end: queue empty, or stopped on a problem. The bound allows for a loaded machine. */
export async function syncNow(t: Pick<SyncNode, 'ok'>, timeoutMs = 120_000): Promise<SyncStatus> {
  await t.ok('operator', 'sync.now', {});
  return waitFor(
    () => t.ok('operator', 'sync.status', {}),
    (s) => !s.running && (s.queueDepth === 0 || s.link === 'certificate' || s.link === 'not-configured' || s.link === 'paused'),
    timeoutMs,
    'the sync run to end',
  );
}
