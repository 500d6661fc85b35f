// The report written beside a watch-folder file once it has been handled: `<name>.report.json`
// (the ImportReport, for programs) and `<name>.report.txt` (Chinese, for the person who owns
// the folder). Row errors show ID numbers masked; other values as read, since the folder's
// owner wrote them. Both files are written to a temporary name, flushed and renamed, so a
// report is either whole or absent.
import type { ImportReport } from '../../common/contract';
import type { Catalog } from '../../common/catalog/types';
import { findResource } from '../../common/catalog/lookup';
import { writeFileAtomically } from '../../platform/atomic-file';

const FORMAT_LABEL = { csv: 'CSV', xlsx: 'Excel（.xlsx）', xls: 'Excel 97–2003 / WPS（.xls / .et）', json: 'JSON 数组', jsonl: 'JSON Lines' } as const;

export async function writeReportFiles(basePath: string, report: ImportReport, catalog: Catalog): Promise<{ json: string; txt: string }> {
  const json = `${basePath}.report.json`;
  const txt = `${basePath}.report.txt`;
  await writeFileAtomically(json, `${JSON.stringify(report, null, 2)}\n`, 0o640);
  await writeFileAtomically(txt, reportText(report, catalog), 0o640);
  return { json, txt };
}

/** Beijing time, as people in the office read it. */
export function chinaTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;
}

export function reportText(report: ImportReport, catalog: Catalog): string {
  const resource = report.resourceCode ? findResource(catalog, report.resourceCode) : undefined;
  const lines: string[] = [];
  lines.push('数据导入报告', '============', '');
  lines.push(`文件：${report.fileName}`);
  lines.push(`资源：${report.resourceCode ?? '（未确定）'}${resource ? ` ${resource.name}` : ''}`);
  const detail = report.encoding ? `，编码 ${report.encoding.toUpperCase()}` : report.sheet ? `，工作表「${report.sheet}」` : '';
  lines.push(`格式：${FORMAT_LABEL[report.format]}${detail}`);
  lines.push(`文件指纹（SHA-256）：${report.contentHash}`);
  lines.push(`开始：${chinaTime(report.startedAt)}  结束：${chinaTime(report.finishedAt)}`, '');

  if (report.alreadyImported && report.previousImport) {
    const p = report.previousImport;
    lines.push(`结果：该文件（内容完全相同）已于 ${chinaTime(p.finishedAt)} 导入过（当时的文件名「${p.fileName}」：导入 ${p.imported} 行，拒绝 ${p.rejected} 行，重复 ${p.duplicates} 行）。本次没有重复导入任何数据。`);
    return `${lines.join('\n')}\n`;
  }
  if (report.fileProblem) lines.push(`问题：${report.fileProblem}`, '');
  lines.push(
    `结果：共 ${report.totalRows} 行数据，导入 ${report.imported} 行，拒绝 ${report.rejected} 行，重复 ${report.duplicates} 行（未重复导入）；另跳过空行 ${report.emptyRowsSkipped} 行。`,
  );
  if (report.extraColumns.length > 0) lines.push(`以下列不属于该资源，已忽略：${report.extraColumns.map((c) => `「${c}」`).join('')}`);
  if (report.errors.length > 0) {
    lines.push('', '需要修改的行（行号为用 Excel 打开时看到的行号；身份证号已部分隐藏）：', '');
    for (const e of report.errors) {
      const where = e.column ? `「${e.column}」` : '整行';
      const value = e.value !== null && e.value !== '' ? `  值：${e.value}` : '';
      lines.push(`第 ${e.row} 行  ${where}${value}`, `    ${e.reason}`);
    }
  }
  if (report.errorsNotListed > 0) lines.push('', `另有 ${report.errorsNotListed} 条错误未逐条列出（报告最多列出 ${report.errors.length} 条），请先修改上面的问题后重新导入。`);
  if (report.rejected > 0 || report.duplicates > 0) {
    lines.push('', '被拒绝的行没有导入。修改后可只把这些行另存为新文件再次放入；已导入的行再次出现时会作为重复行跳过，不会重复登记。');
  }
  return `${lines.join('\n')}\n`;
}
