import { test } from 'node:test';
import assert from 'node:assert/strict';
import { birthDateOf, genderOf, maskIdNumber, normaliseIdNumber, validateIdNumber } from './id-number';

// "Today" pinned so the tests do not change meaning over the years.
const NOW = new Date('2026-11-26T10:00:00+08:00');

/**
 * Independent reference for the check character, written differently from the code under
 * test: the MOD 11-2 weight of position i (from the left, 1-based) is 2^(18-i) mod 11.
 */
function referenceCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (s % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (first17: string): string => first17 + referenceCheck(first17);

const ok = (raw: string, now = NOW) => {
  const r = validateIdNumber(raw, now);
  assert.equal(r.ok, true, r.ok ? '' : r.message);
  return r.ok ? r.value : '';
};
const fails = (raw: string, message: string, now = NOW) => {
  assert.deepEqual(validateIdNumber(raw, now), { ok: false, message });
};

test('accepts the GB 11643 example 11010519491231002X, which ends in X', () => {
  assert.equal(ok('11010519491231002X'), '11010519491231002X');
});

test('accepts further numbers whose check character was computed independently', () => {
  for (const id of ['469027198503122019', '46902719850312206X', '469027198503122094', '469027190001011232']) {
    assert.equal(referenceCheck(id.slice(0, 17)), id[17], `fixture ${id} is itself wrong`);
    assert.equal(ok(id), id);
  }
});

test('rejects a wrong check character without revealing the right one', () => {
  fails('110105194912310021', '校验码不正确，请核对号码');
  fails('469027198503122010', '校验码不正确，请核对号码');
  // Every wrong last character is rejected, not just one.
  for (const last of '0123456789') fails(`11010519491231002${last}`, '校验码不正确，请核对号码');
});

test('checks the birth date is a real calendar date, with leap years', () => {
  assert.equal(ok('469027200002291236'), '469027200002291236'); // 2000 is a leap year (divisible by 400)
  fails('469027199002301232', '出生日期 19900230 不存在');
  fails('469027202302291237', '出生日期 20230229 不存在'); // 2023 is not a leap year
  fails(withCheck('46902719000229123'), '出生日期 19000229 不存在'); // 1900 is not
  fails(withCheck('46902719851301123'), '出生日期 19851301 不存在');
  fails(withCheck('46902719850100123'), '出生日期 19850100 不存在');
});

test('rejects birth dates in the future and before 1900', () => {
  fails('469027209901011235', '出生日期 20990101 晚于今天，请核对号码');
  // The published GB 11643 example born in 1880 has a correct check digit but is refused.
  fails('440524188001010014', '出生日期 18800101 早于1900年1月1日，请核对号码');
  fails('469027189912311238', '出生日期 18991231 早于1900年1月1日，请核对号码');
});

test('"today" is the date in China, whatever the machine time zone', () => {
  // 17:00 UTC on 25 November is already 01:00 on 26 November in Beijing.
  const lateUtc = new Date('2026-11-25T17:00:00Z');
  assert.equal(ok(withCheck('46902720261126123'), lateUtc).slice(6, 14), '20261126');
  fails(withCheck('46902720261127123'), '出生日期 20261127 晚于今天，请核对号码', lateUtc);
});

test('uses the real clock by default: next year is in the future', () => {
  const nextYear = new Date().getUTCFullYear() + 1;
  const r = validateIdNumber(withCheck(`469027${nextYear}0101123`));
  assert.deepEqual(r, { ok: false, message: `出生日期 ${nextYear}0101 晚于今天，请核对号码` });
});

test('normalises lowercase x, full-width characters and spaces, and stores the normalised value', () => {
  assert.equal(ok('11010519491231002x'), '11010519491231002X');
  assert.equal(ok('１１０１０５１９４９１２３１００２Ｘ'), '11010519491231002X');
  assert.equal(ok('１１０１０５１９４９１２３１００２ｘ'), '11010519491231002X');
  assert.equal(ok('  110105 19491231 002X\t'), '11010519491231002X');
  assert.equal(ok('110105\u300019491231002X'), '11010519491231002X'); // ideographic space
  assert.equal(normaliseIdNumber(' ４６９０２７１９８５０３１２２０６ｘ '), '46902719850312206X');
});

test('rejects 15-digit first-generation numbers with an explanation', () => {
  fails(
    '110105491231002',
    '是15位的第一代身份证号码，第一代身份证已于2013年1月1日停止使用，请填写18位公民身份号码',
  );
});

test('rejects wrong lengths, saying the expected and actual length', () => {
  fails('11010519491231002', '长度不对（应为18位，实为17位）');
  fails('11010519491231002X1', '长度不对（应为18位，实为19位）');
  fails('1101051949123100', '长度不对（应为18位，实为16位）');
  fails('', '未填写公民身份号码');
});

test('rejects letters in the first 17 places and a last character other than digit or X', () => {
  fails('1101051949A231002X', '前17位只能是数字，第11位是「A」');
  fails('11010519491231002Y', '末位只能是数字或 X，实为「Y」');
  fails('11010519491231-02X', '前17位只能是数字，第15位是「-」');
});

test('rejects an invalid province prefix even when the check character is right', () => {
  fails('990105194912310023', '前两位「99」不是有效的省级行政区划代码');
  fails('100105194912310028', '前两位「10」不是有效的省级行政区划代码');
  fails(withCheck('00010519491231002'), '前两位「00」不是有效的省级行政区划代码');
});

test('birthDateOf and genderOf read the number; undefined when it is invalid', () => {
  assert.equal(birthDateOf('11010519491231002X', NOW), '1949-12-31');
  assert.equal(genderOf('11010519491231002X', NOW), 'female'); // 17th digit 2
  assert.equal(genderOf('469027200002291236', NOW), 'male'); // 17th digit 3
  assert.equal(birthDateOf('11010519491231002x', NOW), '1949-12-31');
  assert.equal(birthDateOf('110105194912310021', NOW), undefined);
  assert.equal(genderOf('110105491231002', NOW), undefined);
});

test('maskIdNumber keeps the first 6 and last 4 characters only', () => {
  assert.equal(maskIdNumber('11010519491231002X'), '110105********002X');
  assert.equal(maskIdNumber('11010519491231002x'), '110105********002X');
  assert.equal(maskIdNumber('110105491231002'), '***************');
  assert.equal(maskIdNumber(''), '');
});
