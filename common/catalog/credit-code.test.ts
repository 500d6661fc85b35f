import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CREDIT_CODE_ALPHABET, normaliseCreditCode, validateCreditCode } from './credit-code';

/** Independent reference: the GB 32100 weights are 3^i mod 31. */
function referenceCheck(first17: string): string {
  let s = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    s += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * w;
    w = (w * 3) % 31;
  }
  return CREDIT_CODE_ALPHABET[(31 - (s % 31)) % 31]!;
}

const fails = (raw: string, message: string) => assert.deepEqual(validateCreditCode(raw), { ok: false, message });

test('the alphabet has 31 characters and none of I O Z S V', () => {
  assert.equal(CREDIT_CODE_ALPHABET.length, 31);
  for (const ch of 'IOZSV') assert.ok(!CREDIT_CODE_ALPHABET.includes(ch));
});

test('accepts published codes (each verified against the independent reference)', () => {
  // Commonly cited real codes; 91350100M000100Y43 has a letter in the organisation part,
  // 91110000802100433B and 91440300708461136T end in a letter.
  for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T', '911100001000128855']) {
    assert.equal(referenceCheck(code.slice(0, 17)), code[17], `fixture ${code} is itself wrong`);
    assert.deepEqual(validateCreditCode(code), { ok: true, value: code });
  }
});

test('accepts computed codes, including the case where 31 - 0 wraps to check character 0', () => {
  for (const code of ['92469027MA5T000010', '12469027MB1234567W', '91469027MA5T000000']) {
    assert.equal(referenceCheck(code.slice(0, 17)), code[17]);
    assert.deepEqual(validateCreditCode(code), { ok: true, value: code });
  }
});

test('rejects a wrong check character', () => {
  fails('91350100M000100Y44', '校验码不正确，请核对代码');
  fails('91110000802100433A', '校验码不正确，请核对代码');
  // A single mistyped digit in the middle is caught too.
  fails('91110000802100434B', '校验码不正确，请核对代码');
});

test('rejects the letters I, O, Z, S and V, naming the position', () => {
  const msg = (pos: number, ch: string) =>
    `第${pos}位「${ch}」不是允许的字符（只能是数字和大写字母，且不使用 I、O、Z、S、V）`;
  fails('91350100MI00100Y43', msg(10, 'I'));
  fails('91350100M000100O43', msg(16, 'O'));
  fails('9135010OM000100Y43', msg(8, 'O'));
  fails('Z1350100M000100Y43', msg(1, 'Z'));
  fails('91350100M000100S43', msg(16, 'S'));
  fails('91350100M000100Y4V', msg(18, 'V'));
  fails('91350100M000-00Y43', msg(13, '-'));
});

test('positions 3-8 must be digits', () => {
  fails('9135A100M000100Y43', '第3–8位是行政区划码，只能是数字，第5位是「A」');
});

test('normalises lowercase, full-width characters and spaces', () => {
  assert.deepEqual(validateCreditCode(' 91350100m000100y43 '), { ok: true, value: '91350100M000100Y43' });
  assert.deepEqual(validateCreditCode('９１１１００００８０２１００４３３ｂ'), { ok: true, value: '91110000802100433B' });
  assert.deepEqual(validateCreditCode('911100008021 00433B'), { ok: true, value: '91110000802100433B' });
  assert.equal(normaliseCreditCode('９１ａ'), '91A');
  // A lowercase i is still an I after upper-casing, and still not allowed.
  fails('91350100mi00100y43', '第10位「I」不是允许的字符（只能是数字和大写字母，且不使用 I、O、Z、S、V）');
});

test('rejects wrong lengths and explains the old 15-digit registration number', () => {
  fails('91350100M000100Y4', '长度不对（应为18位，实为17位）');
  fails('91350100M000100Y433', '长度不对（应为18位，实为19位）');
  fails('350100100012345', '是15位的旧工商注册号，请改填营业执照上的18位统一社会信用代码');
  fails('', '未填写统一社会信用代码');
});
