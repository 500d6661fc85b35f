// The auditor reads sentences, not codes: every kind of entry in Chinese and English, with the
// person's display name and the resource's catalog name, and nothing an entry must not show —
// above all, a failed login never shows the typed user name as an actor, nor at all when no
// such account exists (it may be a password typed into the wrong box).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_ACTIONS, CHANNEL_NAMES } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { describeEntry, type AuditFacts, type AuditNames } from './describe';

const PEOPLE: Record<string, string> = { clerk: '李录入', admin: '王管理', auditor: '赵审计', operator: '孙运维' };
const RECORD_ID = '0190a2b3-c4d5-7e6f-8a9b-000000000001';
const names: AuditNames = {
  person: (u) => PEOPLE[u],
  resource: (code) => (code === RESOURCE_POVERTY_HOUSEHOLD ? '贫困户信息' : undefined),
  recordResource: (id) => (id === RECORD_ID ? RESOURCE_POVERTY_HOUSEHOLD : undefined),
};

const entry = (e: Partial<AuditFacts> & { action: string }, detail: Record<string, unknown> = {}): AuditFacts => ({
  actor: 'clerk',
  role: 'clerk',
  target: '',
  outcome: 'success',
  ...e,
  detail: JSON.stringify(detail),
});

const say = (e: AuditFacts) => describeEntry(e, names);

/** What a page must never show: an action or channel code, raw JSON, an English role code. */
function assertReadable(text: string, where: string): void {
  for (const code of [...AUDIT_ACTIONS, ...CHANNEL_NAMES]) assert.ok(!text.includes(code), `${where}: shows the code ${code}: ${text}`);
  assert.ok(!/[{}]/.test(text), `${where}: looks like JSON: ${text}`);
  assert.ok(!/\b(clerk|operator|admin|auditor|official|system)\b/.test(text.replace(/（\w+）|\(\w+\)/g, '')), `${where}: shows a role code: ${text}`);
}

