// How the host the node runs in seals the database key (see main/store/key-slots.ts).
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
