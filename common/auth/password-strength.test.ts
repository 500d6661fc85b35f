// The one strength rule: what it accepts and refuses, for both kinds of secret, and what
// it says would make a refused secret stronger.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_EVALUATED, STRENGTH_POLICIES, judgeSecret, type SecretKind } from './password-strength';
import { relatedToAccount, relatedToNode } from './related-texts';
import { describeVerdict } from './strength-messages';

const NODE = relatedToNode({
  unitName: '琼中县湾岭镇人民政府',
  creditCode: '11469030MB1234567A',
  divisionCode: '469030',
  admin: { username: 'admin', displayName: '王管理' },
});
const CLERK = relatedToAccount({ username: 'minzheng', displayName: '民政录入', unit: '民政办' });

const message = (secret: string, kind: SecretKind, related: readonly string[] = [], lang: 'zh' | 'en' = 'zh') =>
  describeVerdict(judgeSecret(secret, kind, related), lang);

function accepts(secret: string, kind: SecretKind, related: readonly string[] = []) {
  const verdict = judgeSecret(secret, kind, related);
  assert.equal(describeVerdict(verdict), null, `${secret} (${kind}) was refused`);
  assert.ok(verdict.acceptable && verdict.strength !== 'weak', secret);
  return verdict;
}

function refuses(secret: string, kind: SecretKind, related: readonly string[], says: RegExp) {
  const verdict = judgeSecret(secret, kind, related);
  assert.equal(verdict.acceptable, false, `${secret} (${kind}) was accepted`);
  assert.equal(verdict.strength, 'weak');
  assert.match(describeVerdict(verdict) ?? '', says, secret);
}

describe('the recovery passphrase', () => {
  test('four Chinese words are strong, with or without spaces between them', () => {
    assert.equal(accepts('红树林 椰子树 五指山 万泉河', 'recoveryPassphrase', NODE).strength, 'strong');
    accepts('红树林椰子树五指山万泉河', 'recoveryPassphrase', NODE);
  });

  test('three Chinese words are not enough, and the message says to add a word', () => {
    refuses('红树林 椰子树 五指山', 'recoveryPassphrase', NODE, /^恢复口令强度不够：再加一个词$/);
  });

  test('Latin passphrases of several words pass; mixed Chinese and Latin words count together', () => {
    accepts('Hainan-Township-Recovery-2026!', 'recoveryPassphrase', NODE);
    accepts('correct horse battery staple', 'recoveryPassphrase', NODE);
    accepts('红树林 Mango 五指山 river', 'recoveryPassphrase', NODE);
  });

  test('an account-strength password is not enough for the passphrase', () => {
    accepts('Admin#2026pass', 'password', relatedToAccount({ username: 'admin', displayName: '王管理', unit: '琼中县湾岭镇人民政府' }));
    refuses('Hainan#2026x', 'recoveryPassphrase', NODE, /恢复口令强度不够：.*再加一个词/);
  });

  test('the unit name, the username or the node codes are refused, in any case or spacing', () => {
    for (const same of ['琼中县湾岭镇人民政府', ' 琼中县 湾岭镇 人民政府 ', 'admin', 'ADMIN', '11469030mb1234567a']) {
      refuses(same, 'recoveryPassphrase', NODE, /^恢复口令不能与用户名、姓名或单位名称相同$/);
    }
  });

  test('words of the unit name count for little, and the message says so', () => {
    refuses('湾岭镇 人民政府 红树林 椰子树', 'recoveryPassphrase', NODE, /不要使用用户名或单位名称.*再加两个词/);
  });

  test('slogans are common phrases, however long', () => {
    refuses('不忘初心牢记使命 为人民服务', 'recoveryPassphrase', NODE, /避免常见的密码、口号和词语/);
  });

  test('too short: the minimum length is stated, a Chinese character counting as two', () => {
    refuses('short', 'recoveryPassphrase', NODE, /^恢复口令至少需要 12 位（当前 5 位）/);
    refuses('红树林椰子', 'recoveryPassphrase', NODE, /^恢复口令至少需要 12 位（当前 10 位，一个汉字按 2 位计）/);
  });
});

describe('both kinds of secret', () => {
  test('well-known weak secrets are refused whatever they are used for', () => {
    for (const kind of ['password', 'recoveryPassphrase'] as const) {
      for (const weak of ['123456', 'password', 'admin123', 'Aa123456!', '你好你好你好', '一二三四五六']) {
        assert.equal(judgeSecret(weak, kind, NODE).acceptable, false, `${weak} accepted as ${kind}`);
      }
    }
  });
});

