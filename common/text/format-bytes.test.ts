// The three unit sets keep what each caller showed before they shared one formatter: the
// backup screens (IEC), the backup history messages (字节) and file pickers (KB/MB, no GiB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILE_SIZE_UNITS, IEC_UNITS_ZH, formatBytes } from './format-bytes';

test('IEC by default: whole KiB, one decimal in MiB, two in GiB', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '2 KiB');
  assert.equal(formatBytes(2560), '3 KiB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MiB');
  assert.equal(formatBytes(1.5 * 1024 ** 3), '1.50 GiB');
});

test('the backup history says 字节 below a KiB and is otherwise IEC', () => {
  assert.equal(formatBytes(512, IEC_UNITS_ZH), '512 字节');
  assert.equal(formatBytes(1536, IEC_UNITS_ZH), '2 KiB');
  assert.equal(formatBytes(3 * 1024 ** 3, IEC_UNITS_ZH), '3.00 GiB');
});

test('file sizes: KB and MB, a whole MB without ".0", never GB', () => {
  assert.equal(formatBytes(100, FILE_SIZE_UNITS), '100 B');
  assert.equal(formatBytes(12 * 1024, FILE_SIZE_UNITS), '12 KB');
  assert.equal(formatBytes(1.5 * 1024 * 1024, FILE_SIZE_UNITS), '1.5 MB');
  assert.equal(formatBytes(64 * 1024 * 1024, FILE_SIZE_UNITS), '64 MB');
  assert.equal(formatBytes(2 * 1024 ** 3, FILE_SIZE_UNITS), '2048 MB');
});
