// `edge-node audit list` and `edge-node audit export` (审计员): the 审计日志 screen for county IT
// over a remote shell — the same filters (person, action or kind, China days, outcome), the
// same sentences, the same paging on the log's sequence numbers, and the same export, which
// the core records in the log. Times print in 北京时间; ISO UTC only under --json.
import { chmodSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTION_INFO,
  AUDIT_KINDS,
  AUDIT_KIND_LABELS,
  type AuditAction,
  type AuditExportFormat,
  type AuditFilter,
  type AuditKind,
} from '../../common/contract';
import { withNode, type GlobalOptions } from './cli-node';
import { BEIJING, printJson, printTable, when } from './print';
import { CliError } from './secrets';

interface FilterOptions {
  as: string;
  user?: string;
  action?: { action: AuditAction } | { kind: AuditKind };
  from?: string;
  to?: string;
  outcome?: 'success' | 'failure';
}

// The Chinese name first, the code in brackets: what a person reads, then what a script may type.
const KIND_CHOICES = AUDIT_KINDS.map((k) => `${AUDIT_KIND_LABELS[k].zh}（${k}）`).join('、');

/** An action by its code (record.correct) or name (更正记录), or a kind by its code (record) or name (数据登记). */
export function parseAction(value: string): { action: AuditAction } | { kind: AuditKind } {
  const text = value.trim();
  const action = AUDIT_ACTIONS.find((a) => a === text || AUDIT_ACTION_INFO[a].zh === text);
  if (action) return { action };
  const kind = AUDIT_KINDS.find((k) => k === text || AUDIT_KIND_LABELS[k].zh === text);
  if (kind) return { kind };
  throw new CliError(`--action 应为一种操作（如 record.correct 或「更正记录」）或一类操作：${KIND_CHOICES}；收到「${value}」。全部操作见 edge-node audit actions`);
}

/** `2026-11-26`, a real day. */
function parseDay(flag: string) {
  return (value: string): string => {
    const text = value.trim();
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
    if (!ok) throw new CliError(`${flag} 应写成 年-月-日（北京时间的日期），例如 2026-11-26，收到「${value}」`);
    return text;
  };
}

function parseOutcome(value: string): 'success' | 'failure' {
  const text = value.trim();
  if (text === 'success' || text === '成功') return 'success';
  if (text === 'failure' || text === '失败') return 'failure';
  throw new CliError(`--outcome 应为 success（成功）或 failure（失败），收到「${value}」`);
}

function withFilterOptions(command: Command): Command {
  return command
    .requiredOption('--as <用户名>', '审计员用户名（密码从 $EDGE_NODE_PASSWORD 或提示输入读取）')
    .option('--user <用户名或姓名>', '只看此人的操作')
    .option('--action <操作或类别>', `只看一种操作（如 record.correct 或「更正记录」）或一类操作：${KIND_CHOICES}`, parseAction)
    .option('--from <日期>', '从这一天起（含），北京时间，如 2026-11-01', parseDay('--from'))
    .option('--to <日期>', '到这一天止（含），北京时间，如 2026-11-30', parseDay('--to'))
    .option('--outcome <结果>', '只看成功（success）或失败（failure）的操作', parseOutcome);
}

function filterOf(o: FilterOptions): AuditFilter {
  if (o.from && o.to && o.from > o.to) throw new CliError(`--from（${o.from}）不能晚于 --to（${o.to}）`);
  return {
    ...(o.user ? { user: o.user } : {}),
    ...(o.action ?? {}),
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(o.outcome ? { outcome: o.outcome } : {}),
  };
}

function positive(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`${name}应为 1 到 ${max} 之间的整数，收到「${value}」`);
    return n;
  };
}

/** Writes a file only its owner can read (an audit log names people), also over an existing file. */
function writePrivateFile(path: string, data: Buffer): void {
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function addAuditCommands(program: Command, globals: () => GlobalOptions): void {
  // `audit verify` is declared with the other commands; list and export join it.
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('审计日志（审计员）');

  withFilterOptions(audit.command('list').description(`列出审计日志，最新的在前：时间${BEIJING}、操作人、结果与一句话说明；可按人员、操作、日期与结果筛选`))
    .option('--page-size <条数>', '每页条数（最多 200）', positive('每页条数', 200), 20)
    .option('--before <序号>', '列出比此序号更早的记录（翻到下一页）', positive('序号', Number.MAX_SAFE_INTEGER))
    .option('--json', '以 JSON 输出（时间为 ISO 格式的 UTC 时间，供脚本使用）')
    .action(async (o: FilterOptions & { pageSize: number; before?: number; json?: boolean }) => {
      const filter = filterOf(o);
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const page = await node.call('audit.list', { ...filter, pageSize: o.pageSize, withTotal: true, ...(o.before ? { before: o.before } : {}) });
        if (o.json) return printJson(page);
        if (page.items.length === 0) {
          console.log(o.before ? `序号 ${o.before} 之前没有符合条件的审计记录` : '没有符合条件的审计记录');
          return;
        }
        printTable(
          ['序号', `时间${BEIJING}`, '操作人', '角色', '结果', '说明'],
          page.items.map((e) => [e.seq, when(e.at), e.actorName.zh, e.roleName.zh, e.outcome === 'success' ? '成功' : '失败', e.sentence.zh]),
        );
        console.log(`共 ${page.total ?? '?'} 条符合条件，本页 ${page.items.length} 条（序号 ${page.items.at(-1)!.seq}–${page.items[0]!.seq}）`);
        if (page.hasOlder) console.log(`更早的记录：在命令后加 --before ${page.items.at(-1)!.seq}`);
      });
    });

  withFilterOptions(audit.command('export').description('把审计日志（可按人员、操作、日期与结果筛选）导出为 Excel（XLSX）或 CSV 文件；导出本身会记入审计日志'))
    .option('--out <文件>', '写入的文件（默认当前目录下的 审计日志-<时间>.xlsx）')
    .option('--format <格式>', 'xlsx（Excel，默认）或 csv（UTF-8，Excel 可直接打开）；不写时按 --out 的扩展名')
    .action(async (o: FilterOptions & { out?: string; format?: string }) => {
      const filter = filterOf(o);
      const format = exportFormat(o.format, o.out);
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const file = await node.call('audit.export', { ...filter, format });
        const path = resolve(o.out ?? file.fileName);
        const bytes = Buffer.from(file.fileBase64, 'base64');
        writePrivateFile(path, bytes);
        console.log(`已导出 ${file.rows} 条审计记录到：${path}（${format === 'csv' ? 'CSV' : 'Excel'}，${bytes.length} 字节，仅本用户可读）。本次导出已记入审计日志。`);
      });
    });

  audit
    .command('actions')
    .description('列出可用于 --action 的操作与类别')
    .action(() => {
      printTable(
        ['类别', '类别代码', '操作', '操作代码'],
        AUDIT_KINDS.flatMap((k) => AUDIT_ACTIONS.filter((a) => AUDIT_ACTION_INFO[a].kind === k).map((a) => [AUDIT_KIND_LABELS[k].zh, k, AUDIT_ACTION_INFO[a].zh, a])),
      );
    });
}

function exportFormat(format: string | undefined, out: string | undefined): AuditExportFormat {
  const chosen = (format ?? (out && extname(out).toLowerCase() === '.csv' ? 'csv' : 'xlsx')).trim().toLowerCase();
  if (chosen !== 'xlsx' && chosen !== 'csv') throw new CliError(`--format 应为 xlsx 或 csv，收到「${format}」`);
  return chosen;
}
