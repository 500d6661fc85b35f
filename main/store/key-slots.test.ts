// Key wrapping: the 32-byte database key is only ever stored sealed. The recovery
// passphrase opens it, a wrong or tampered slot is refused, and the whole node can be
// unlocked with the passphrase when its key file is lost.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingKeySlotError, newDatabaseKey, openWithHost, passphraseSlotOf, readKeySlots, sealWithHost, withSlot } from './key-slots';
import { WrongPassphraseError, openWithPassphrase, sealWithPassphrase, type PassphraseSlot } from '../../platform/passphrase-slot';
import { keyFileProtector } from '../../platform/keyfile-protector';
import { dataPaths } from '../../platform/data-paths';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { ADMIN, RECOVERY_PASSPHRASE, startSetUpNode } from '../../test/support/test-node';
import { povertyHouseholdFields } from '../../test/support/sample-records';

const PASSPHRASE = 'Correct-Horse-Battery-Staple-2026';

/** Every way a 32-byte key could be written down in a text or binary file. */
function keyRepresentations(key: Buffer): Buffer[] {
  return [
    key,
    Buffer.from(key.toString('hex')),
    Buffer.from(key.toString('hex').toUpperCase()),
    Buffer.from(key.toString('base64')),
    Buffer.from(key.toString('base64url')),
  ];
}

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64');
}

describe('recovery passphrase slot', () => {
  const key = newDatabaseKey();
  let slot: PassphraseSlot;

  before(async () => {
    slot = await sealWithPassphrase(key, PASSPHRASE);
  });

  test('the right passphrase gives back exactly the sealed key', async () => {
    const opened = await openWithPassphrase(slot, PASSPHRASE);
    assert.equal(opened.length, 32);
    assert.ok(opened.equals(key), 'expected opened.equals(key)');
  });

  test('the passphrase is compared after Unicode normalisation (NFC), so an IME’s decomposed form still opens it', async () => {
    const composed = `${PASSPHRASE}-café`;
    const slotC = await sealWithPassphrase(key, composed);
    const opened = await openWithPassphrase(slotC, composed.normalize('NFD'));
    assert.ok(opened.equals(key), 'expected opened.equals(key)');
  });

  test('a wrong passphrase is refused with WrongPassphraseError (恢复口令不正确)', async () => {
    await Promise.all(
      [`${PASSPHRASE}x`, PASSPHRASE.toLowerCase(), ''].map((wrong) =>
        assert.rejects(openWithPassphrase(slot, wrong), (error: unknown) => {
          assert.ok(error instanceof WrongPassphraseError, `expected WrongPassphraseError for "${wrong}"`);
          assert.equal(error.message, '恢复口令不正确');
          return true;
        }),
      ),
    );
  });

  test('a tampered slot (sealed key, tag, iv or salt) is refused even with the right passphrase', async () => {
    const tampered: PassphraseSlot[] = [
      { ...slot, sealed: flipFirstByte(slot.sealed) },
      { ...slot, tag: flipFirstByte(slot.tag) },
      { ...slot, iv: flipFirstByte(slot.iv) },
      { ...slot, salt: flipFirstByte(slot.salt) },
    ];
    await Promise.all(tampered.map((t) => assert.rejects(openWithPassphrase(t, PASSPHRASE), WrongPassphraseError)));
  });

  test('each sealing uses a fresh salt and iv, and the slot never holds the key itself', async () => {
    const again = await sealWithPassphrase(key, PASSPHRASE);
    assert.notEqual(again.salt, slot.salt);
    assert.notEqual(again.iv, slot.iv);
    assert.notEqual(again.sealed, slot.sealed);
    const text = Buffer.from(JSON.stringify(slot));
    for (const form of keyRepresentations(key)) assert.equal(text.includes(form), false);
    // The scrypt cost is stored with the slot, so it can be raised later without breaking old slots.
    assert.equal(slot.kdf, 'scrypt');
    assert.ok(slot.N >= 2 ** 15, `scrypt N is too low: ${slot.N}`);
  });
});

