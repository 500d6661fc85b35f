// Exporting the audit log: the XLSX read back with ExcelJS and the CSV decoded as Excel would
// hold the same entries as the screen's filter, as Chinese sentences with China-time times;
// the CSV opens in Excel on a Chinese Windows (BOM, CRLF) and cannot carry a formula; and
// every export — also a refused one — is itself an entry of the log.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { SessionUser } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { exportAuditLog } from './audit-export';
import { auditLogFixture } from './test-audit-log';

const AUDITOR: SessionUser = { username: 'auditor', displayName: '赵审计', role: 'auditor', unit: '党政办' };
const NOW = new Date('2026-03-05T02:30:00.000Z'); // 10:30 in China

/** RFC 4180 rows of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('audit export', () => {
  let fx: ReturnType<typeof auditLogFixture>;
  const deps = () => ({ reader: fx.reader, audit: fx.log, now: () => NOW });

  before(() => {
    fx = auditLogFixture();
    fx.appendAt('2026-03-01T15:59:59.000Z', { actor: 'clerk', role: 'clerk', action: 'record.create', target: 'r1', outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD } });
    fx.appendAt('2026-03-01T16:00:00.000Z', { actor: 'clerk', role: 'clerk', action: 'record.correct', target: 'r1', outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, version: 2 } });
    fx.appendAt('2026-03-02T01:00:00.000Z', { actor: 'Pa55word!', role: '-', action: 'auth.login', target: 'Pa55word!', outcome: 'failure', detail: { reason: 'unknown user' } });
    // A file name written by someone else that looks like a formula, with a comma and quotes.
    fx.appendAt('2026-03-02T02:00:00.000Z', { actor: 'clerk', role: 'clerk', action: 'intake.import', target: '=HYPERLINK("http://x","点我"),a.csv', outcome: 'success', detail: { resource: RESOURCE_POVERTY_HOUSEHOLD, source: 'upload', total: 3, imported: 3, rejected: 0, duplicates: 0 } });
    fx.appendAt('2026-03-03T03:00:00.000Z', { actor: 'admin', role: 'admin', action: 'user.disable', target: 'clerk2', outcome: 'success' });
  });
  after(() => fx.cleanup());

  const last = () => fx.reader.page({ pageSize: 1, withTotal: false }).items[0]!;

  test('XLSX: the filtered entries, oldest first, as sentences with China-time date cells; then the export is in the log', async () => {
    const before = fx.repo.lastSeq();
    const file = await exportAuditLog(deps(), AUDITOR, { user: 'clerk' }, 'xlsx');
    assert.equal(file.fileName, '审计日志-20260305-103000.xlsx');
    assert.equal(file.rows, 3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志')!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    assert.deepEqual(values(1), ['序号', '时间（北京时间）', '操作人', '用户名', '角色', '操作', '结果', '说明', '对象']);
    assert.equal(sheet.rowCount, 4);
    const first = values(2);
    assert.equal(first[0], 1);
    // 15:59:59 UTC is 23:59:59 in China: the cell shows the China wall clock.
    assert.equal((first[1] as Date).toISOString(), '2026-03-01T23:59:59.000Z');
    assert.deepEqual(first.slice(2, 8), ['李录入', 'clerk', '录入员', '登记记录', '成功', '李录入 登记了 贫困户信息 1 条']);
    assert.equal(values(3)[7], '李录入 更正了 贫困户信息 1 条（改后为第 2 版）');
    const about = workbook.getWorksheet('导出说明')!;
    const aboutText = JSON.stringify(about.getSheetValues());
    assert.match(aboutText, /赵审计（auditor）/);
    assert.match(aboutText, /人员 李录入（clerk）/);
    assert.match(aboutText, /2026-03-05 10:30:00/);
    // The export itself: one more entry, after the file was made, naming the filter and the count.
    assert.equal(fx.repo.lastSeq(), before + 1);
    const entry = last();
    assert.equal(entry.action, 'audit.export');
    assert.equal(entry.outcome, 'success');
    assert.equal(entry.sentence.zh, '赵审计 导出了审计日志 3 条（Excel），筛选条件：人员 李录入（clerk）');
  });

  test('CSV: UTF-8 with BOM and CRLF, quoted where needed, no formula, no typed password', async () => {
    const file = await exportAuditLog(deps(), AUDITOR, { to: '2026-03-02' }, 'csv');
    assert.equal(file.fileName, '审计日志-20260305-103000.csv');
    assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes.subarray(3));
    assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'every line ends in CRLF');
    const rows = parseCsv(text);
    assert.equal(rows[0]!.join('|'), '序号|时间（北京时间）|操作人|用户名|角色|操作|结果|说明|对象');
    assert.equal(rows.length, 1 + 4); // 1 and 2 March (China days): the entries up to 2026-03-02 23:59:59
    assert.deepEqual(rows[1]!.slice(0, 2), ['1', '2026-03-01 23:59:59']);
    assert.deepEqual(rows[2]!.slice(0, 2), ['2', '2026-03-02 00:00:00']);
    assert.deepEqual(rows[3]!.slice(2, 9), ['未登录者', '', '—', '登录', '失败', '有人用不存在的用户名尝试登录，已拒绝', '']);
    assert.ok(!text.includes('Pa55word!'), 'the typed user name reached the export');
    const imported = rows[4]!;
    assert.equal(imported[8], `'=HYPERLINK("http://x","点我"),a.csv`);
    assert.match(imported[7]!, /^李录入 在界面上导入了文件「=HYPERLINK/);
    assert.equal(file.rows, 4);
    assert.equal(last().sentence.zh, '赵审计 导出了审计日志 4 条（CSV），筛选条件：日期 最早 至 2026-03-02');
  });

  test('an export over the limit is refused with a reason, and the refusal is in the log too', async () => {
    const before = fx.repo.lastSeq();
    await assert.rejects(exportAuditLog({ ...deps(), maxRows: 2 }, AUDITOR, { outcome: 'success' }, 'xlsx'), /超过单次导出的上限 2 条，请缩小日期范围/);
    assert.equal(fx.repo.lastSeq(), before + 1);
    const entry = last();
    assert.deepEqual([entry.action, entry.outcome], ['audit.export', 'failure']);
    assert.match(entry.sentence.zh, /^赵审计 导出审计日志未成功：符合条件的审计记录有 \d+ 条，超过单次导出的上限 2 条/);
  });
});
