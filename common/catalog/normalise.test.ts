import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charLength, normaliseIdentifier, toHalfWidth } from './normalise';

test('full-width digits, letters, punctuation and the ideographic space fold to ASCII', () => {
  assert.equal(toHalfWidth('１１０１０５１９４９１２３１００２Ｘ'), '11010519491231002X');
  assert.equal(toHalfWidth('张　三（ＡＢ）'), '张 三(AB)');
  assert.equal(normaliseIdentifier(' １１０１０５ １９４９１２３１　００２ｘ '), '11010519491231002X');
});

test('a value with nothing to fold comes back exactly as it was', () => {
  for (const value of ['', '张三', '469028193602148250', '某某村 3 组', '𠀀家庄', '—“引号”—']) {
    assert.equal(toHalfWidth(value), value);
  }
});

test('length counts characters as a person does, a character outside the BMP as one', () => {
  assert.equal(charLength(''), 0);
  assert.equal(charLength('张三'), 2);
  assert.equal(charLength('𠀀家庄'), 3); // U+20000, a surrogate pair
  assert.equal(charLength('😀😀'), 2);
  // A broken string: each lone half counts as one, as the string iterator counts it.
  assert.equal(charLength('\ud800a'), 2);
  assert.equal(charLength('a\udc00'), 2);
  assert.equal(charLength('\udc00\ud800'), 2);
  for (const value of ['', '张三', '𠀀家庄', '\ud800', 'x\ud83d\ude00y\ud800']) assert.equal(charLength(value), [...value].length);
});