describe('host (key-file) slot', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'edge-node-keyfile-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('sealing with the key-file protector and opening gives the same key; another key file is refused', async () => {
    const key = newDatabaseKey();
    const protector = keyFileProtector(join(dir, 'a', 'node.keyfile'));
    const slot = await sealWithHost(key, protector);
    assert.equal(slot.kind, 'keyfile');
    const file = { format: 1 as const, slots: [slot] };
    assert.ok((await openWithHost(file, protector)).equals(key), 'expected (await openWithHost(file, protector)).equals(key)');
    await assert.rejects(openWithHost(file, keyFileProtector(join(dir, 'b', 'node.keyfile'))), /找不到密钥文件/);
    await sealWithHost(newDatabaseKey(), keyFileProtector(join(dir, 'c', 'node.keyfile')));
    await assert.rejects(openWithHost(file, keyFileProtector(join(dir, 'c', 'node.keyfile'))), /不匹配/);
  });

  test('a slot file without a slot for this host says to use the recovery passphrase', async () => {
    const protector = keyFileProtector(join(dir, 'd', 'node.keyfile'));
    await assert.rejects(openWithHost({ format: 1, slots: [] }, protector), (error: unknown) => {
      assert.ok(error instanceof MissingKeySlotError, 'expected error instanceof MissingKeySlotError');
      assert.match(error.message, /恢复口令/);
      return true;
    });
  });

  test('withSlot replaces the slot of the same kind and keeps the others', () => {
    const a = { kind: 'keyfile' as const, sealed: 'AAAA' };
    const b = { kind: 'keyfile' as const, sealed: 'BBBB' };
    const os = { kind: 'os' as const, sealed: 'CCCC' };
    const next = withSlot({ format: 1, slots: [a, os] }, b);
    assert.deepEqual(next.slots.filter((s) => s.kind === 'keyfile'), [b]);
    assert.deepEqual(next.slots.filter((s) => s.kind === 'os'), [os]);
  });
});

