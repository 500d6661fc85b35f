// Every log line is redacted, whichever way the sensitive text arrives (in the message or
// inside an error), and the test runner's EDGE_NODE_TEST keeps the default sink silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { log, setLogSink, type LogLevel } from './log';

const ID_NUMBER = '11010519491231002X';
const CREDIT_CODE = '91110000600037341L';

function capture(run: () => void): Array<{ level: LogLevel; line: string }> {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  const previous = setLogSink((level, line) => lines.push({ level, line }));
  try {
    run();
  } finally {
    setLogSink(previous);
  }
  return lines;
}

test('an ID number inside a logged error is masked; the stack stays for support', () => {
  const lines = capture(() => log.error('import failed', new Error(`第 3 行：身份证号 ${ID_NUMBER} 重复`)));
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.level, 'error');
  assert.doesNotMatch(lines[0]!.line, new RegExp(ID_NUMBER));
  const [first, ...frames] = lines[0]!.line.split('\n');
  assert.equal(first, 'edge-node: import failed: Error: 第 3 行：身份证号 [身份证号已隐去] 重复');
  assert.match(frames[0] ?? '', /^\s+at .*log\.test\.ts/);
});

test('the message itself is masked too, at every level', () => {
  const lines = capture(() => {
    log.warn(`单位 ${CREDIT_CODE} 的备份失败`);
    log.info(`记录 ${ID_NUMBER} 已同步`);
  });
  assert.deepEqual(lines, [
    { level: 'warn', line: 'edge-node: 单位 [信用代码已隐去] 的备份失败' },
    { level: 'info', line: 'edge-node: 记录 [身份证号已隐去] 已同步' },
  ]);
});

test('tests are silent: with EDGE_NODE_TEST set, the default sink prints nothing', (t) => {
  const saved = process.env.EDGE_NODE_TEST;
  process.env.EDGE_NODE_TEST = '1';
  const printed: unknown[] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => printed.push(args));
  t.mock.method(console, 'log', (...args: unknown[]) => printed.push(args));
  try {
    log.error('unexpected', new Error('boom'));
    log.warn('warned');
    log.info('said');
  } finally {
    if (saved === undefined) delete process.env.EDGE_NODE_TEST;
    else process.env.EDGE_NODE_TEST = saved;
  }
  assert.deepEqual(printed, []);
});

test('outside tests the default sink prints each line once, on stderr (console.error)', (t) => {
  const saved = process.env.EDGE_NODE_TEST;
  delete process.env.EDGE_NODE_TEST;
  const printed: unknown[] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => printed.push(args));
  try {
    log.info(`打开了 ${ID_NUMBER}`);
  } finally {
    if (saved !== undefined) process.env.EDGE_NODE_TEST = saved;
  }
  assert.deepEqual(printed, [['edge-node: 打开了 [身份证号已隐去]']]);
});
