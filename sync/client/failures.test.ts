// Failure classification: what is retried, what stops, and that every stop names its cause
// in its own Chinese sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError, classifyStatus, PROBLEMS } from './failures';

const err = (code: string, message = code) => Object.assign(new Error(message), { code });

test('network failures are retried', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ERR_CANCELED']) {
    assert.equal(classifyError(err(code)).kind, 'network', code);
  }
  // axios wraps Node's error; the cause's code counts.
  assert.equal(classifyError(Object.assign(new Error('wrapped'), { cause: err('ECONNREFUSED') })).kind, 'network');
});

test('TLS trust problems stop sync, each with its own sentence', () => {
  const cases: [string, string][] = [
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', PROBLEMS.serverNotFromRoot],
    ['SELF_SIGNED_CERT_IN_CHAIN', PROBLEMS.serverNotFromRoot],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', PROBLEMS.serverNotFromRoot],
    ['ERR_TLS_CERT_ALTNAME_INVALID', PROBLEMS.serverWrongHost],
    ['CERT_HAS_EXPIRED', PROBLEMS.serverExpired],
    ['CERT_NOT_YET_VALID', PROBLEMS.serverNotYetValid],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED', PROBLEMS.refusedRevoked],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', PROBLEMS.refusedExpired],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', PROBLEMS.refusedUnknownCa],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', PROBLEMS.refusedRequired],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', PROBLEMS.refusedOther],
    ['ERR_EXCHANGE_REFUSED_CERTIFICATE', PROBLEMS.refusedOther],
  ];
  for (const [code, problem] of cases) {
    const f = classifyError(err(code));
    assert.equal(f.kind, 'certificate', code);
    assert.equal(f.problem, problem, code);
  }
  assert.equal(classifyError(new Error('error:0A000416:SSL routines::sslv3 alert certificate unknown:SSL alert number 46')).kind, 'certificate');
  const sentences = Object.values(PROBLEMS);
  assert.equal(new Set(sentences).size, sentences.length, 'no two problems share a sentence');
  for (const s of sentences) assert.match(s, /[\u4e00-\u9fff]/);
});

test('HTTP answers: 5xx and 429 retry (with Retry-After), 401/403 stop, 413 shrinks the batch', () => {
  assert.deepEqual(classifyStatus(503, '交换平台暂时无法处理请求', 1000), { kind: 'server', problem: '交换平台暂时无法处理（HTTP 503）：交换平台暂时无法处理请求，将自动重试', retryAfterMs: 1000 });
  assert.equal(classifyStatus(429, null, 5000).kind, 'server');
  assert.equal(classifyStatus(429, null, 5000).retryAfterMs, 5000);
  assert.equal(classifyStatus(500, null, null).kind, 'server');
  const refused = classifyStatus(403, '节点证书的扩展密钥用法不含“客户端身份验证”', null);
  assert.equal(refused.kind, 'certificate');
  assert.match(refused.problem, /客户端身份验证/);
  assert.equal(classifyStatus(401, null, null).kind, 'certificate');
  assert.equal(classifyStatus(413, null, null).tooLarge, true);
  assert.equal(classifyStatus(400, '格式不符', null).kind, 'protocol');
});