describe('audit sentences', () => {
  test('a correction: the person by name, the resource by its catalog name, the version', () => {
    const d = say(entry({ action: 'record.correct', target: RECORD_ID }, { version: 2 }));
    assert.equal(d.sentence.zh, '李录入 更正了 贫困户信息 1 条（改后为第 2 版）');
    assert.equal(d.sentence.en, '李录入 corrected 1 贫困户信息 record (now version 2)');
    assert.deepEqual([d.actor, d.actorName.zh, d.roleName.zh, d.roleName.en, d.actionName.zh, d.target], ['clerk', '李录入', '录入员', 'Clerk', '更正记录', RECORD_ID]);
  });

  test('a reason in the detail (a later core may record one) is named; today none is', () => {
    assert.equal(say(entry({ action: 'record.withdraw', target: RECORD_ID }, { version: 3, reason: '重复登记' })).sentence.zh, '李录入 撤回了 贫困户信息 1 条，原因：重复登记');
    assert.equal(say(entry({ action: 'record.withdraw', target: RECORD_ID }, { version: 3 })).sentence.zh, '李录入 撤回了 贫困户信息 1 条');
  });

  test('a registration names the resource from its detail; an unknown record is "1 条记录"', () => {
    assert.equal(say(entry({ action: 'record.create', target: 'x' }, { resource: RESOURCE_POVERTY_HOUSEHOLD })).sentence.zh, '李录入 登记了 贫困户信息 1 条');
    assert.equal(say(entry({ action: 'record.correct', target: 'gone' }, { version: 2 })).sentence.zh, '李录入 更正了 1 条记录（改后为第 2 版）');
  });

  test('a failed login under an unknown name shows neither the name nor an actor', () => {
    const typed = 'Hunter2#Secret';
    const d = say(entry({ action: 'auth.login', actor: typed, role: '-', target: typed, outcome: 'failure' }, { reason: 'unknown user' }));
    assert.equal(d.sentence.zh, '有人用不存在的用户名尝试登录，已拒绝');
    assert.deepEqual([d.actor, d.actorName.zh, d.roleName.zh, d.target], ['', '未登录者', '—', '']);
    assert.ok(!JSON.stringify(d).includes(typed), JSON.stringify(d));
  });

  test('a failed login on a real account names the account, not the person who typed', () => {
    const d = say(entry({ action: 'auth.login', actor: 'clerk', role: 'clerk', target: 'clerk', outcome: 'failure' }, { reason: 'wrong password' }));
    assert.equal(d.sentence.zh, '有人登录账户 李录入（clerk） 时密码错误');
    assert.equal(d.sentence.en, 'Someone entered a wrong password for the account 李录入 (clerk)');
    assert.deepEqual([d.actor, d.actorName.zh, d.roleName.zh], ['', '未登录者', '—']);
    const locked = say(entry({ action: 'auth.login', target: 'clerk', outcome: 'failure' }, { reason: 'wrong password, locked' }));
    assert.match(locked.sentence.zh, /已临时锁定/);
    assert.match(say(entry({ action: 'auth.login', target: 'clerk', outcome: 'failure' }, { reason: 'disabled' })).sentence.zh, /已停用的账户 李录入（clerk）/);
  });

  test('accounts: who did what to which account, with the new role in words', () => {
    const created = say(entry({ action: 'user.create', actor: 'admin', role: 'admin', target: 'clerk' }, { newRole: 'clerk' }));
    assert.equal(created.sentence.zh, '王管理 新建了账户 李录入（clerk），角色为录入员');
    assert.equal(created.sentence.en, '王管理 created the account 李录入 (clerk) with the role Clerk');
    assert.equal(say(entry({ action: 'user.disable', actor: 'admin', role: 'admin', target: 'clerk' })).sentence.zh, '王管理 停用了账户 李录入（clerk）');
    assert.equal(say(entry({ action: 'auth.changePassword', outcome: 'failure' }, { reason: 'wrong current' })).sentence.zh, '李录入 修改密码未成功：当前密码输入错误');
  });

  test('the node itself: 系统（自动）, a role in words, and a failure in words, not its code', () => {
    const d = say(entry({ action: 'backup.create', actor: 'system', role: 'system', target: '-', outcome: 'failure' }, { code: 'IO' }));
    assert.equal(d.sentence.zh, '系统（自动） 备份数据未成功：读写文件出错（如磁盘已满或设备已拔出）');
    assert.deepEqual([d.actor, d.actorName.zh, d.roleName.zh, d.target], ['system', '系统（自动）', '系统', '']);
    // Written when the disk had room again: the sentence says when it happened (the entry's own time is later).
    const late = say(entry({ action: 'backup.create', actor: 'system', role: 'system', target: '-', outcome: 'failure' }, { code: 'IO', occurredAt: '2026-12-05T18:00:01.000Z' }));
    assert.match(late.sentence.zh, /^系统（自动） 备份数据未成功：.+（发生于北京时间 2026-12-06 02:00；当时磁盘已满，无法即时记录，此为补记）$/);
    assert.match(late.sentence.en, /\(happened at 2026-12-06 02:00 Beijing time; the disk was full then, so this entry was written later\)$/);
    const retention = say(entry({ action: 'backup.retention', actor: 'system', role: 'system', target: '/media/usb' }, { deleted: 2, kept: 9 }));
    assert.equal(retention.sentence.zh, '系统（自动） 按保留规则删除了 2 个旧备份，保留 9 个');
  });

  test('a refused call names the function in words, never the channel', () => {
    const d = say(entry({ action: 'api.forbidden', actor: 'clerk', target: 'backup.restore', outcome: 'failure' }));
    assert.equal(d.sentence.zh, '李录入 试图使用其角色无权使用的功能「从备份恢复」，已拒绝');
    assert.equal(d.target, '');
    assert.equal(say(entry({ action: 'api.forbidden', target: 'intake.importPath', outcome: 'failure' })).sentence.zh, '李录入 试图使用其角色无权使用的功能「从本机文件夹导入文件」，已拒绝');
  });

  test('an import: file, resource, source and counts; a stopped import says why', () => {
    const detail = { resource: RESOURCE_POVERTY_HOUSEHOLD, hash: 'ab', source: 'watch', total: 10, imported: 7, rejected: 2, duplicates: 1, emptyRows: 0 };
    const d = say(entry({ action: 'intake.import', actor: 'watch-folder', role: 'system', target: '三月.xlsx' }, detail));
    assert.equal(d.sentence.zh, '监视文件夹（自动） 从监视文件夹导入了文件「三月.xlsx」到 贫困户信息：共 10 行，导入 7 行，有误未导入 2 行，重复未导入 1 行');
    const stopped = say(entry({ action: 'intake.import', target: 'a.csv', outcome: 'failure' }, { resource: RESOURCE_POVERTY_HOUSEHOLD, source: 'upload', problem: '文件不是有效的 CSV' }));
    assert.equal(stopped.sentence.zh, '李录入 在界面上导入文件「a.csv」到 贫困户信息未完成：文件不是有效的 CSV');
  });

  test('an export names its filters; the unlock by passphrase names no account', () => {
    const d = say(entry({ action: 'audit.export', actor: 'auditor', role: 'auditor' }, { format: 'xlsx', rows: 12, user: 'clerk', kind: 'record', from: '2026-11-01', to: '2026-11-30', outcome: 'failure' }));
    assert.equal(d.sentence.zh, '赵审计 导出了审计日志 12 条（Excel），筛选条件：人员 李录入（clerk），类别「数据登记」，日期 2026-11-01 至 2026-11-30，结果为失败');
    const unlock = say(entry({ action: 'node.unlock', actor: '-', role: '-', target: 'recovery passphrase' }));
    assert.deepEqual([unlock.sentence.zh, unlock.actorName.zh, unlock.target], ['持恢复口令者 用恢复口令解锁了本节点', '持恢复口令者', '']);
  });

  test('an action this version does not know is said so, without its code', () => {
    const d = say(entry({ action: 'future.thing' }));
    assert.equal(d.sentence.zh, '李录入 进行了一项本版本程序不认识的操作（成功）');
    assert.equal(d.actionName.zh, '其他操作');
  });

  test('every registered action, success and failure, reads as a sentence in both languages without codes or JSON', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const outcome of ['success', 'failure'] as const) {
        const d = say(entry({ action, actor: 'operator', role: 'operator', target: action === 'api.forbidden' ? 'records.get' : RECORD_ID, outcome }, { version: 2, code: 'IO', checked: 3, rows: 1, format: 'csv' }));
        const where = `${action}/${outcome}`;
        assert.match(d.sentence.zh, /[\u4e00-\u9fff]/, `${where}: no Chinese`);
        assert.ok(d.sentence.en.length > 10 && !/[\u4e00-\u9fff]{3,}/.test(d.sentence.en.replace(/孙运维|贫困户信息|李录入/g, '')), `${where}: English sentence: ${d.sentence.en}`);
        for (const text of [d.sentence.zh, d.sentence.en, d.actionName.zh, d.actionName.en, d.roleName.zh, d.actorName.zh]) assertReadable(text, where);
      }
    }
  });
});
