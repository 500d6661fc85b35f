// Accounts: creation by the admin, login with lockout (5 failures → 15 minutes), unlock,
// disable, password change. Every outcome is audited in the same transaction as its effect.
// Separation of duties (issue 10 §2): a password the admin set must be changed by its owner
// before anything else (the router enforces it); the last enabled auditor cannot be disabled;
// changes to auditor accounts need another auditor's confirmation (auditor-confirmation.ts).
import type { AccountsRepo, UserRow } from '../store/accounts-repo';
import type { UnitOfWork } from '../store/unit-of-work';
import type { AuditLog } from '../audit/audit-log';
import type { AuditorConfirmation, Role, SessionUser, UserView } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hash';
import { checkPasswordStrength } from './password-policy';
import { IDLE_MINUTES, type SessionStore } from './sessions';
import { chinaDateTime } from '../../common/text/china-time';
import { cannotConfirm, confirmationRefused, needsConfirmation, type AuditorChange, type RefusedConfirmation } from './auditor-confirmation';

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

  /**
   * `confirmation`: another auditor's, needed when the new account is an auditor (except the
   * node's first). The admin chose the password, so its owner must change it at first login;
   * first-time setup, where the admin creates their own account, is the one exception.
   */
  async create(actor: SessionUser, user: NewUser, confirmation?: AuditorConfirmation): Promise<UserView> {
    const hash = await this.hashChecked(user.password, user);
    // Before the confirmation, so an auditor does not confirm what cannot happen.
    if (this.find(user.username)) throw new ApiFailure('CONFLICT', `用户名「${user.username}」已存在`);
    const confirmedBy = await this.confirmIfAuditor(actor, user.role, user.username, 'create', confirmation);
    return this.work.immediate(() => {
      if (this.find(user.username)) throw new ApiFailure('CONFLICT', `用户名「${user.username}」已存在`);
      const own = sameName(actor.username, user.username);
      this.users.insert({ username: user.username, displayName: user.displayName, role: user.role, unit: user.unit, passwordHash: hash, createdAt: this.now().toISOString(), mustChangePassword: !own });
      this.audit.append({ ...by(actor), action: 'user.create', target: user.username, outcome: 'success', detail: { newRole: user.role, ...confirmedBy } });
      return toView(this.find(user.username)!);
    });
  }

  list(): UserView[] {
    return this.users.all().map(toView);
  }

  async login(username: string, password: string): Promise<{ user: SessionUser; token: string; idleTimeoutMinutes: number; mustChangePassword: boolean }> {
    const checked = this.find(username);
    const passwordOk = await verifyPassword(password, checked?.password_hash ?? (await DUMMY_HASH_PROMISE));
    const now = this.now();
    // The failure count and its audit entry must commit, so failures are returned out of the
    // transaction and thrown after it; throwing inside would roll both back.
    const outcome = this.work.immediate((): { failure: ApiFailure } | { user: SessionUser; token: string; mustChangePassword: boolean } => {
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
        const until = this.countWrongPassword(row, now);
        if (until) return fail('wrong password, locked', 'ACCOUNT_LOCKED', lockedMessage(until));
        const left = MAX_FAILED_LOGINS - (row.failed_logins + 1);
        return fail('wrong password', 'LOGIN_FAILED', `用户名或密码不正确（再错 ${left} 次，账户将锁定 ${LOCKOUT_MINUTES} 分钟）`);
      }
      this.users.recordLogin(row.id, now.toISOString());
      const user = toSessionUser(row);
      const mustChangePassword = row.must_change_password === 1;
      this.audit.append({ ...by(user), action: 'auth.login', target: user.username, outcome: 'success', ...(mustChangePassword ? { detail: { mustChange: true } } : {}) });
      return { user, token: this.sessions.start(user, { mustChangePassword }), mustChangePassword };
    });
    if ('failure' in outcome) throw outcome.failure;
    return { ...outcome, idleTimeoutMinutes: IDLE_MINUTES };
  }

  /** Whether the session behind `token` still has to change the password the admin set. */
  sessionMustChangePassword(token: string | null): boolean {
    return this.sessions.mustChangePassword(token);
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

  async setDisabled(actor: SessionUser, username: string, disabled: boolean, confirmation?: AuditorConfirmation): Promise<void> {
    const refuseLastOnes = (row: UserRow) => {
      if (!disabled || row.disabled) return;
      if (sameName(row.username, actor.username)) throw new ApiFailure('CONFLICT', '不能停用自己正在使用的账户');
      if (row.role === 'admin' && this.activeAdmins() <= 1) throw new ApiFailure('CONFLICT', '这是最后一个可用的系统管理员账户，不能停用');
      // Without an enabled auditor nobody could read the log or confirm a change to an auditor.
      if (row.role === 'auditor' && this.users.activeAuditorCount() <= 1) throw new ApiFailure('CONFLICT', '不能停用最后一名审计员');
    };
    const target = this.require(username);
    // Refused before a confirmation is asked for: no confirmation can make it right.
    refuseLastOnes(target);
    const confirmedBy = await this.confirmIfAuditor(actor, target.role, target.username, disabled ? 'disable' : 'enable', confirmation);
    this.work.immediate(() => {
      const row = this.require(username);
      refuseLastOnes(row); // again inside the transaction: two admins may disable two auditors at once
      this.users.setDisabled(row.id, disabled);
      this.audit.append({ ...by(actor), action: disabled ? 'user.disable' : 'user.enable', target: row.username, outcome: 'success', ...(confirmedBy.confirmedBy ? { detail: confirmedBy } : {}) });
    });
    if (disabled) this.sessions.endAllOf(username);
  }

  /**
   * The admin sets a new password for someone who forgot theirs (or whose password leaked):
   * their other sessions end, and a lockout from guessing is lifted with it, so the new
   * password works at once. The admin's own session is kept when they reset their own.
   * The admin knows the new password, so its owner must change it at the next login (not
   * when the admin resets their own). An auditor's password needs another auditor's confirmation.
   */
  async resetPassword(actor: SessionUser, username: string, password: string, keepToken: string, confirmation?: AuditorConfirmation): Promise<void> {
    const row = this.require(username);
    const hash = await this.hashChecked(password, toSessionUser(row));
    const confirmedBy = await this.confirmIfAuditor(actor, row.role, row.username, 'resetPassword', confirmation);
    const own = sameName(actor.username, row.username);
    this.work.immediate(() => {
      this.users.setPasswordHash(row.id, hash, !own);
      this.users.unlock(row.id);
      this.audit.append({ ...by(actor), action: 'user.resetPassword', target: row.username, outcome: 'success', detail: { mustChange: !own, ...confirmedBy } });
    });
    this.sessions.endAllOf(row.username, keepToken);
  }

  async changePassword(user: SessionUser, current: string, next: string, keepToken: string): Promise<void> {
    const row = this.require(user.username);
    if (!(await verifyPassword(current, row.password_hash))) {
      this.audit.append({ ...by(user), action: 'auth.changePassword', target: user.username, outcome: 'failure', detail: { reason: 'wrong current' } });
      throw new ApiFailure('BAD_INPUT', '当前密码不正确', [{ item: 'currentPassword', message: '当前密码不正确' }]);
    }
    // The same password again would keep the one the admin knows (and is no change at all).
    if (next === current) {
      const message = '新密码不能与当前密码相同';
      throw new ApiFailure('BAD_INPUT', message, [{ item: 'newPassword', message }]);
    }
    const hash = await this.hashChecked(next, user);
    const initial = row.must_change_password === 1;
    this.work.immediate(() => {
      this.users.setPasswordHash(row.id, hash, false);
      this.audit.append({ ...by(user), action: 'auth.changePassword', target: user.username, outcome: 'success', ...(initial ? { detail: { initial: true } } : {}) });
    });
    // Other sessions of this account (another PC, a forgotten window) end with the old password;
    // this one may now do its work.
    this.sessions.endAllOf(user.username, keepToken);
    this.sessions.passwordChanged(keepToken);
  }

  /**
   * Checks an auditor's confirmation when a change to an account with `role` needs one, and
   * records the outcome: a confirmation under the auditor's name, or a refusal under the
   * admin's. A wrong password counts towards the auditor's lockout like a failed login, so
   * the form cannot be used to guess it. Returns what the change's own entry records.
   */
  private async confirmIfAuditor(actor: SessionUser, role: Role, target: string, change: AuditorChange, confirmation: AuditorConfirmation | undefined): Promise<{ confirmedBy?: string; bootstrap?: true }> {
    const need = needsConfirmation(role, this.users.activeAuditorCount());
    if (need === 'no') return {};
    if (need === 'bootstrap') return { bootstrap: true };
    const checked = confirmation ? this.find(confirmation.username) : undefined;
    const passwordOk = await verifyPassword(confirmation?.password ?? '', checked?.password_hash ?? (await DUMMY_HASH_PROMISE));
    const now = this.now();
    const outcome = this.work.immediate((): { refused: RefusedConfirmation } | { confirmedBy: string } => {
      const refuse = (reason: RefusedConfirmation, auditor?: UserRow) => {
        // Only a real account's name is recorded: the text typed may be a password.
        const detail = { change, reason, ...(auditor ? { auditor: auditor.username } : {}) };
        this.audit.append({ ...by(actor), action: 'user.auditorConfirm', target, outcome: 'failure', detail });
        return { refused: reason };
      };
      if (!confirmation) return refuse('missing');
      const row = this.find(confirmation.username);
      const cannot = cannotConfirm(row, now);
      if (cannot) return refuse(cannot, row);
      if (!passwordOk || row!.password_hash !== checked?.password_hash) {
        this.countWrongPassword(row!, now);
        return refuse('wrong password', row);
      }
      this.users.unlock(row!.id); // a right password clears earlier failures, as a login does
      this.audit.append({ actor: row!.username, role: 'auditor', action: 'user.auditorConfirm', target, outcome: 'success', detail: { change, requestedBy: actor.username } });
      return { confirmedBy: row!.username };
    });
    if ('refused' in outcome) throw confirmationRefused(outcome.refused, change);
    return outcome;
  }

  /** One more wrong password for `row`: counted, and at the threshold locked; returns the lock's end then. */
  private countWrongPassword(row: UserRow, now: Date): string | null {
    const failures = row.failed_logins + 1;
    if (failures >= MAX_FAILED_LOGINS) {
      const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
      this.users.lockOut(row.id, until);
      return until;
    }
    this.users.setFailedLogins(row.id, failures);
    return null;
  }

  /** `user`: whose password it is; the rule refuses one built from their name or unit. */
  private async hashChecked(password: string, user: { username: string; displayName: string; unit: string }): Promise<string> {
    const weakness = await checkPasswordStrength(password, user);
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

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
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
    mustChangePassword: row.must_change_password === 1,
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
