// The sentences of the 查阅与导出 entries: who opened, looked up or browsed personal data, and
// who took a file away from the node. They say what was looked at by its resource, its record
// number and how many records were shown — never what the records hold, and never the ID
// number a clerk searched for (the entry does not keep it, and the sentence says so, so the
// auditor knows not to look for it).
import type { Bilingual } from '../../common/contract';
import { formatBytes, IEC_UNITS_ZH } from '../../common/text/format-bytes';
import { both, num, plural, quoted, records, str, type Context, type Sentence } from './sentence-parts';

export type AccessAction = 'record.read' | 'record.find' | 'record.list' | 'intake.report' | 'status.reportExport' | 'status.diagnostics';

/** The resource a search or list was limited to, or every resource. */
function scope(ctx: Context): Bilingual {
  const code = str(ctx.d.resource);
  if (!code) return { zh: '全部资源', en: 'all resources' };
  const name = ctx.names.resource(code) ?? code;
  return { zh: `「${name}」`, en: `"${name}"` };
}

const STATUS: Record<string, Bilingual> = {
  active: { zh: '（仅有效记录）', en: ' (records in force only)' },
  withdrawn: { zh: '（仅已撤回记录）', en: ' (withdrawn records only)' },
};

/** Where a page reached by cursor (no page number) lies: which way the clerk turned. */
const LIST_PLACE: Record<string, Bilingual> = {
  first: { zh: '第一页', en: 'the first page' },
  last: { zh: '最后一页', en: 'the last page' },
  older: { zh: '的下一页（更早的记录）', en: 'a next page (older records)' },
  newer: { zh: '的上一页（更新的记录）', en: 'a previous page (newer records)' },
};

const REPORT_SHOWN: Record<string, Bilingual> = {
  upload: { zh: '可在界面上查看和下载', en: 'to view and download in the app' },
  cli: { zh: '已在命令行中显示', en: 'shown on the command line' },
};

export const ACCESS_SENTENCES: Record<AccessAction, (ctx: Context) => Sentence> = {
  'record.read': (ctx) => {
    const { who } = ctx;
    if (!ctx.ok) {
      return both(`${who.zh} 打开一条记录未成功：未找到该记录，或该记录不属于其单位`, `${who.en} could not open a record: not found, or not of their unit`);
    }
    const r = records(ctx, str(ctx.d.resource));
    const versions = num(ctx.d.versions);
    const v = versions ? { zh: `（共 ${versions} 个版本）`, en: ` (${plural(versions, 'version')})` } : { zh: '', en: '' };
    return both(`${who.zh} 查看了 ${r.zh}的详情${v.zh}`, `${who.en} opened ${r.en}${v.en}`);
  },
  'record.find': (ctx) => {
    const where = scope(ctx);
    const n = num(ctx.d.results) ?? 0;
    return {
      ...both(
        `${ctx.who.zh} 按证件号在${where.zh}中查找记录，找到 ${n} 条（所查号码不记入日志）`,
        `${ctx.who.en} looked up records by ID number in ${where.en} and found ${plural(n, 'record')} (the number searched for is not logged)`,
      ),
      target: '',
    };
  },
  'record.list': (ctx) => {
    const where = scope(ctx);
    const page = num(ctx.d.page) ?? 1;
    const place = LIST_PLACE[str(ctx.d.to) ?? ''] ?? { zh: `第 ${page} 页`, en: `page ${page}` };
    const shown = num(ctx.d.shown) ?? 0;
    const only = STATUS[str(ctx.d.status) ?? ''] ?? { zh: '', en: '' };
    return {
      ...both(
        `${ctx.who.zh} 浏览了${where.zh}的记录列表${place.zh}${only.zh}，显示 ${shown} 条`,
        `${ctx.who.en} browsed ${place.en} of the record list of ${where.en}${only.en}, showing ${plural(shown, 'record')}`,
      ),
      target: '',
    };
  },
  'intake.report': (ctx) => {
    const file = quoted(str(ctx.e.target));
    const listed = num(ctx.d.listed) ?? 0;
    const shown = REPORT_SHOWN[str(ctx.d.source) ?? ''] ?? REPORT_SHOWN.upload!;
    return both(
      `${ctx.who.zh} 取得了文件${file.zh}的导入报告，其中列出有误的行 ${listed} 行（${shown.zh}）`,
      `${ctx.who.en} received the import report of the file${file.en}, listing ${plural(listed, 'row')} with errors (${shown.en})`,
    );
  },
  'status.reportExport': (ctx) => {
    const year = num(ctx.d.year);
    const quarter = num(ctx.d.quarter);
    const which = year && quarter ? { zh: ` ${year} 年第 ${quarter} 季度的`, en: ` for ${year} Q${quarter}` } : { zh: '', en: '' };
    return { ...both(`${ctx.who.zh} 导出了${which.zh}季度报告（Excel，只含统计数字）`, `${ctx.who.en} exported the quarterly report${which.en} (Excel, figures only)`), target: '' };
  },
  'status.diagnostics': (ctx) => {
    const bytes = num(ctx.d.bytes);
    const size = bytes === undefined ? { zh: '', en: '' } : { zh: `，${formatBytes(bytes, IEC_UNITS_ZH)}`, en: `, ${formatBytes(bytes)}` };
    return {
      ...both(
        `${ctx.who.zh} 导出了诊断包（不含个人信息、密钥和人员姓名${size.zh}）`,
        `${ctx.who.en} exported the diagnostics file (no personal data, keys or names of people${size.en})`,
      ),
      target: '',
    };
  },
};
