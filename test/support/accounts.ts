// Accounts for tests, made the way an office makes them: the admin creates the account with
// an initial password, then its owner logs in and replaces it with their own — through the
// real API, since the router refuses everything else until then (issue 10 §2). Tests then
// act as the owner with `password`, which the admin never knew.
import type { DispatchResult } from '../../main/api/runtime';
import type { AuditorConfirmation, Role, UserView } from '../../common/contract';

interface Dispatcher {
  dispatch(sessionToken: string | null, channel: unknown, input: unknown): Promise<DispatchResult>;
}

export interface ReadyAccount {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  /** The password its owner chooses at first login. */
  password: string;
}

/** The initial password the admin gives `password`'s owner: different from it, and as strong. */
export function initialPasswordFor(password: string): string {
  return `Erst-${password}-0`;
}

/**
 * Creates the account as the admin, then logs in as its owner with the initial password and
 * changes it to `account.password`. Returns the account and the owner's session, which may
 * work at once. `auditorConfirmation`: another auditor's, for a second auditor.
 */
export async function addReadyAccount(node: Dispatcher, adminToken: string, account: ReadyAccount, auditorConfirmation?: AuditorConfirmation): Promise<{ user: UserView; token: string }> {
  const initial = initialPasswordFor(account.password);
  const created = await ok<UserView>(node, adminToken, 'users.create', { ...account, password: initial, ...(auditorConfirmation ? { auditorConfirmation } : {}) });
  const token = await firstLogin(node, account.username, initial, account.password);
  return { user: { ...created, mustChangePassword: false }, token };
}

/** The owner's first login with a password the admin set (new or reset): changes it to `password` and returns the session. */
export async function firstLogin(node: Dispatcher, username: string, initial: string, password: string): Promise<string> {
  const login = await node.dispatch(null, 'auth.login', { username, password: initial });
  if (!login.result.ok || !login.sessionToken) throw new Error(`first login of ${username} failed: ${JSON.stringify(login.result)}`);
  await ok(node, login.sessionToken, 'auth.changePassword', { currentPassword: initial, newPassword: password });
  return login.sessionToken;
}

async function ok<T>(node: Dispatcher, token: string, channel: string, input: unknown): Promise<T> {
  const { result } = await node.dispatch(token, channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
