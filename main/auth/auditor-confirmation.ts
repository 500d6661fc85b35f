// Separation of duties for auditor accounts: the admin may create, disable, enable or reset
// the password of an auditor only with another auditor's confirmation, given on the spot —
// the auditor types their own user name and password into the admin's form (the way a bank
// counter has a second person key in a change). Who needs it, and the Chinese answers when it
// is missing or not accepted, live here; Accounts checks the password and records the outcome.
import type { Role } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { UserRow } from '../store/accounts-repo';

/** What the admin is doing to an auditor account; recorded in the audit entry's detail. */
export type AuditorChange = 'create' | 'disable' | 'enable' | 'resetPassword';

export const AUDITOR_CHANGE_ZH: Record<AuditorChange, string> = {
  create: '新建审计员账户',
  disable: '停用审计员账户',
  enable: '启用审计员账户',
  resetPassword: '重置审计员密码',
};

/** Why a confirmation was not accepted: recorded as the audit entry's reason. */
export type RefusedConfirmation = 'missing' | 'not an auditor' | 'disabled' | 'locked' | 'initial password' | 'wrong password';

/**
 * Whether a change to an account with `role` needs an auditor's confirmation. The one
 * exception is the first auditor of a node: with no enabled auditor there is nobody to
 * confirm, and since the last auditor can never be disabled, that happens only before the
 * first one exists (bootstrap; its entry says so).
 */
export function needsConfirmation(role: Role, enabledAuditors: number): 'confirm' | 'bootstrap' | 'no' {
  if (role !== 'auditor') return 'no';
  return enabledAuditors === 0 ? 'bootstrap' : 'confirm';
}

/**
 * Why `row` (the account named in the confirmation) cannot confirm, before its password is
 * looked at; null when it may. An auditor still on the password the admin set cannot
 * confirm: the admin knows that password and would be confirming their own change.
 */
export function cannotConfirm(row: UserRow | undefined, now: Date): RefusedConfirmation | null {
  if (!row || row.role !== 'auditor') return 'not an auditor';
  if (row.disabled) return 'disabled';
  if (row.locked_until && new Date(row.locked_until) > now) return 'locked';
  if (row.must_change_password) return 'initial password';
  return null;
}

export function confirmationRefused(reason: RefusedConfirmation, change: AuditorChange): ApiFailure {
  const what = AUDITOR_CHANGE_ZH[change];
  const messages: Record<RefusedConfirmation, string> = {
    missing: `${what}须经另一名审计员确认：请审计员本人在确认栏输入其用户名和密码`,
    'not an auditor': `${what}须经审计员确认：确认人不是可用的审计员账户，或用户名、密码不正确`,
    disabled: `${what}须经审计员确认：确认人不是可用的审计员账户，或用户名、密码不正确`,
    'wrong password': `${what}须经审计员确认：确认人不是可用的审计员账户，或用户名、密码不正确`,
    locked: `${what}须经审计员确认：该审计员账户因连续输错密码已锁定，请稍后再试`,
    'initial password': `${what}须经审计员确认：该审计员尚未修改初始密码，请其先登录修改密码后再确认`,
  };
  return new ApiFailure('AUDITOR_CONFIRMATION', messages[reason], [{ item: 'auditorConfirmation', message: messages[reason] }]);
}
