import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerKeyRequest, BASIC_TEXT_REFUSED, keyStoreProblem, KEYSTORE_UNAVAILABLE, UNSEAL_FAILED, type SafeStorageLike } from './key-sealing';

/** A stand-in for safeStorage: "seals" by prefixing and reversing, so round trips are checkable. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike & { calls: number } {
  return {
    calls: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      this.calls++;
      return Buffer.from(`sealed:${[...plain].reverse().join('')}`);
    },
    decryptString(sealed) {
      this.calls++;
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice('sealed:'.length)].reverse().join('');
    },
  };
}

const key = Buffer.alloc(32, 7).toString('base64');

test('wraps and unwraps through safeStorage with a keyring backend', () => {
  const storage = fakeSafeStorage('gnome_libsecret');
  const sealed = answerKeyRequest(storage, 'linux', { type: 'key-request', id: 1, op: 'wrap', data: key });
  assert.equal(sealed.ok, true);
  assert.ok(sealed.ok);
  assert.notEqual(sealed.data, key);
  const opened = answerKeyRequest(storage, 'linux', { type: 'key-request', id: 2, op: 'unwrap', data: sealed.data });
  assert.deepEqual(opened, { type: 'key-result', id: 2, ok: true, data: key });
});

test('refuses the basic_text backend on Linux, with the Chinese message, without touching safeStorage', () => {
  const storage = fakeSafeStorage('basic_text');
  for (const op of ['wrap', 'unwrap'] as const) {
    const answer = answerKeyRequest(storage, 'linux', { type: 'key-request', id: 3, op, data: key });
    assert.deepEqual(answer, { type: 'key-result', id: 3, ok: false, message: BASIC_TEXT_REFUSED });
  }
  assert.equal(storage.calls, 0);
  assert.match(BASIC_TEXT_REFUSED, /basic_text/);
  assert.match(BASIC_TEXT_REFUSED, /恢复口令/);
});

test('refuses when encryption is unavailable or the backend is not known yet', () => {
  assert.equal(keyStoreProblem(fakeSafeStorage('gnome_libsecret', false), 'linux'), KEYSTORE_UNAVAILABLE);
  assert.equal(keyStoreProblem(fakeSafeStorage('unknown'), 'linux'), KEYSTORE_UNAVAILABLE);
  assert.equal(keyStoreProblem(fakeSafeStorage('whatever', false), 'win32'), KEYSTORE_UNAVAILABLE);
  assert.equal(keyStoreProblem(fakeSafeStorage('kwallet6'), 'linux'), null);
  // getSelectedStorageBackend is Linux-only; Windows (DPAPI) only needs availability.
  assert.equal(keyStoreProblem(fakeSafeStorage('basic_text'), 'win32'), null);
});

test('a blob that no longer unseals asks for the recovery passphrase', () => {
  const answer = answerKeyRequest(fakeSafeStorage('kwallet5'), 'linux', { type: 'key-request', id: 4, op: 'unwrap', data: Buffer.from('garbage').toString('base64') });
  assert.deepEqual(answer, { type: 'key-result', id: 4, ok: false, message: UNSEAL_FAILED });
});
