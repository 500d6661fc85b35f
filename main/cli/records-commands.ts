// `edge-node records …` (录入员): add, list, find, show, correct, withdraw — the same channels,
// role checks and audit entries as the 数据登记 screen. A correction names only the items
// that change (--field, as in `records add`); the others keep their current values. Both a
// correction and a withdrawal need a reason, as in the UI.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Catalog, CatalogItem } from '../../common/catalog/types';
import type { RecordSummary, RecordView } from '../../common/contract';
import { withNode, type GlobalOptions } from './cli-node';
import { BEIJING, printJson, printTable, when } from './print';
import { CliError } from './secrets';
import { positiveInt } from './arguments';
import { cursorFrom, formatPlace } from './list-position';

const STATUS_LABEL = { active: '有效', withdrawn: '已撤回' } as const;

export function addRecordsCommands(program: Command, globals: () => GlobalOptions): void {
  const records = program.command('records').description('数据登记与查询（录入员）');
  records
    .command('add')
    .description('登记一条记录：--field 信息项代码=值（可重复），或 --json 文件（- 为标准输入）')
    .requiredOption('--as <用户名>', '录入员用户名')
    .requiredOption('--resource <资源代码>', '目录资源代码')
    .option('--field <信息项代码=值>', '信息项代码=值', collect)
    .option('--json <文件>', '以 JSON 对象给出全部信息项')
    .action(async (o: { as: string; resource: string; field?: string[]; json?: string }) => {
      const fields = o.json ? readFieldsJson(o.json) : parseFields(o.field ?? []);
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const saved = await node.call('records.create', { resourceCode: o.resource, fields });
        console.log(`已保存。记录编号：${saved.id}（第 ${saved.version} 版）`);
      });
    });
  records
    .command('list')
    .description('分页列出本单位的记录')
    .requiredOption('--as <用户名>', '录入员用户名')
    .option('--resource <资源代码>', '只列出该资源')
    .option('--page <页码>', '页码（适合前几页；翻到深处请用 --after）', (v) => positiveInt(v, '页码'), 1)
    .option('--after <位置>', '列出该位置之后（更早）的一页：上一页末尾打印的「时间,记录编号」')
    .option('--before <位置>', '列出该位置之前（更新）的一页')
    .option('--last', '列出最后一页（最早登记的记录）')
    .option('--page-size <条数>', '每页条数（最多 200）', (v) => positiveInt(v, '每页条数'), 20)
    .option('--json', '以 JSON 输出')
    .action(async (o: { as: string; resource?: string; page: number; after?: string; before?: string; last?: boolean; pageSize: number; json?: boolean }) => {
      const cursor = cursorFrom(o);
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const page = await node.call('records.list', {
          ...(o.resource ? { resourceCode: o.resource } : {}),
          ...(cursor ? { cursor } : { page: o.page }),
          pageSize: o.pageSize,
        });
        if (o.json) return printJson(page);
        printSummaries(page.items);
        console.log(cursor ? `本页 ${page.items.length} 条，共 ${page.total} 条` : `第 ${o.page} 页，共 ${page.total} 条`);
        const first = page.items[0];
        const last = page.items[page.items.length - 1];
        if (first && page.hasNewer) console.log(`上一页：--before ${formatPlace(first)}`);
        if (last && page.hasOlder) console.log(`下一页：--after ${formatPlace(last)}`);
      });
    });
  records
    .command('find <证件号>')
    .description('按身份证号或统一社会信用代码查找本单位的记录')
    .requiredOption('--as <用户名>', '录入员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (key: string, o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const found = await node.call('records.findByKey', { key });
        if (o.json) return printJson(found);
        if (found.length === 0) return console.log('未找到记录');
        printSummaries(found);
      });
    });
  records
    .command('show <记录编号>')
    .description('显示一条记录的全部信息项与历次版本')
    .requiredOption('--as <用户名>', '录入员用户名')
    .option('--json', '以 JSON 输出')
    .action(async (id: string, o: { as: string; json?: boolean }) => {
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const record = await node.call('records.get', { id });
        if (o.json) return printJson(record);
        printRecord(record.current, record.history, await node.call('catalog.get', {}));
      });
    });
  records
    .command('correct <记录编号>')
    .description('更正一条记录：只需给出要改的信息项（--field，可重复），其余保持当前值；须写明原因')
    .requiredOption('--as <用户名>', '录入员用户名')
    .option('--field <信息项代码=值>', '要更正的信息项代码=新值', collect)
    .requiredOption('--reason <原因>', '更正原因（记入历次版本与审计日志）')
    .option('--json', '以 JSON 输出更正后的记录')
    .action(async (id: string, o: { as: string; field?: string[]; reason: string; json?: boolean }) => {
      const changes = parseFields(o.field ?? []);
      if (Object.keys(changes).length === 0) throw new CliError('请用 --field 信息项代码=值 给出要更正的信息项');
      const reason = requireReason(o.reason, '更正');
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const { current } = await node.call('records.get', { id });
        const saved = await node.call('records.correct', { id, baseVersion: current.version, fields: { ...current.fields, ...changes }, reason });
        if (o.json) return printJson(saved);
        console.log(`已更正。记录编号：${saved.id}（第 ${saved.version} 版，原因：${reason}）`);
      });
    });
  records
    .command('withdraw <记录编号>')
    .description('撤回一条记录（如重复登记、对象已迁出）：记录保留在历次版本中，并向交换平台报送撤回；须写明原因')
    .requiredOption('--as <用户名>', '录入员用户名')
    .requiredOption('--reason <原因>', '撤回原因（记入历次版本与审计日志）')
    .option('--json', '以 JSON 输出撤回后的记录')
    .action(async (id: string, o: { as: string; reason: string; json?: boolean }) => {
      const reason = requireReason(o.reason, '撤回');
      await withNode(globals(), async (node) => {
        await node.login(o.as);
        const { current } = await node.call('records.get', { id });
        const saved = await node.call('records.withdraw', { id, baseVersion: current.version, reason });
        if (o.json) return printJson(saved);
        console.log(`已撤回。记录编号：${saved.id}（第 ${saved.version} 版，原因：${reason}）`);
      });
    });
}

