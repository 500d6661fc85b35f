// Accounts: creation by the admin, login with lockout (5 failures → 15 minutes), unlock,
// disable, password change. Every outcome is audited in the same transaction as its effect.
import type { AccountsRepo, UserRow } from '../store/accounts-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import type { AuditLog } from '../audit/audit-log';
import type { Role, SessionUser, UserView } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hash';
import { checkPasswordStrength } from './password-policy';
import { IDLE_MINUTES, type SessionStore } from './sessions';
import { chinaDateTime } from '../../common/text/china-time';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  password: string;
}

export class Accounts {
  constructor(
    private readonly users: AccountsRepo,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly sessions: SessionStore,
    private readonly now: () => Date,
  ) {}

  async create(actor: SessionUser, user: NewUser): Promise<UserView> {
    const hash = await this.hashChecked(user.password, user);
    return this.work.immediate(() => {
      if (this.find(user.username)) throw new ApiFailure('CONFLICT', `用户名「${user.username}」已存在`);
      this.users.insert({ username: user.username, displayName: user.displayName, role: user.role, unit: user.unit, passwordHash: hash, createdAt: this.now().toISOString() });
      this.audit.append({ ...by(actor), action: 'user.create', target: user.username, outcome: 'success', detail: { newRole: user.role } });
      return toView(this.find(user.username)!);
    });
  }

  list(): UserView[] {
    return this.users.all().map(toView);
  }

  async login(username: string, password: string): Promise<{ user: SessionUser; token: string; idleTimeoutMinutes: number }> {
    const checked = this.find(username);
    const passwordOk = await verifyPassword(password, checked?.password_hash ?? (await DUMMY_HASH_PROMISE));
    const now = this.now();
    // The failure count and its audit entry must commit, so failures are returned out of the
    // transaction and thrown after it; throwing inside would roll both back.
    const outcome = this.work.immediate((): { failure: ApiFailure } | { user: SessionUser; token: string } => {
      // Re-read inside the transaction: parallel guesses must add up, not start from one count.
      const row = this.find(username);
      const fail = (reason: string, code: 'LOGIN_FAILED' | 'ACCOUNT_LOCKED', message: string) => {
        // Only an existing account's own name is recorded: text typed for an unknown account
        // may be a password typed into the user box, and must never reach the auditor's screen.
        const who = row?.username ?? '-';
        this.audit.append({ actor: who, role: row?.role ?? '-', action: 'auth.login', target: who, outcome: 'failure', detail: { reason } });
        return { failure: new ApiFailure(code, message) };
      };
      if (!row) return fail('unknown user', 'LOGIN_FAILED', '用户名或密码不正确');
      if (row.disabled) return fail('disabled', 'LOGIN_FAILED', '该账户已停用，请联系系统管理员');
      if (row.locked_until && new Date(row.locked_until) > now) {
        return fail('locked', 'ACCOUNT_LOCKED', lockedMessage(row.locked_until));
      }
      if (!passwordOk || row.password_hash !== checked?.password_hash) {
        const failures = row.failed_logins + 1;
        if (failures >= MAX_FAILED_LOGINS) {
          const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
          this.users.lockOut(row.id, until);
          return fail('wrong password, locked', 'ACCOUNT_LOCKED', lockedMessage(until));
        }
        this.users.setFailedLogins(row.id, failures);
        return fail('wrong password', 'LOGIN_FAILED', `用户名或密码不正确（再错 ${MAX_FAILED_LOGINS - failures} 次，账户将锁定 ${LOCKOUT_MINUTES} 分钟）`);
      }
      this.users.recordLogin(row.id, now.toISOString());
      const user = toSessionUser(row);
      this.audit.append({ ...by(user), action: 'auth.login', target: user.username, outcome: 'success' });
      return { user, token: this.sessions.start(user) };
    });
    if ('failure' in outcome) throw outcome.failure;
    return { ...outcome, idleTimeoutMinutes: IDLE_MINUTES };
  }

  logout(user: SessionUser, token: string): void {
    this.sessions.end(token);
    this.audit.append({ ...by(user), action: 'auth.logout', target: user.username, outcome: 'success' });
  }

