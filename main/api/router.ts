// The one door into the core. Every call is checked here, in this order: known channel,
// live session, password no longer the admin's (separation of duties: an account the admin
// created or reset does nothing until its owner has chosen a password), role allowed, input valid against the contract (and free of `__proto__`
// keys, which zod would drop silently) — then handled, and the answer re-parsed against the
// contract's output schema (which also strips any field the schema does not name). Nothing
// throws out of dispatch: every failure is an ApiError.
import { z } from 'zod';
import { channels, CHANNELS_BEFORE_PASSWORD_CHANGE, isChannelName, ROLE_LABELS, type ApiError, type ChannelName, type ParsedInputOf, type OutputOf, type SessionUser } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { DispatchResult } from './runtime';
import type { SessionStore } from '../auth/sessions';
import { badInput, protoKeyInput } from './bad-input';
import { findProtoKey } from './proto-keys';

z.config(z.locales.zhCN());

export interface CallContext {
  user: SessionUser | null;
  token: string | null;
  /** A handler that starts or ends the caller's session says so here. */
  setSessionToken(token: string | null): void;
}

export type Handler<C extends ChannelName> = (input: ParsedInputOf<C>, ctx: CallContext) => OutputOf<C> | Promise<OutputOf<C>>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export interface RouterHooks {
  /** Records a refused call (wrong role) in the audit log, when the node is ready. */
  onForbidden(user: SessionUser, channel: ChannelName): void;
  /** Logs an unexpected error; must not include inputs (they may hold personal data). */
  onUnexpected(channel: string, error: unknown): void;
}

export function createRouter(handlers: Handlers, sessions: SessionStore, hooks: RouterHooks) {
  return async function dispatch(token: string | null, channel: unknown, input: unknown): Promise<DispatchResult> {
    if (!isChannelName(channel)) return failure({ code: 'UNKNOWN_CHANNEL', message: '未知的接口调用，已拒绝' });
    const def = channels[channel];
    const user = sessions.touch(token);
    if (def.access !== 'public') {
      if (!user) {
        return failure({ code: 'UNAUTHENTICATED', message: '未登录或会话已超时，请重新登录' }, token ? null : undefined);
      }
      // Before the role check, so every channel answers the same way: change the password first.
      if (sessions.mustChangePassword(token) && !CHANNELS_BEFORE_PASSWORD_CHANGE.includes(channel)) {
        return failure({ code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码：当前密码由系统管理员设置，改为只有您本人知道的密码后才能使用其他功能' });
      }
      if (def.access !== 'session' && !def.access.includes(user.role)) {
        hooks.onForbidden(user, channel);
        return failure({ code: 'FORBIDDEN', message: `您的角色（${ROLE_LABELS[user.role].zh}）无权使用此功能` });
      }
    }
    const protoKey = findProtoKey(input);
    if (protoKey !== null) return failure(protoKeyInput(protoKey));
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return failure(badInput(parsed.error));

    let sessionToken: string | null | undefined;
    const ctx: CallContext = { user, token, setSessionToken: (t) => (sessionToken = t) };
    try {
      const handler = handlers[channel] as Handler<typeof channel>;
      const value = await handler(parsed.data as never, ctx);
      const output = def.output.safeParse(value);
      if (!output.success) throw new Error(`output of ${channel} does not match the contract: ${output.error.message}`);
      return { result: { ok: true, value: output.data }, ...(sessionToken !== undefined ? { sessionToken } : {}) };
    } catch (error) {
      if (error instanceof ApiFailure) return failure(error.toApiError(), sessionToken);
      hooks.onUnexpected(channel, error);
      return failure({ code: 'INTERNAL', message: '内部错误，操作未完成，已保存的数据不受影响。请联系运维人员查看日志' }, sessionToken);
    }
  };
}

function failure(error: ApiError, sessionToken?: string | null): DispatchResult {
  return { result: { ok: false, error }, ...(sessionToken !== undefined ? { sessionToken } : {}) };
}
