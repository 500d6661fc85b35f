// All SQL about user accounts (table `users`, migration 001): lookup, creation, and the
// columns that login, lockout, unlock, disable and password change move (and, since
// migration 008, whether the password is still one the admin chose). Callers run the
// writes inside their own transaction together with the audit entry that records them.
import { sql, type Db } from './database';
import type { Role } from '../../common/contract';

/** One row of `users`, as stored. */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit: string;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  last_login_at: string | null;
  /** 1 while the password is one the admin set (new account, reset): its owner must change it first. */
  must_change_password: number;
}

export interface UserToInsert {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  passwordHash: string;
  createdAt: string;
  mustChangePassword: boolean;
}

export class AccountsRepo {
  constructor(private readonly db: Db) {}

  byUsername(username: string): UserRow | undefined {
    return sql(this.db, 'SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  /** Every account, oldest first. */
  all(): UserRow[] {
    return sql(this.db, 'SELECT * FROM users ORDER BY id').all() as UserRow[];
  }

  /** Admin accounts that can still log in (the last one may not be disabled). */
  activeAdminCount(): number {
    return (sql(this.db, `SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0`).get() as { n: number }).n;
  }

  /** Auditor accounts that can still log in (the last one may not be disabled, and confirms changes to auditors). */
  activeAuditorCount(): number {
    return (sql(this.db, `SELECT count(*) AS n FROM users WHERE role = 'auditor' AND disabled = 0`).get() as { n: number }).n;
  }

  insert(user: UserToInsert): void {
    sql(
      this.db,
      `INSERT INTO users (username, display_name, role, unit, password_hash, created_at, must_change_password)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(user.username, user.displayName, user.role, user.unit, user.passwordHash, user.createdAt, user.mustChangePassword ? 1 : 0);
  }

  /** A wrong password below the lockout threshold: the running count of failures. */
  setFailedLogins(id: number, failures: number): void {
    sql(this.db, 'UPDATE users SET failed_logins = ? WHERE id = ?').run(failures, id);
  }

  /** The failure that reaches the threshold: locked until `untilIso`, the count starts again. */
  lockOut(id: number, untilIso: string): void {
    sql(this.db, 'UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?').run(untilIso, id);
  }

  /** A successful login clears failures and any lock, and stamps the login time. */
  recordLogin(id: number, atIso: string): void {
    sql(this.db, 'UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(atIso, id);
  }

  /** The admin lifts a lockout before it expires. */
  unlock(id: number): void {
    sql(this.db, 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }

  setDisabled(id: number, disabled: boolean): void {
    sql(this.db, 'UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
  }

  /** `mustChange`: true when the admin set it (a reset), false when the owner chose it. */
  setPasswordHash(id: number, passwordHash: string, mustChange: boolean): void {
    sql(this.db, 'UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?').run(passwordHash, mustChange ? 1 : 0, id);
  }
}