function printSummaries(items: RecordSummary[]): void {
  printTable(
    ['记录编号', '名称', '证件号', '状态', '版本', `更新时间${BEIJING}`],
    items.map((r) => [r.id, r.title, r.maskedKey, STATUS_LABEL[r.status], r.version, when(r.updatedAt)]),
  );
}

function printRecord(current: RecordView, history: RecordView[], catalog: Catalog): void {
  const resource = catalog.resources.find((r) => r.code === current.resourceCode);
  console.log(`${resource?.name ?? current.resourceCode}  ${current.id}  第 ${current.version} 版  ${STATUS_LABEL[current.status]}`);
  console.log(`登记于 ${when(current.createdAt)}，最近更新 ${when(current.updatedAt)}${BEIJING}`);
  printTable(['信息项', '值'], (resource?.items ?? []).map((item) => [item.name, shownValue(item, current.fields[item.code], catalog)]));
  printTable(
    ['版本', `时间${BEIJING}`, '操作人', '状态', '原因'],
    history.map((v) => [v.version, when(v.updatedAt), v.updatedBy, STATUS_LABEL[v.status], v.reason ?? '']),
  );
}

/** A code item as people read it: `02 因残`, a village code with its name; other values as stored. */
function shownValue(item: CatalogItem, value: string | undefined, catalog: Catalog): string {
  if (value === undefined || value === '') return '';
  const label = item.codeTable?.find((e) => e.code === value)?.label ?? (item.type === 'divisionCode' ? catalog.divisions?.find((d) => d.code === value)?.name : undefined);
  return label ? `${value} ${label}` : value;
}

function requireReason(reason: string, what: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new CliError(`请用 --reason 写明${what}原因`);
  return trimmed;
}

function collect(value: string, all: string[] = []): string[] {
  return [...all, value];
}

function parseFields(pairs: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--field 应写成 信息项代码=值，收到「${pair}」`);
    fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return fields;
}

function readFieldsJson(file: string): Record<string, string> {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${file} 不是有效的 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${file} 应为 JSON 对象：{"信息项代码": "值", …}`);
  return value as Record<string, string>;
}