  unlock(actor: SessionUser, username: string): void {
    this.work.immediate(() => {
      const row = this.require(username);
      this.users.unlock(row.id);
      this.audit.append({ ...by(actor), action: 'user.unlock', target: row.username, outcome: 'success' });
    });
  }

  setDisabled(actor: SessionUser, username: string, disabled: boolean): void {
    this.work.immediate(() => {
      const row = this.require(username);
      if (disabled && row.username.toLowerCase() === actor.username.toLowerCase()) {
        throw new ApiFailure('CONFLICT', '不能停用自己正在使用的账户');
      }
      if (disabled && row.role === 'admin' && this.activeAdmins() <= 1) {
        throw new ApiFailure('CONFLICT', '这是最后一个可用的系统管理员账户，不能停用');
      }
      this.users.setDisabled(row.id, disabled);
      this.audit.append({ ...by(actor), action: disabled ? 'user.disable' : 'user.enable', target: row.username, outcome: 'success' });
    });
    if (disabled) this.sessions.endAllOf(username);
  }

  /**
   * The admin sets a new password for someone who forgot theirs (or whose password leaked):
   * their other sessions end, and a lockout from guessing is lifted with it, so the new
   * password works at once. The admin's own session is kept when they reset their own.
   */
  async resetPassword(actor: SessionUser, username: string, password: string, keepToken: string): Promise<void> {
    const row = this.require(username);
    const hash = await this.hashChecked(password, toSessionUser(row));
    this.work.immediate(() => {
      this.users.setPasswordHash(row.id, hash);
      this.users.unlock(row.id);
      this.audit.append({ ...by(actor), action: 'user.resetPassword', target: row.username, outcome: 'success' });
    });
    this.sessions.endAllOf(row.username, keepToken);
  }

  async changePassword(user: SessionUser, current: string, next: string, keepToken: string): Promise<void> {
    const row = this.require(user.username);
    if (!(await verifyPassword(current, row.password_hash))) {
      this.audit.append({ ...by(user), action: 'auth.changePassword', target: user.username, outcome: 'failure', detail: { reason: 'wrong current' } });
      throw new ApiFailure('BAD_INPUT', '当前密码不正确', [{ item: 'currentPassword', message: '当前密码不正确' }]);
    }
    const hash = await this.hashChecked(next, user);
    this.work.immediate(() => {
      this.users.setPasswordHash(row.id, hash);
      this.audit.append({ ...by(user), action: 'auth.changePassword', target: user.username, outcome: 'success' });
    });
    // Other sessions of this account (another PC, a forgotten window) end with the old password.
    this.sessions.endAllOf(user.username, keepToken);
  }

  /** `user`: whose password it is; the rule refuses one built from their name or unit. */
  private async hashChecked(password: string, user: { username: string; displayName: string; unit: string }): Promise<string> {
    const weakness = checkPasswordStrength(password, user);
    if (weakness) throw new ApiFailure('BAD_INPUT', weakness, [{ item: 'password', message: weakness }]);
    return hashPassword(password);
  }

  private find(username: string): UserRow | undefined {
    return this.users.byUsername(username);
  }

  private require(username: string): UserRow {
    const row = this.find(username);
    if (!row) throw new ApiFailure('NOT_FOUND', `用户「${username}」不存在`);
    return row;
  }

  private activeAdmins(): number {
    return this.users.activeAdminCount();
  }
}

function by(user: SessionUser): { actor: string; role: string } {
  return { actor: user.username, role: user.role };
}

function toSessionUser(row: UserRow): SessionUser {
  return { username: row.username, displayName: row.display_name, role: row.role, unit: row.unit };
}

function toView(row: UserRow): UserView {
  return {
    ...toSessionUser(row),
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

function lockedMessage(untilIso: string): string {
  // China time, not the machine's: the CLI may run over a shell on a server set to UTC.
  const hhmm = chinaDateTime(untilIso, { seconds: false }).slice(11);
  return `连续 ${MAX_FAILED_LOGINS} 次登录失败，账户已锁定 ${LOCKOUT_MINUTES} 分钟（${hhmm} 后可再试），或请系统管理员解锁`;
}