describe('a whole node: the key on disk and unlocking with the recovery passphrase', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  let recordId: string;

  before(async () => {
    t = await startSetUpNode();
    const created = await t.call(t.tokens.clerk, 'records.create', { resourceCode: RESOURCE_POVERTY_HOUSEHOLD, fields: povertyHouseholdFields() });
    assert.ok(created.ok, JSON.stringify(created));
    recordId = created.value.id;
  });
  after(() => t.cleanup());

  function snapshot(): Map<string, string> {
    const files = new Map<string, string>();
    for (const name of readdirSync(t.dataDir).sort()) {
      files.set(name, createHash('sha256').update(readFileSync(join(t.dataDir, name))).digest('hex'));
    }
    return files;
  }

  test('neither keys.json nor the key file contains the database key, in raw, hex or base64 form', async () => {
    const slots = await readKeySlots(dataPaths(t.dataDir).keySlots);
    const key = await openWithPassphrase(passphraseSlotOf(slots), RECOVERY_PASSPHRASE);
    // The host slot opens the very same key.
    assert.ok((await openWithHost(slots, keyFileProtector(t.keyFile))).equals(key), 'expected (await openWithHost(slots, keyFileProtector(t.keyFile))).equals(key)');
    assert.deepEqual(slots.slots.map((s) => s.kind).sort(), ['keyfile', 'passphrase']);
    for (const file of [dataPaths(t.dataDir).keySlots, t.keyFile]) {
      const bytes = readFileSync(file);
      for (const form of keyRepresentations(key)) {
        assert.equal(bytes.includes(form), false, `${file} contains the database key`);
      }
    }
  });

  test('reopening with a wrong recovery passphrase is refused in Chinese and changes no file', async () => {
    t.node.close();
    const before = snapshot();
    await assert.rejects(t.reopen({ recoveryPassphrase: `${RECOVERY_PASSPHRASE}-wrong` }), (error: unknown) => {
      assert.ok(error instanceof WrongPassphraseError, 'expected error instanceof WrongPassphraseError');
      assert.equal(error.message, '恢复口令不正确');
      return true;
    });
    assert.deepEqual(snapshot(), before, 'the data folder changed after a refused unlock');
    // The refused attempt released the lock: a normal open works.
    await t.reopen();
    assert.ok((await t.login(ADMIN.username, ADMIN.password)).length > 0, 'expected (await t.login(ADMIN.username, ADMIN.password)).length > 0');
  });

  test('with the key file lost, the node opens locked and says to use the recovery passphrase; a wrong one is refused, the right one unlocks and re-seals a key-file slot', async () => {
    const slotsBefore = await readKeySlots(dataPaths(t.dataDir).keySlots);
    t.node.close();
    unlinkSync(t.keyFile);
    await t.reopen();
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok, JSON.stringify(status));
    assert.equal(status.value.initialized, true);
    assert.equal(status.value.locked, true);
    assert.match(status.value.lockedReason ?? '', /找不到密钥文件.*恢复口令/);
    const login = await t.call(null, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    assert.equal(login.ok ? 'ok' : login.error.code, 'LOCKED', 'a locked node let someone log in');

    const filesBefore = snapshot();
    const wrong = await t.call(null, 'setup.unlock', { recoveryPassphrase: `${RECOVERY_PASSPHRASE}-wrong` });
    assert.ok(!wrong.ok, 'a wrong recovery passphrase unlocked the node');
    assert.equal(wrong.error.code, 'BAD_INPUT');
    assert.equal(wrong.error.message, '恢复口令不正确');
    // The one new file is the tally of wrong passphrases (counts and times, audited on opening).
    const filesAfter = snapshot();
    assert.ok(filesAfter.delete('unlock-attempts.json'), 'the wrong passphrase was not counted');
    assert.deepEqual(filesAfter, filesBefore, 'a refused unlock changed the data folder');
    assert.equal(existsSync(t.keyFile), false, 'a refused unlock created a key file');

    const unlocked = await t.call(null, 'setup.unlock', { recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(unlocked.ok, JSON.stringify(unlocked));
    assert.equal(unlocked.value.hostKeyProtection, true);
    assert.ok(existsSync(t.keyFile), 'a new key file was not created');
    const slotsAfter = await readKeySlots(dataPaths(t.dataDir).keySlots);
    const hostBefore = slotsBefore.slots.find((s) => s.kind === 'keyfile');
    const hostAfter = slotsAfter.slots.find((s) => s.kind === 'keyfile');
    assert.ok(hostAfter && hostBefore && hostAfter.sealed !== hostBefore.sealed, 'the key-file slot was not re-sealed');
    assert.deepEqual(passphraseSlotOf(slotsAfter), passphraseSlotOf(slotsBefore), 'the recovery slot must stay as it was');

    // The data is all there.
    const clerk = await t.login('clerk', 'Clerk#2026pass');
    const got = await t.call(clerk, 'records.get', { id: recordId });
    assert.ok(got.ok, JSON.stringify(got));
    assert.equal(got.value.current.fields.householder_name, '王小明');

    // And from now on the new key file opens the node without the passphrase.
    await t.reopen();
    const again = await t.call(await t.login('clerk', 'Clerk#2026pass'), 'records.get', { id: recordId });
    assert.ok(again.ok, JSON.stringify(again));
  });

  test('the recovery passphrase given at open (CLI --recovery) opens a node whose key file is lost, and re-seals it', async () => {
    t.node.close();
    unlinkSync(t.keyFile);
    await t.reopen({ recoveryPassphrase: RECOVERY_PASSPHRASE });
    assert.ok(existsSync(t.keyFile), 'a new key file was not created');
    const status = await t.call(null, 'setup.status', {});
    assert.ok(status.ok && !status.value.locked, JSON.stringify(status));
    const got = await t.call(await t.login('clerk', 'Clerk#2026pass'), 'records.get', { id: recordId });
    assert.ok(got.ok, JSON.stringify(got));
    await t.reopen();
    assert.ok((await t.login(ADMIN.username, ADMIN.password)).length > 0, 'the re-sealed key file does not open the node');
  });
});
