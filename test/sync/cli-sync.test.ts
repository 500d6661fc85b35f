// County IT over a remote shell: certificates and sync from the `edge-node` CLI, against a
// real exchange (mutual TLS, openssl PKI). Real processes, secrets through the environment.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../support/pki';
import { startTestExchange, type TestExchange } from '../support/sync-node';
import { ADMIN, NODE_IDENTITY, PASSWORDS, RECOVERY_PASSPHRASE } from '../support/test-node';
import { readyUserSteps } from '../support/cli-run';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-sync-'));
const env = { ...process.env, EDGE_NODE_DATA_DIR: join(root, 'data'), EDGE_NODE_KEY_FILE: join(root, 'cfg', 'node.keyfile') };

/** Runs the CLI without blocking this process (the exchange answers from here). */
function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/edge-node.mjs', ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 300_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, out, err });
    });
  });
}
const as = (role: 'admin' | 'operator' | 'clerk') => ({ EDGE_NODE_PASSWORD: PASSWORDS[role] });

describe('CLI: edge-node cert … and sync …', () => {
  let pki: TestPki;
  let exchange: TestExchange;

  before(async () => {
    pki = createTestPki();
    exchange = await startTestExchange(pki);
    const init = await cli(
      ['init', '--unit-name', NODE_IDENTITY.unitName, '--credit-code', NODE_IDENTITY.creditCode, '--division-code', NODE_IDENTITY.divisionCode, '--admin-user', ADMIN.username, '--admin-name', ADMIN.displayName],
      { EDGE_NODE_ADMIN_PASSWORD: ADMIN.password, EDGE_NODE_RECOVERY_PASSPHRASE: RECOVERY_PASSPHRASE },
    );
    assert.equal(init.code, 0, init.err);
    for (const role of ['operator', 'clerk'] as const) {
      for (const step of readyUserSteps({ username: role, name: `测试${role}`, role, unit: '扶贫办', password: PASSWORDS[role] })) {
        const run = await cli(step.args, step.env);
        assert.equal(run.code, 0, run.err);
      }
    }
  });
  after(async () => {
    await exchange?.close();
    pki?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  test('sync now before configuration exits 2 and says what is missing', async () => {
    const run = await cli(['sync', 'now', '--as', 'operator'], as('operator'));
    assert.equal(run.code, 2, run.err);
    assert.match(run.out, /未配置交换平台地址/);
  });

  test('admin: root, CSR to a file, import the signed certificate, exchange address', async () => {
    writeFileSync(join(root, 'root.pem'), pki.root.certPem);
    const rootSet = await cli(['cert', 'root', '--as', 'admin', join(root, 'root.pem')], as('admin'));
    assert.equal(rootSet.code, 0, rootSet.err);
    assert.match(rootSet.out, /省级根证书已设置/);

    const csr = await cli(['cert', 'csr', '--as', 'admin', '--province', '海南省', '--county', '琼中黎族苗族自治县', '--bits', '2048', '--out', join(root, 'node.csr')], as('admin'));
    assert.equal(csr.code, 0, csr.err);
    const verified = pki.openssl(['req', '-verify', '-noout'], { input: readFileSync(join(root, 'node.csr')) });
    assert.equal(verified.status, 0, verified.stderr);

    writeFileSync(join(root, 'node.crt'), pki.signCsr(readFileSync(join(root, 'node.csr'), 'utf8')));
    const imported = await cli(['cert', 'import', '--as', 'admin', join(root, 'node.crt')], as('admin'));
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /证书已导入/);

    const operatorTry = await cli(['cert', 'import', '--as', 'operator', join(root, 'node.crt')], as('operator'));
    assert.equal(operatorTry.code, 1);
    assert.match(operatorTry.err, /无权使用此功能/);

    const settings = await cli(['sync', 'settings', '--as', 'admin', '--exchange-url', exchange.url, '--batch-items', '100'], as('admin'));
    assert.equal(settings.code, 0, settings.err);
    assert.ok(settings.out.includes(exchange.url));

    const show = await cli(['cert', 'show', '--as', 'admin', '--json'], as('admin'));
    const status = JSON.parse(show.out) as { keyPresent: boolean; certificate: { warning: string } | null };
    assert.equal(status.keyPresent, true);
    assert.equal(status.certificate?.warning, 'none');
    assert.ok(!show.out.includes('PRIVATE KEY'));
  });

  test('operator: sync now delivers what the clerk registered; status, rejected, pause and resume', async () => {
    const household = ['householder_name=测试乙', 'householder_id_number=11010519491231002x', 'village_code=469030100201', 'household_size=4', 'income_per_capita=3500.5', 'household_category=1', 'main_cause=01', 'identified_on=2016-05-01', 'poverty_status=1'].flatMap((f) => ['--field', f]);
    const add = await cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...household], as('clerk'));
    assert.equal(add.code, 0, add.err);
    assert.equal(exchange.appliedCount(), 0, 'a one-shot command does not start uploading by itself');

    const run = await cli(['sync', 'now', '--as', 'operator'], as('operator'));
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /同步完成/);
    assert.equal(exchange.appliedCount(), 1);

    const status = await cli(['sync', 'status', '--as', 'operator', '--json'], as('operator'));
    const s = JSON.parse(status.out) as { link: string; queueDepth: number };
    assert.deepEqual([s.link, s.queueDepth], ['online', 0]);

    const rejected = await cli(['sync', 'rejected', '--as', 'operator'], as('operator'));
    assert.equal(rejected.code, 0, rejected.err);
    assert.match(rejected.out, /没有被拒收的记录/);

    assert.equal((await cli(['sync', 'pause', '--as', 'operator'], as('operator'))).code, 0);
    const paused = await cli(['sync', 'status', '--as', 'operator'], as('operator'));
    assert.match(paused.out, /已暂停/);
    assert.equal((await cli(['sync', 'resume', '--as', 'operator'], as('operator'))).code, 0);
  });

  test('admin imports a PKCS#12 file with the password from an environment variable', async () => {
    const show = JSON.parse((await cli(['status', '--as', 'admin', '--json'], as('admin'))).out) as { node: { nodeId: string } };
    const issued = pki.issueClient(show.node.nodeId);
    writeFileSync(join(root, 'node.p12'), pki.pkcs12(issued.keyPem, issued.certPem, 'p12-pass', pki.root.certPem));
    const wrong = await cli(['cert', 'import', '--as', 'admin', '--p12', '--password-env', 'P12_PASS', join(root, 'node.p12')], { ...as('admin'), P12_PASS: 'bad' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /密码不正确/);
    const ok = await cli(['cert', 'import', '--as', 'admin', '--p12', '--password-env', 'P12_PASS', join(root, 'node.p12')], { ...as('admin'), P12_PASS: 'p12-pass' });
    assert.equal(ok.code, 0, ok.err);
    const run = await cli(['sync', 'now', '--as', 'operator'], as('operator'));
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  });
});
