// Dev tool for the reference exchange (not part of the app):
//   node --import tsx sync/exchange/cli.ts pki init   --dir D
//   node --import tsx sync/exchange/cli.ts pki sign   --dir D --csr node.csr --out node.crt [--days 365]
//   node --import tsx sync/exchange/cli.ts pki revoke --dir D --cert node.crt
//   node --import tsx sync/exchange/cli.ts pki crl    --dir D
//   node --import tsx sync/exchange/cli.ts serve      --dir D [--port 8443] [--latency-ms N] [--error-rate R] [--drop-rate R] …
//   node --import tsx sync/exchange/cli.ts nodes      --dir D [--json] [--silent-hours 24] [--division 469030]
//   node --import tsx sync/exchange/cli.ts audit-clear --dir D --node ID --by NAME --reason TEXT
// See sync/exchange/README.md.
import { existsSync, readFileSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { sampleCatalog } from '../../common/catalog/sample-catalog';
import { devPkiFiles, generateCrl, initDevPki, revokeCert, signCsr } from './dev-pki';
import { startExchange, type FaultOptions } from './server';
import { ExchangeStore } from './store';
import { formatListing, summarizeNodes } from './node-listing';

const number = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} 应为 ${min}–${max} 之间的数`);
  return n;
};

const read = (file: string) => {
  if (!existsSync(file)) throw new Error(`找不到文件 ${file}；先运行 pki init？`);
  return readFileSync(file, 'utf8');
};

export function buildProgram(): Command {
  const program = new Command('exchange').description('参考交换平台（开发、测试、演示用）').showHelpAfterError();
  const pki = program.command('pki').description('开发用证书体系（openssl）');

  pki.command('init')
    .description('创建开发用省级根CA、交换平台服务器证书和回执签名证书')
    .requiredOption('--dir <dir>', '证书目录')
    .option('--key-bits <bits>', 'RSA 密钥长度', number('--key-bits', 2048, 4096), 3072)
    .option('--province <name>', '省份名称', '海南省')
    .option('--san <name...>', '服务器证书另外包含的主机名或 IP（默认已含 localhost、127.0.0.1、::1）')
    .action((o: { dir: string; keyBits: number; province: string; san?: string[] }) => {
      const f = initDevPki(o.dir, { keyBits: o.keyBits, province: o.province, extraHosts: o.san ?? [] });
      process.stdout.write(`已创建：\n  根证书（节点固定信任）${f.caCert}\n  服务器证书 ${f.serverCert}\n  回执签名证书 ${f.signingCert}\n  吊销列表 ${f.crl}\n`);
    });

  pki.command('sign')
    .description('用开发根CA签发节点证书（clientAuth）；输出为节点证书 + 根证书')
    .requiredOption('--dir <dir>', '证书目录')
    .requiredOption('--csr <file>', '节点的证书请求（PEM）')
    .requiredOption('--out <file>', '写出的证书文件')
    .option('--days <n>', '有效天数', number('--days', 1, 3650), 365)
    .action((o: { dir: string; csr: string; out: string; days: number }) => {
      writeFileSync(o.out, signCsr(o.dir, read(o.csr), { days: o.days }));
      process.stdout.write(`已签发 ${o.out}\n`);
    });

  pki.command('revoke')
    .description('吊销一张证书并重新发布 crl.pem')
    .requiredOption('--dir <dir>', '证书目录')
    .requiredOption('--cert <file>', '要吊销的证书（PEM，取第一张）')
    .action((o: { dir: string; cert: string }) => {
      revokeCert(o.dir, read(o.cert));
      process.stdout.write(`已吊销，吊销列表已更新：${devPkiFiles(o.dir).crl}\n`);
    });

  pki.command('crl')
    .description('重新生成吊销列表 crl.pem（有效 30 天）')
    .requiredOption('--dir <dir>', '证书目录')
    .action((o: { dir: string }) => {
      generateCrl(o.dir);
      process.stdout.write(`${devPkiFiles(o.dir).crl}\n`);
    });

  program.command('serve')
    .description('启动参考交换平台（示例目录），打印其地址')
    .requiredOption('--dir <dir>', '证书目录（pki init 创建）')
    .option('--data <dir>', '交换平台数据目录（默认 <dir>/exchange-data）')
    .option('--host <host>', '监听地址', '127.0.0.1')
    .option('--port <port>', '端口（0 为随机）', number('--port', 0, 65535), 8443)
    .option('--latency-ms <ms>', '每个请求的延迟', number('--latency-ms', 0, 60_000))
    .option('--error-rate <r>', '回答 503 的比例（0–1）', number('--error-rate', 0, 1))
    .option('--drop-rate <r>', '处理前断开连接的比例（0–1）', number('--drop-rate', 0, 1))
    .option('--drop-after-apply-rate <r>', '入库后、回执前断开连接的比例（0–1）', number('--drop-after-apply-rate', 0, 1))
    .option('--slow-body-bps <n>', '应答限速（字节/秒）', number('--slow-body-bps', 1, 1e9))
    .option('--seed <n>', '故障注入的随机种子', number('--seed', 0, 2 ** 32 - 1))
    .action(serve);

  program.command('nodes')
    .description('列出向本交换平台上报过的全部节点及其最新状态（含失联节点）')
    .option('--dir <dir>', '证书目录（数据目录默认为 <dir>/exchange-data）')
    .option('--data <dir>', '交换平台数据目录')
    .option('--silent-hours <n>', '超过多少小时无心跳视为失联', number('--silent-hours', 0.1, 8760), 24)
    .option('--division <code>', '只列出区划代码以此开头的节点（如县级代码 469030）')
    .option('--json', '以 JSON 输出（供脚本使用）')
    .action(listNodes);

  program.command('audit-clear')
    .description('核查后确认节点的审计链异常：以该节点最近一次被拒绝的审计链头为新的基准，异常记录保留')
    .option('--dir <dir>', '证书目录（数据目录默认为 <dir>/exchange-data）')
    .option('--data <dir>', '交换平台数据目录')
    .requiredOption('--node <id>', '节点编号')
    .requiredOption('--by <name>', '确认人（省级运维人员姓名）')
    .requiredOption('--reason <text>', '核查结论（如：节点重装后从备份恢复，已核实）')
    .action(clearAnomaly);

  return program;
}

interface NodesOptions {
  dir?: string;
  data?: string;
  silentHours: number;
  division?: string;
  json?: boolean;
}

/** The exchange's existing data folder; works while `serve` runs (WAL lets a reader and a short writer in). */
function openExistingStore(o: { dir?: string; data?: string }): ExchangeStore {
  const dataDir = o.data ?? (o.dir ? join(o.dir, 'exchange-data') : undefined);
  if (!dataDir) throw new Error('请用 --dir（证书目录）或 --data（数据目录）指明交换平台');
  // Never create an empty store by mistake: a wrong path must say so, not list nothing.
  if (!existsSync(join(dataDir, 'exchange.db'))) throw new Error(`${dataDir} 中没有交换平台数据；路径是否正确？`);
  return ExchangeStore.open(dataDir);
}

function listNodes(o: NodesOptions): void {
  const store = openExistingStore(o);
  try {
    const options = { now: new Date(), silentHours: o.silentHours, ...(o.division ? { division: o.division } : {}) };
    const nodes = summarizeNodes(store.nodes(), options);
    process.stdout.write(
      o.json ? `${JSON.stringify({ generatedAt: options.now.toISOString(), silentHours: o.silentHours, nodes }, null, 2)}\n` : formatListing(nodes, options),
    );
  } finally {
    store.close();
  }
}

function clearAnomaly(o: { dir?: string; data?: string; node: string; by: string; reason: string }): void {
  const by = o.by.trim();
  const reason = o.reason.trim();
  if (!by || !reason) throw new Error('确认人和核查结论都不能为空');
  const store = openExistingStore(o);
  try {
    const base = store.clearAuditAnomaly(o.node, by, reason, new Date().toISOString());
    if (!base) throw new Error(`节点 ${o.node} 没有待核查的审计链异常（最近一次上报的审计链头不是被拒绝的）`);
    process.stdout.write(`已确认节点 ${o.node} 的审计链异常；此后以审计序号 ${base.seq} 为基准核对，节点下次心跳时自动衔接。异常记录仍保留在节点列表中（已核查）。\n`);
  } finally {
    store.close();
  }
}

interface ServeOptions {
  dir: string;
  data?: string;
  host: string;
  port: number;
  latencyMs?: number;
  errorRate?: number;
  dropRate?: number;
  dropAfterApplyRate?: number;
  slowBodyBps?: number;
  seed?: number;
}

async function serve(o: ServeOptions): Promise<void> {
  const f = devPkiFiles(o.dir);
  const faults: FaultOptions = {
    ...(o.latencyMs !== undefined && { latencyMs: o.latencyMs }),
    ...(o.errorRate !== undefined && { errorRate: o.errorRate }),
    ...(o.dropRate !== undefined && { dropRate: o.dropRate }),
    ...(o.dropAfterApplyRate !== undefined && { dropAfterApplyRate: o.dropAfterApplyRate }),
    ...(o.slowBodyBps !== undefined && { slowBodyBytesPerSec: o.slowBodyBps }),
    ...(o.seed !== undefined && { seed: o.seed }),
  };
  const crl = () => (existsSync(f.crl) ? readFileSync(f.crl, 'utf8') : undefined);
  const exchange = await startExchange({
    dataDir: o.data ?? join(f.dir, 'exchange-data'),
    tls: { keyPem: read(f.serverKey), certPem: read(f.serverCert), clientCaPem: read(f.caCert), crlPem: crl() },
    signing: { keyPem: read(f.signingKey), certPem: read(f.signingCert) },
    catalog: sampleCatalog,
    host: o.host,
    port: o.port,
    faults,
    log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  });
  // `pki revoke` in another terminal takes effect without a restart.
  watchFile(f.crl, { interval: 500 }, () => {
    exchange.setCrl(crl());
    process.stderr.write(`${new Date().toISOString()} 已重新加载吊销列表\n`);
  });
  process.stdout.write(`${exchange.url}\n`);
  process.stderr.write(`参考交换平台已启动：${exchange.url}（根证书 ${f.caCert}，回执签名证书 ${f.signingCert}）。Ctrl+C 停止。\n`);
  const stop = () => {
    unwatchFile(f.crl);
    void exchange.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    process.stderr.write(`错误：${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await main(process.argv);
  if (code !== 0) process.exitCode = code;
}