describe('account passwords', () => {
  test('the well-known weak ones are refused and called common', () => {
    for (const weak of ['password', 'admin123', 'Aa123456!', '12345678', 'P@ssw0rd2026', 'qwertyuiop']) {
      refuses(weak, 'password', [], /^密码强度不够：.*(常见|键盘)/);
    }
    refuses('123456', 'password', [], /^密码至少需要 8 位（当前 6 位）；避免常见的密码、口号和词语$/);
  });

  test('repeated and sequential Chinese characters are refused with the reason', () => {
    refuses('你好你好你好', 'password', [], /避免重复的字/);
    refuses('一二三四五六', 'password', [], /避免 123、abc、一二三 这样的顺序/);
    refuses('壹贰叁肆伍陆柒捌', 'password', [], /顺序/);
    refuses('甲乙丙丁戊己庚辛', 'password', [], /顺序/);
    refuses('好好好好好好好好', 'password', [], /重复/);
  });

  test('no character classes are required: words or Chinese are enough', () => {
    accepts('alllowercase1', 'password');
    accepts('ALLUPPER#ONLY', 'password');
    accepts('红树林椰子树五指', 'password');
    accepts('mango river tree', 'password');
  });

  test('a numeral inside a word is a character, in a number it is a digit', () => {
    const word = judgeSecret('五指山万泉河', 'password', []).guessesLog10;
    const number = judgeSecret('一九八八万泉河', 'password', []).guessesLog10;
    assert.ok(word > number, `${word} vs ${number}`);
  });

  test('the username, the name and the unit are refused or count for little', () => {
    refuses('minzheng', 'password', CLERK, /^密码不能与用户名、姓名或单位名称相同$/);
    refuses('民政录入', 'password', CLERK, /相同/);
    refuses('Minzheng#2026', 'password', CLERK, /不要使用用户名或单位名称/);
    accepts('Minzheng#2026', 'password', []); // the same password is fine for someone else
  });

  test('full-width letters and digits are the same as half-width ones', () => {
    refuses('ＡａＡ１２３４５６！', 'password', [], /常见/);
    assert.equal(judgeSecret('Ａｄｍｉｎ＃２０２６ｐａｓｓ', 'password', []).guessesLog10, judgeSecret('Admin#2026pass', 'password', []).guessesLog10);
  });

  test('whitespace alone is empty, and spaces around a secret do not count', () => {
    for (const blank of ['', ' ', '        ', '\t\n', '\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000']) {
      refuses(blank, 'password', [], /^密码不能为空或只有空格$/);
    }
    refuses('   1234567   ', 'password', [], /当前 7 位/);
  });

  test('the passwords the test nodes are set up with still pass', () => {
    const account = (username: string, unit = '扶贫办') => relatedToAccount({ username, displayName: `测试${username}`, unit });
    accepts('Admin#2026pass', 'password', relatedToAccount({ username: 'admin', displayName: '王管理', unit: '琼中县湾岭镇人民政府' }));
    for (const role of ['clerk', 'operator', 'auditor', 'official']) {
      accepts(`${role[0]!.toUpperCase()}${role.slice(1)}#2026pass`, 'password', account(role));
    }
    accepts('Hainan-Township-Recovery-2026!', 'recoveryPassphrase', NODE);
  });
});

describe('the verdict', () => {
  test('weak, medium and strong follow the margin above the threshold', () => {
    assert.equal(judgeSecret('password', 'password').strength, 'weak');
    assert.equal(judgeSecret('Admin#2026pass', 'password', ['admin']).strength, 'medium');
    assert.equal(judgeSecret('correct horse battery staple', 'password').strength, 'strong');
  });

  test('the recovery passphrase needs more than an account password', () => {
    assert.ok(STRENGTH_POLICIES.recoveryPassphrase.minLog10 > STRENGTH_POLICIES.password.minLog10);
    assert.ok(STRENGTH_POLICIES.recoveryPassphrase.minLength > STRENGTH_POLICIES.password.minLength);
  });

  test('the English message says the same thing', () => {
    assert.equal(message('红树林 椰子树 五指山', 'recoveryPassphrase', NODE, 'en'), 'The recovery passphrase is not strong enough: add one more word');
    assert.match(message('红树林', 'password', [], 'en') ?? '', /^The password needs at least 8 characters \(now 6; a Chinese character counts as 2\)/);
    assert.match(message('你好你好你好', 'password', [], 'en') ?? '', /^The password is not strong enough: .*avoid repeated characters; add two more words$/);
    assert.match(message('admin', 'recoveryPassphrase', NODE, 'en') ?? '', /cannot be the username/);
  });

  test('a very long input is judged in bounded time, on its first characters', () => {
    for (const long of ['P@$$w0rd'.repeat(20_000), '红树林椰子树'.repeat(20_000), 'x'.repeat(1_000_000)]) {
      const started = performance.now();
      const verdict = judgeSecret(long, 'recoveryPassphrase', NODE);
      const took = performance.now() - started;
      assert.ok(took < 2_000, `${took} ms for ${long.length} characters`);
      assert.equal(typeof verdict.acceptable, 'boolean');
    }
    // Past MAX_EVALUATED characters, more text changes nothing.
    const base = 'correct horse battery staple '.repeat(10);
    assert.equal(
      judgeSecret(base.slice(0, MAX_EVALUATED) + 'zzz', 'password').guessesLog10,
      judgeSecret(base.slice(0, MAX_EVALUATED) + 'qqqqq different tail', 'password').guessesLog10,
    );
  });
});
