// Accounts as a user meets them: logging in, being locked out after 5 wrong passwords for
// 15 minutes, sessions that end after 15 idle minutes, password rules, and the admin's
// account management. The node runs on an injectable clock, so no test waits for real time.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResult } from '../../common/contract';
import { countRows } from '../../test/support/raw-database';
import { ADMIN, PASSWORDS, startSetUpNodeWithRaw, type SetUpNodeWithRaw } from '../../test/support/test-node';
import { addReadyAccount } from '../../test/support/accounts';

const MINUTE = 60_000;

describe('accounts, lockout and sessions', () => {
  let clock = Date.parse('2026-03-02T01:00:00Z');
  const now = () => new Date(clock);
  const advance = (ms: number) => (clock += ms);
  let t: SetUpNodeWithRaw;

  before(async () => {
    t = await startSetUpNodeWithRaw({ now });
  });
  after(() => t.cleanup());

  /** A fresh admin session (the clock moves, so older ones may have ended). */
  const admin = () => t.login(ADMIN.username, ADMIN.password);
  const login = (username: string, password: string) => t.call(null, 'auth.login', { username, password });
  const codeOf = (result: ApiResult<unknown>) => (result.ok ? 'ok' : result.error.code);

  /** A new account, logged into with the admin's initial password only (enough for login and lockout tests). */
  async function newUser(username: string, password = 'Start#Pass-2026') {
    const created = await t.call(await admin(), 'users.create', { username, displayName: `用户${username}`, role: 'clerk', unit: '扶贫办', password });
    assert.ok(created.ok, JSON.stringify(created));
    return password;
  }

  test('a user logs in with the right password, gets a session and learns the idle timeout', async () => {
    const answer = await t.node.dispatch(null, 'auth.login', { username: 'clerk', password: PASSWORDS.clerk });
    assert.ok(answer.result.ok, JSON.stringify(answer.result));
    assert.deepEqual(answer.result.value, {
      user: { username: 'clerk', displayName: '测试clerk', role: 'clerk', unit: '扶贫办' },
      idleTimeoutMinutes: 15,
      mustChangePassword: false,
    });
    assert.ok(typeof answer.sessionToken === 'string' && answer.sessionToken.length >= 32, 'expected typeof answer.sessionToken === \'string\' && answer.sessionToken.length >= 32');
    const me = await t.call(answer.sessionToken, 'auth.me', {});
    assert.ok(me.ok, 'expected me.ok');
    assert.equal(me.value.username, 'clerk');
    // Usernames are not case-sensitive at login; passwords are.
    assert.equal(codeOf(await login('CLERK', PASSWORDS.clerk)), 'ok');
    assert.equal(codeOf(await login('clerk', PASSWORDS.clerk.toUpperCase())), 'LOGIN_FAILED');
    // A wrong password and an unknown user get the same answer.
    const wrong = await login('clerk', 'Nope#2026pass');
    const unknown = await login('no_such_user', 'Nope#2026pass');
    assert.ok(!wrong.ok && !unknown.ok, 'expected !wrong.ok && !unknown.ok');
    assert.match(wrong.error.message, /^用户名或密码不正确/);
    assert.match(unknown.error.message, /^用户名或密码不正确/);
  });

  test('4 wrong passwords, then the right one, logs in — and the count starts again', async () => {
    const password = await newUser('four_wrong');
    for (let i = 1; i <= 4; i++) {
      const result = await login('four_wrong', `Wrong#${i}pass`);
      assert.equal(codeOf(result), 'LOGIN_FAILED');
      if (!result.ok) assert.match(result.error.message, new RegExp(`再错 ${5 - i} 次，账户将锁定 15 分钟`), `attempt ${i}`);
    }
    assert.equal(codeOf(await login('four_wrong', password)), 'ok');
    for (let i = 1; i <= 4; i++) assert.equal(codeOf(await login('four_wrong', `Wrong#${i}pass`)), 'LOGIN_FAILED');
    assert.equal(codeOf(await login('four_wrong', password)), 'ok', 'the failure count was not reset by the successful login');
  });

  test('5 wrong passwords lock the account for 15 minutes, even against the right password; then it opens again', async () => {
    const password = await newUser('five_wrong');
    for (let i = 1; i <= 4; i++) assert.equal(codeOf(await login('five_wrong', `Wrong#${i}pass`)), 'LOGIN_FAILED');
    const fifth = await login('five_wrong', 'Wrong#5pass');
    assert.equal(codeOf(fifth), 'ACCOUNT_LOCKED', JSON.stringify(fifth));
    if (!fifth.ok) assert.match(fifth.error.message, /连续 5 次登录失败，账户已锁定 15 分钟/);

    const locked = await login('five_wrong', password);
    assert.equal(codeOf(locked), 'ACCOUNT_LOCKED', 'the right password got in while locked');
    const listed = await t.call(await admin(), 'users.list', {});
    assert.ok(listed.ok, 'expected listed.ok');
    assert.ok(listed.value.find((u) => u.username === 'five_wrong')?.lockedUntil, 'the admin does not see the lock');

    advance(14 * MINUTE + 59_000);
    assert.equal(codeOf(await login('five_wrong', password)), 'ACCOUNT_LOCKED', 'unlocked before 15 minutes');
    advance(1_000);
    assert.equal(codeOf(await login('five_wrong', password)), 'ok', 'still locked after 15 minutes');
  });

  test('wrong passwords sent all at once still lock the account (no lost counts)', async () => {
    const password = await newUser('parallel_guess');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login('parallel_guess', `Guess#${i}pass`)));
    assert.ok(results.every((r) => !r.ok), 'expected results.every((r) => !r.ok)');
    assert.equal(codeOf(await login('parallel_guess', password)), 'ACCOUNT_LOCKED', '8 parallel wrong guesses did not lock the account');
  });

  test('the admin can unlock a locked account at once', async () => {
    const password = await newUser('to_unlock');
    for (let i = 1; i <= 5; i++) await login('to_unlock', `Wrong#${i}pass`);
    assert.equal(codeOf(await login('to_unlock', password)), 'ACCOUNT_LOCKED');
    assert.ok((await t.call(await admin(), 'users.unlock', { username: 'to_unlock' })).ok, 'expected (await t.call(await admin(), \'users.unlock\', { username: \'to_unlock\' })).ok');
    assert.equal(codeOf(await login('to_unlock', password)), 'ok');
    const missing = await t.call(await admin(), 'users.unlock', { username: 'no_such_user' });
    assert.equal(codeOf(missing), 'NOT_FOUND');
  });

  test('a session ends after 15 idle minutes, but stays alive with a call every 10 minutes', async () => {
    const busy = await t.login('clerk', PASSWORDS.clerk);
    const idle = await t.login('clerk', PASSWORDS.clerk);
    for (let i = 0; i < 6; i++) {
      advance(10 * MINUTE);
      assert.ok((await t.call(busy, 'auth.me', {})).ok, `busy session ended after ${(i + 1) * 10} minutes`);
    }
    const ended = await t.node.dispatch(idle, 'auth.me', {});
    assert.equal(codeOf(ended.result), 'UNAUTHENTICATED');
    if (!ended.result.ok) assert.match(ended.result.error.message, /会话已超时/);
    assert.equal(ended.sessionToken, null, 'the transport was not told to drop the ended session');

    advance(15 * MINUTE);
    assert.ok((await t.call(busy, 'auth.me', {})).ok, 'ended at exactly 15 idle minutes');
    advance(15 * MINUTE + 1);
    assert.equal(codeOf(await t.call(busy, 'auth.me', {})), 'UNAUTHENTICATED');
    // Ended for good: going back in activity does not revive it.
    assert.equal(codeOf(await t.call(busy, 'auth.me', {})), 'UNAUTHENTICATED');
  });

  test('weak passwords are refused with the rule in Chinese, and no account is made', async () => {
    const token = await admin();
    // Strength, not character classes (common/auth/password-strength): a common password
    // or the account's own name is refused, and the message says what would help.
    const cases: [string, RegExp][] = [
      ['Ab#1xyz', /密码至少需要 8 位（当前 7 位）/],
      ['password1', /密码强度不够：避免常见的密码、口号和词语；再加两个词/],
      ['12345678', /避免常见的密码/],
      ['weakling', /密码不能与用户名、姓名或单位名称相同/],
      ['Weakling2026', /不要使用用户名或单位名称/],
      ['你好你好你好', /避免重复的字/],
    ];
    for (const [password, rule] of cases) {
      const result = await t.call(token, 'users.create', { username: 'weakling', displayName: '弱密码', role: 'clerk', unit: '扶贫办', password });
      assert.equal(codeOf(result), 'BAD_INPUT', password);
      if (!result.ok) {
        assert.match(result.error.message, rule);
        assert.deepEqual(result.error.fieldErrors?.map((e) => e.item), ['password']);
      }
    }
    assert.equal(countRows(t.raw, 'users', `username = 'weakling'`), 0);
  });

  test('a username can be taken only once, in any letter case', async () => {
    await newUser('unique_name');
    const token = await admin();
    for (const username of ['unique_name', 'UNIQUE_NAME', 'Unique_Name']) {
      const result = await t.call(token, 'users.create', { username, displayName: '重名', role: 'auditor', unit: '镇', password: 'Other#2026pass' });
      assert.equal(codeOf(result), 'CONFLICT', username);
      if (!result.ok) assert.match(result.error.message, /已存在/);
    }
    assert.equal(countRows(t.raw, 'users', `username = 'unique_name' COLLATE NOCASE`), 1);
  });

  test('disabling an account ends all its sessions and stops logins; enabling lets it back in', async () => {
    const password = await newUser('to_disable');
    const first = await t.login('to_disable', password);
    const second = await t.login('to_disable', password);
    assert.ok((await t.call(await admin(), 'users.setDisabled', { username: 'to_disable', disabled: true })).ok, 'expected (await t.call(await admin(), \'users.setDisabled\', { username: \'to_disable\', disabled: true })).ok');
    assert.equal(codeOf(await t.call(first, 'auth.me', {})), 'UNAUTHENTICATED');
    assert.equal(codeOf(await t.call(second, 'auth.me', {})), 'UNAUTHENTICATED');
    const refused = await login('to_disable', password);
    assert.equal(codeOf(refused), 'LOGIN_FAILED');
    if (!refused.ok) assert.match(refused.error.message, /已停用/);
    assert.ok((await t.call(await admin(), 'users.setDisabled', { username: 'to_disable', disabled: false })).ok, 'expected (await t.call(await admin(), \'users.setDisabled\', { username: \'to_disable\', disabled: false })).ok');
    assert.equal(codeOf(await login('to_disable', password)), 'ok');
  });

  test('there is always an administrator: nobody can disable the last (or their own) admin account', async () => {
    const token = await admin();
    for (const username of [ADMIN.username, ADMIN.username.toUpperCase()]) {
      const self = await t.call(token, 'users.setDisabled', { username, disabled: true });
      assert.equal(codeOf(self), 'CONFLICT', username);
    }
    // With a second admin, one can disable the other — and then the remaining one is protected.
    const { token: two } = await addReadyAccount(t.node, token, { username: 'admin_two', displayName: '第二管理员', role: 'admin', unit: '扶贫办', password: 'AdminTwo#2026' });
    assert.ok((await t.call(two, 'users.setDisabled', { username: ADMIN.username, disabled: true })).ok, 'expected (await t.call(two, \'users.setDisabled\', { username: ADMIN.username, disabled: true })).ok');
    assert.equal(codeOf(await t.call(token, 'users.list', {})), 'UNAUTHENTICATED', 'the disabled admin kept a session');
    const last = await t.call(two, 'users.setDisabled', { username: 'admin_two', disabled: true });
    assert.equal(codeOf(last), 'CONFLICT');
    assert.equal(countRows(t.raw, 'users', `role = 'admin' AND disabled = 0`), 1);
    // Put the first admin back for the other tests.
    assert.ok((await t.call(two, 'users.setDisabled', { username: ADMIN.username, disabled: false })).ok, 'expected (await t.call(two, \'users.setDisabled\', { username: ADMIN.username, disabled: false })).ok');
    assert.equal(codeOf(await login(ADMIN.username, ADMIN.password)), 'ok');
  });

  test('changing a password needs the current one; afterwards only the new one works', async () => {
    const password = await newUser('changer');
    const token = await t.login('changer', password);
    const next = 'Changed#2026pass';
    const wrong = await t.call(token, 'auth.changePassword', { currentPassword: 'Not#Current2026', newPassword: next });
    assert.equal(codeOf(wrong), 'BAD_INPUT');
    if (!wrong.ok) assert.match(wrong.error.message, /当前密码不正确/);
    assert.equal(codeOf(await login('changer', next)), 'LOGIN_FAILED', 'the password changed without the current one');

    const weak = await t.call(token, 'auth.changePassword', { currentPassword: password, newPassword: 'short' });
    assert.equal(codeOf(weak), 'BAD_INPUT');
    if (!weak.ok) assert.match(weak.error.message, /至少需要 8 位/);

    assert.ok((await t.call(token, 'auth.changePassword', { currentPassword: password, newPassword: next })).ok, 'expected (await t.call(token, \'auth.changePassword\', { currentPassword: password, newPassword: next })).ok');
    assert.equal(codeOf(await login('changer', password)), 'LOGIN_FAILED');
    assert.equal(codeOf(await login('changer', next)), 'ok');
  });

  test('the admin resets a forgotten password: the lockout is lifted, the user’s sessions end, the admin’s stays, and it is audited', async () => {
    const old = 'Forgetful#Mine-2026';
    const { token: session } = await addReadyAccount(t.node, await admin(), { username: 'forgetful', displayName: '用户forgetful', role: 'clerk', unit: '扶贫办', password: old });
    for (let i = 1; i <= 5; i++) await login('forgetful', `Wrong#${i}pass`);
    assert.equal(codeOf(await login('forgetful', old)), 'ACCOUNT_LOCKED');
    const token = await admin();
    assert.equal(codeOf(await t.call(token, 'users.resetPassword', { username: 'forgetful', password: 'forgetful' })), 'BAD_INPUT');
    assert.equal(codeOf(await t.call(token, 'users.resetPassword', { username: 'no_such_user', password: 'Reset#2026pass' })), 'NOT_FOUND');
    assert.equal(codeOf(await t.call(session, 'users.resetPassword', { username: 'forgetful', password: 'Reset#2026pass' })), 'FORBIDDEN');

    assert.ok((await t.call(token, 'users.resetPassword', { username: 'forgetful', password: 'Reset#2026pass' })).ok);
    assert.equal(codeOf(await t.call(session, 'auth.me', {})), 'UNAUTHENTICATED', 'the user’s old session outlived the reset');
    assert.ok((await t.call(token, 'auth.me', {})).ok, 'the admin’s own session ended');
    assert.equal(codeOf(await login('forgetful', old)), 'LOGIN_FAILED');
    assert.equal(codeOf(await login('forgetful', 'Reset#2026pass')), 'ok', 'the reset did not lift the lockout');
    assert.equal(countRows(t.raw, 'audit_log', `action = 'user.resetPassword' AND target = 'forgetful' AND outcome = 'success'`), 1);
  });

  test('passwords are stored only as salted scrypt hashes', async () => {
    await newUser('same_pass_a', 'Shared#Pass2026');
    await newUser('same_pass_b', 'Shared#Pass2026');
    const rows = t.raw.prepare('SELECT * FROM users').all() as { username: string; password_hash: string }[];
    const everything = JSON.stringify(rows);
    for (const password of [...Object.values(PASSWORDS), 'Shared#Pass2026', 'Changed#2026pass', 'Start#Pass-2026']) {
      assert.equal(everything.includes(password), false, `a plaintext password is in the users table`);
      assert.equal(everything.includes(Buffer.from(password).toString('base64')), false);
    }
    for (const row of rows) assert.match(row.password_hash, /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, row.username);
    const hashOf = (u: string) => rows.find((r) => r.username === u)!.password_hash;
    assert.notEqual(hashOf('same_pass_a'), hashOf('same_pass_b'), 'equal passwords gave equal hashes (no salt)');
  });
});
