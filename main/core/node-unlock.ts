// Opens an existing node: unseal the database key with the host's protector (or, when the
// host cannot — a new machine, a lost key file — with the recovery passphrase, after which
// the host's slot is sealed again where the host can), open the encrypted database and bring its schema up.
import { openEncryptedDatabase, type Db } from '../store/database';
import { migrate } from '../store/migrate';
import { openWithHost, passphraseSlotOf, readKeySlots, sealWithHostIfPossible, withSlot, writeKeySlots } from '../store/key-slots';
import { openWithPassphrase } from '../../platform/passphrase-slot';
import type { DataPaths } from '../../platform/data-paths';
import type { KeyProtector } from '../../platform/key-protector';

export async function unlockNode(paths: DataPaths, protector: KeyProtector, recoveryPassphrase?: string): Promise<{ db: Db; hostKeyProtection: boolean }> {
  const slots = await readKeySlots(paths.keySlots);
  const key = recoveryPassphrase
    ? await openWithPassphrase(passphraseSlotOf(slots), recoveryPassphrase)
    : await openWithHost(slots, protector);
  try {
    const db = openEncryptedDatabase(paths.database, key);
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    if (!recoveryPassphrase) return { db, hostKeyProtection: true };
    const hostSlot = await sealWithHostIfPossible(key, protector);
    if (hostSlot) await writeKeySlots(paths.keySlots, withSlot(slots, hostSlot));
    return { db, hostKeyProtection: hostSlot !== null };
  } finally {
    key.fill(0);
  }
}
