import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateName, parseDistinguishedName } from './distinguished-name';

test('a node certificate subject splits into its attributes', () => {
  assert.deepEqual(parseDistinguishedName('C=CN, ST=海南省, L=琼中黎族苗族自治县, O=湾岭镇人民政府, serialNumber=11469030MB1234567A, CN=node-1'), [
    { name: 'C', value: 'CN' },
    { name: 'ST', value: '海南省' },
    { name: 'L', value: '琼中黎族苗族自治县' },
    { name: 'O', value: '湾岭镇人民政府' },
    { name: 'serialNumber', value: '11469030MB1234567A' },
    { name: 'CN', value: 'node-1' },
  ]);
});

test('escaped commas, plus and equals signs stay inside their value', () => {
  assert.deepEqual(parseDistinguishedName('O=甲\\, 乙\\+丙, CN=a\\=b'), [
    { name: 'O', value: '甲, 乙+丙' },
    { name: 'CN', value: 'a=b' },
  ]);
});

test('an empty name has no attributes', () => {
  assert.deepEqual(parseDistinguishedName(''), []);
});

test('a certificate is named by its CN, else its O, else as given', () => {
  assert.equal(certificateName('C=CN, ST=海南省, O=海南省电子政务外网, CN=海南省电子政务外网根CA'), '海南省电子政务外网根CA');
  assert.equal(certificateName('C=CN, O=湾岭镇人民政府\\, 扶贫办'), '湾岭镇人民政府, 扶贫办');
  assert.equal(certificateName('not a name'), 'not a name');
});
