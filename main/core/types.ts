// Public types of the core that the hosts (Electron utility process, CLI, loopback bridge,
// tests) program against. Everything else in the core stays behind openNode().
import type { ApiResult } from '../api/contract';
import type { SyncServiceOptions } from './sync-service';

/**
 * Wraps and unwraps the 32-byte database key for the host the core runs in: Electron's
 * safeStorage (OS keychain / DPAPI / libsecret) in the desktop app, a protected key file for
 * the headless CLI. The recovery passphrase slot is separate and always present.
 */
export interface KeyProtector {
  /** Stored in the key-slot file, so a node knows which protector sealed its key. */
  readonly kind: 'os' | 'keyfile';
  wrap(key: Buffer): Promise<Buffer>;
  unwrap(sealed: Buffer): Promise<Buffer>;
}

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
}

/**
 * One answer of the core to one call. `sessionToken` is set when the call changes the
 * caller's session: a token after a login, null after logout or when the session ended.
 * The transport keeps the token (in the Electron main process or an HttpOnly cookie), so
 * the renderer never holds it.
 */
export interface DispatchResult {
  result: ApiResult<unknown>;
  sessionToken?: string | null;
}

export interface EdgeNode {
  /** Validates channel, input and the caller's role, then runs the call. Never throws. */
  dispatch(sessionToken: string | null, channel: unknown, input: unknown): Promise<DispatchResult>;
  close(): void;
}
