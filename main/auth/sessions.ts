// Login sessions live only in memory: a restart logs everyone out, which is what a shared
// office PC should do. A session ends after IDLE_MINUTES without a call.
import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../../common/contract';

export const IDLE_MINUTES = 15;

interface Session {
  user: SessionUser;
  lastSeen: number;
  /** Logged in with a password the admin set: the router lets only a password change through. */
  mustChangePassword: boolean;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => Date) {}

  start(user: SessionUser, { mustChangePassword = false }: { mustChangePassword?: boolean } = {}): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(token, { user, lastSeen: this.now().getTime(), mustChangePassword });
    return token;
  }

  /** Whether this session must change its password before anything else (false for an unknown token). */
  mustChangePassword(token: string | null): boolean {
    return token ? (this.sessions.get(token)?.mustChangePassword ?? false) : false;
  }

  /** The session's owner chose a password of their own: the session may now do its work. */
  passwordChanged(token: string): void {
    const session = this.sessions.get(token);
    if (session) session.mustChangePassword = false;
  }

  /** The session's user, refreshing its idle timer; null when unknown or expired. */
  touch(token: string | null): SessionUser | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    const now = this.now().getTime();
    if (now - session.lastSeen > IDLE_MINUTES * 60_000) {
      this.sessions.delete(token);
      return null;
    }
    session.lastSeen = now;
    return session.user;
  }

  end(token: string): void {
    this.sessions.delete(token);
  }

  /** Ends every session of a user (account disabled, password changed), except `keep`. */
  endAllOf(username: string, keep?: string): void {
    for (const [token, session] of this.sessions) {
      if (token !== keep && session.user.username.toLowerCase() === username.toLowerCase()) this.sessions.delete(token);
    }
  }
}
