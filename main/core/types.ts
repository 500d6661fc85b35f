// Public types of the core that the hosts (Electron utility process, CLI, loopback bridge,
// tests) program against. Everything else in the core stays behind openNode().
import type { SyncServiceOptions } from '../sync/sync-service';
import type { KeyProtector } from '../../platform/key-protector';
import type { LockHolder } from '../../platform/single-writer-lock';

export interface NodeConfig {
  /** Folder holding the encrypted database, its key slots and the single-writer lock. */
  dataDir: string;
  keyProtector: KeyProtector;
  /** Unlock with the recovery passphrase instead of the host's slot, then re-seal that slot. */
  recoveryPassphrase?: string;
  appVersion?: string;
  /** Injectable clock so lockout and idle-timeout rules can be tested without waiting. */
  now?: () => Date;
  /** The sync engine: automatic (the app, default) or only on `sync now` (the CLI); test timings. */
  sync?: SyncServiceOptions;
  /** Which program this is, written beside the single-writer lock so a refused program can say who holds the node. */
  holder?: LockHolder;
}
