// Separation of duties (issue 10 §2), through a real node and its router: a password the admin
// set (new account, reset) opens nothing but the password change until its owner has chosen
// one; the last enabled auditor cannot be disabled; auditor accounts change only with another
// auditor's confirmation, given with that auditor's own password — and the auditor reads all
// of it in the log as sentences.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL_NAMES, CHANNELS_BEFORE_PASSWORD_CHANGE, channels, type ApiResult, type AuditAction, type ChannelName } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { countRows } from '../../test/support/raw-database';
import { ADMIN, PASSWORDS, startSetUpNodeWithRaw, type SetUpNodeWithRaw } from '../../test/support/test-node';
import { addReadyAccount, firstLogin, initialPasswordFor } from '../../test/support/accounts';
import { makeIdNumber, povertyHouseholdFields } from '../../test/support/sample-records';

const codeOf = (result: ApiResult<unknown>) => (result.ok ? 'ok' : result.error.code);

describe('separation of duties', () => {
  let t: SetUpNodeWithRaw;
  const admin = () => t.tokens.admin;
  const auditor = { username: 'auditor', password: PASSWORDS.auditor };

  before(async () => {
    t = await startSetUpNodeWithRaw();
  });
  after(() => t.cleanup());

  const enabled = (username: string) => countRows(t.raw, 'users', `username = '${username}' AND disabled = 0`) === 1;
  const loginAnswer = (username: string, password: string) => t.call(null, 'auth.login', { username, password });

  /** What the auditor reads on the audit screen for one action, newest first. */
  async function auditSentences(action: AuditAction): Promise<string[]> {
    const page = await t.call(t.tokens.auditor, 'audit.list', { action, pageSize: 50 });
    assert.ok(page.ok, JSON.stringify(page));
    return page.value.items.map((i) => i.sentence.zh);
  }

  test('a new account opens nothing but the password change until its owner changes it — on every channel', async () => {
    const initial = 'Erst#Lanhua-2026';
    const created = await t.call(admin(), 'users.create', { username: 'newclerk', displayName: '新录入', role: 'clerk', unit: '扶贫办', password: initial });
    assert.ok(created.ok, JSON.stringify(created));
    assert.equal(created.value.mustChangePassword, true);

    const login = await t.node.dispatch(null, 'auth.login', { username: 'newclerk', password: initial });
    assert.ok(login.result.ok && login.sessionToken, JSON.stringify(login.result));
    assert.equal((login.result.value as { mustChangePassword: boolean }).mustChangePassword, true);
    const session = login.sessionToken;
    const other = await t.login('newclerk', initial); // a second window, opened with the admin's password

    // Every session channel but the three the change needs answers the same specific error,
    // whatever the role would have allowed.
    const refused = CHANNEL_NAMES.filter((c) => channels[c].access !== 'public' && !CHANNELS_BEFORE_PASSWORD_CHANGE.includes(c));
    assert.ok(refused.length > 40, `only ${refused.length} channels checked`);
    for (const channel of refused) {
      const answer = await t.call(session, channel as ChannelName, {} as never);
      assert.equal(codeOf(answer), 'PASSWORD_CHANGE_REQUIRED', channel);
      if (!answer.ok) assert.match(answer.error.message, /^请先修改初始密码/, channel);
    }
    // A well-formed registration is refused too, and nothing is written.
    const recordsBefore = countRows(t.raw, 'records', '1 = 1');
    const record = await t.call(session, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields({ householder_id_number: makeIdNumber(801) }) });
    assert.equal(codeOf(record), 'PASSWORD_CHANGE_REQUIRED');
    assert.equal(countRows(t.raw, 'records', '1 = 1'), recordsBefore);

    const me = await t.call(session, 'auth.me', {});
    assert.ok(me.ok && me.value.mustChangePassword, JSON.stringify(me));

    // The admin's password again is no change.
    const same = await t.call(session, 'auth.changePassword', { currentPassword: initial, newPassword: initial });
    assert.equal(codeOf(same), 'BAD_INPUT');
    if (!same.ok) assert.match(same.error.message, /新密码不能与当前密码相同/);

    const mine = 'Lanhua#Mine-2026';
    assert.ok((await t.call(session, 'auth.changePassword', { currentPassword: initial, newPassword: mine })).ok);
    // This session may now work; the other one, opened with the admin's password, ended.
    assert.ok((await t.call(session, 'records.list', {})).ok);
    const meAfter = await t.call(session, 'auth.me', {});
    assert.ok(meAfter.ok && !meAfter.value.mustChangePassword);
    assert.equal(codeOf(await t.call(other, 'auth.me', {})), 'UNAUTHENTICATED');
    const again = await loginAnswer('newclerk', mine);
    assert.ok(again.ok && !again.value.mustChangePassword, JSON.stringify(again));
    const listed = await t.call(admin(), 'users.list', {});
    assert.ok(listed.ok);
    assert.equal(listed.value.find((u) => u.username === 'newclerk')?.mustChangePassword, false);
    assert.ok((await auditSentences('auth.changePassword')).some((s) => s === '新录入 把系统管理员设置的初始密码改为了自己的密码'));
  });

  test('a password the admin resets must be changed again by its owner; the admin resetting their own need not', async () => {
    const { token } = await addReadyAccount(t.node, admin(), { username: 'forgot', displayName: '忘密码', role: 'clerk', unit: '扶贫办', password: 'Forgot#Mine-2026' });
    assert.ok((await t.call(token, 'records.list', {})).ok);
    const reset = 'Reset#Given-2026';
    assert.ok((await t.call(admin(), 'users.resetPassword', { username: 'forgot', password: reset })).ok);

    const login = await t.node.dispatch(null, 'auth.login', { username: 'forgot', password: reset });
    assert.ok(login.result.ok && login.sessionToken);
    assert.equal((login.result.value as { mustChangePassword: boolean }).mustChangePassword, true);
    assert.equal(codeOf(await t.call(login.sessionToken, 'records.list', {})), 'PASSWORD_CHANGE_REQUIRED');
    const listed = await t.call(admin(), 'users.list', {});
    assert.ok(listed.ok && listed.value.find((u) => u.username === 'forgot')?.mustChangePassword === true);
    assert.ok((await t.call(login.sessionToken, 'auth.changePassword', { currentPassword: reset, newPassword: 'Forgot#Again-2026' })).ok);
    assert.ok((await t.call(login.sessionToken, 'records.list', {})).ok);
    assert.ok((await auditSentences('user.resetPassword')).includes('王管理 重置了账户 忘密码（forgot） 的密码，本人首次登录须修改'));

    // The admin setting their own password chose it themselves.
    const own = 'Admin#Own-2026-x';
    assert.ok((await t.call(admin(), 'users.resetPassword', { username: ADMIN.username, password: own })).ok);
    const adminAgain = await loginAnswer(ADMIN.username, own);
    assert.ok(adminAgain.ok && !adminAgain.value.mustChangePassword, JSON.stringify(adminAgain));
    assert.ok((await t.call(admin(), 'users.resetPassword', { username: ADMIN.username, password: ADMIN.password })).ok);
  });

  test('the node’s first auditor needed no confirmation, and the log says why', async () => {
    assert.ok((await auditSentences('user.create')).includes('王管理 新建了账户 测试auditor（auditor），角色为审计员（本节点的第一名审计员，无需确认）'));
  });

  test('auditor accounts change only with another auditor’s confirmation: refused and nothing changed without it, done and audited with it', async () => {
    const second = { username: 'auditor2', displayName: '钱审计', role: 'auditor' as const, unit: '党政办', password: 'Qian#Audit-2026' };
    const initial = initialPasswordFor(second.password);
    const create = (auditorConfirmation?: { username: string; password: string }) =>
      t.call(admin(), 'users.create', { ...second, password: initial, ...(auditorConfirmation ? { auditorConfirmation } : {}) });

    // Without, with a wrong password, with a clerk's credentials: refused, no account.
    for (const [confirmation, message] of [
      [undefined, /须经另一名审计员确认/],
      [{ username: 'auditor', password: 'Wrong#Audit-2026' }, /用户名、密码不正确/],
      [{ username: 'clerk', password: PASSWORDS.clerk }, /用户名、密码不正确/],
    ] as const) {
      const refused = await create(confirmation);
      assert.equal(codeOf(refused), 'AUDITOR_CONFIRMATION', JSON.stringify(confirmation));
      if (!refused.ok) assert.match(refused.error.message, message);
      assert.equal(countRows(t.raw, 'users', `username = 'auditor2'`), 0);
    }
    // The wrong password counted against the auditor's account, as a failed login does.
    assert.equal(countRows(t.raw, 'users', `username = 'auditor' AND failed_logins = 1`), 1);

    const created = await create(auditor);
    assert.ok(created.ok, JSON.stringify(created));
    assert.equal(countRows(t.raw, 'users', `username = 'auditor' AND failed_logins = 0`), 1, 'a right password clears the count');
    assert.ok((await auditSentences('user.create')).includes('王管理 新建了账户 钱审计（auditor2），角色为审计员（经审计员 测试auditor（auditor） 确认）'));
    const confirmations = await auditSentences('user.auditorConfirm');
    assert.equal(confirmations[0], '测试auditor 以审计员身份确认了 王管理（admin） 对账户 钱审计（auditor2） 的新建审计员账户');
    assert.ok(confirmations.includes('王管理 对账户 钱审计（auditor2） 的新建审计员账户未获审计员确认：没有审计员确认，已拒绝'), confirmations.join('\n'));
    assert.ok(confirmations.includes('王管理 对账户 钱审计（auditor2） 的新建审计员账户未获审计员确认（确认人 测试auditor（auditor））：确认人的密码错误，已拒绝'), confirmations.join('\n'));

    // The new auditor's password is still the admin's: it cannot confirm anything yet.
    const early = await t.call(admin(), 'users.setDisabled', { username: 'auditor', disabled: true, auditorConfirmation: { username: 'auditor2', password: initial } });
    assert.equal(codeOf(early), 'AUDITOR_CONFIRMATION');
    if (!early.ok) assert.match(early.error.message, /尚未修改初始密码/);
    assert.ok(enabled('auditor'));
    await firstLogin(t.node, 'auditor2', initial, second.password);

    // Disable: refused without, done with.
    assert.equal(codeOf(await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: true })), 'AUDITOR_CONFIRMATION');
    assert.ok(enabled('auditor2'));
    assert.ok((await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: true, auditorConfirmation: auditor })).ok);
    assert.ok(!enabled('auditor2'));
    assert.ok((await auditSentences('user.disable')).includes('王管理 停用了账户 钱审计（auditor2）（经审计员 测试auditor（auditor） 确认）'));

    // Enable: likewise.
    assert.equal(codeOf(await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: false })), 'AUDITOR_CONFIRMATION');
    assert.ok(!enabled('auditor2'));
    assert.ok((await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: false, auditorConfirmation: auditor })).ok);
    assert.ok(enabled('auditor2'));

    // Reset: refused without (the old password still works), done with (and must be changed).
    const resetTo = 'Qian#Reset-2026';
    assert.equal(codeOf(await t.call(admin(), 'users.resetPassword', { username: 'auditor2', password: resetTo })), 'AUDITOR_CONFIRMATION');
    assert.equal(codeOf(await loginAnswer('auditor2', second.password)), 'ok');
    assert.ok((await t.call(admin(), 'users.resetPassword', { username: 'auditor2', password: resetTo, auditorConfirmation: auditor })).ok);
    const afterReset = await loginAnswer('auditor2', resetTo);
    assert.ok(afterReset.ok && afterReset.value.mustChangePassword, JSON.stringify(afterReset));
    assert.ok((await auditSentences('user.resetPassword')).includes('王管理 重置了账户 钱审计（auditor2） 的密码，本人首次登录须修改（经审计员 测试auditor（auditor） 确认）'));

    // Other accounts need no confirmation.
    assert.ok((await t.call(admin(), 'users.setDisabled', { username: 'forgot', disabled: true })).ok);
  });

  test('the last enabled auditor cannot be disabled, not even with a confirmation', async () => {
    // auditor2 is on a reset password and cannot confirm: first its owner changes it.
    await firstLogin(t.node, 'auditor2', 'Qian#Reset-2026', 'Qian#Again-2026');
    const second = { username: 'auditor2', password: 'Qian#Again-2026' };
    assert.ok((await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: true, auditorConfirmation: auditor })).ok);
    for (const auditorConfirmation of [undefined, auditor, second]) {
      const last = await t.call(admin(), 'users.setDisabled', { username: 'auditor', disabled: true, ...(auditorConfirmation ? { auditorConfirmation } : {}) });
      assert.equal(codeOf(last), 'CONFLICT');
      if (!last.ok) assert.equal(last.error.message, '不能停用最后一名审计员');
    }
    assert.ok(enabled('auditor'));
    assert.equal(countRows(t.raw, 'users', `role = 'auditor' AND disabled = 0`), 1);
    assert.ok((await t.call(t.tokens.auditor, 'audit.verify', {})).ok, 'the auditor was logged out');
  });

  test('wrong confirmations lock the auditor out like wrong logins, so the form cannot be used to guess', async () => {
    for (let i = 1; i <= 5; i++) {
      const guess = await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: false, auditorConfirmation: { username: 'auditor', password: `Guess#${i}-2026` } });
      assert.equal(codeOf(guess), 'AUDITOR_CONFIRMATION');
    }
    assert.equal(codeOf(await loginAnswer('auditor', PASSWORDS.auditor)), 'ACCOUNT_LOCKED');
    const locked = await t.call(admin(), 'users.setDisabled', { username: 'auditor2', disabled: false, auditorConfirmation: auditor });
    assert.equal(codeOf(locked), 'AUDITOR_CONFIRMATION');
    if (!locked.ok) assert.match(locked.error.message, /已锁定/);
    assert.ok(!enabled('auditor2'));
  });
});
