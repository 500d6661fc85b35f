// The clock-skew sentences: silent within five minutes, then the size of the difference in
// the words an office uses and which way the local clock is off; HTTP dates parsed strictly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateClockProblem, clockOffsetMs, describeClockSkew, parseHttpDate } from './clock-skew';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

test('within five minutes nothing is said; beyond, the difference and its direction', () => {
  assert.equal(describeClockSkew(0), null);
  assert.equal(describeClockSkew(5 * MINUTE), null);
  assert.equal(describeClockSkew(-5 * MINUTE), null);
  assert.match(describeClockSkew(5 * MINUTE + 1000)!, /^本机时钟与交换平台相差约 5 分钟（本机时间偏快）/);
  assert.match(describeClockSkew(-3 * HOUR - 10 * MINUTE)!, /^本机时钟与交换平台相差约 3 小时（本机时间偏慢）/);
  assert.match(describeClockSkew(24 * HOUR + 90_000)!, /^本机时钟与交换平台相差约 1 天（本机时间偏快）/);
  assert.match(describeClockSkew(-23.5 * HOUR)!, /相差约 1 天（本机时间偏慢）/);
  assert.match(describeClockSkew(-400 * 24 * HOUR)!, /相差约 400 天/);
});

test('the offset is local minus exchange, from an HTTP Date header', () => {
  const exchange = parseHttpDate('Sun, 06 Dec 2026 02:00:00 GMT');
  assert.equal(exchange, Date.UTC(2026, 11, 6, 2, 0, 0));
  assert.equal(clockOffsetMs(new Date(Date.UTC(2026, 11, 5, 2, 0, 0)), exchange!), -24 * HOUR);
  assert.equal(parseHttpDate(undefined), null);
  assert.equal(parseHttpDate('yesterday'), null);
  assert.equal(parseHttpDate('2026-12-06T02:00:00+08:00'), null, 'only the HTTP form, in GMT');
});

test('a certificate failing on dates is blamed on the clock only when it is valid by the exchange', () => {
  assert.match(certificateClockProblem('本节点证书', -24 * HOUR, true, true)!, /^本机时钟与交换平台相差约 1 天（本机时间偏慢）：按本机时间本节点证书尚未生效，按交换平台的时间则在有效期内/);
  assert.match(certificateClockProblem('本节点证书', 30 * 24 * HOUR, true, false)!, /按本机时间本节点证书已过期/);
  assert.equal(certificateClockProblem('本节点证书', -24 * HOUR, false, true), null, 'invalid by the exchange too: the certificate is the problem');
  assert.equal(certificateClockProblem('本节点证书', 2 * MINUTE, true, true), null, 'clocks in step: not the clock');
});
