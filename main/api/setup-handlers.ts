// Handlers for first-run setup, unlock, login and accounts. Role and input checks already
// happened in the router; setup and unlock are public and check the node's state themselves.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { ApiFailure } from '../../common/contract/api-failure';

type SetupChannels = Extract<keyof Handlers, `setup.${'status' | 'initialize' | 'unlock'}` | `auth.${string}` | `users.${string}`>;

const done = { done: true } as const;

export function buildSetupHandlers(node: NodeRuntime): Pick<Handlers, SetupChannels> {
  const s = () => node.services();
  const user = (ctx: CallContext) => ctx.user!;
  return {
    'setup.status': () => {
      const state = node.state();
      return {
        initialized: state !== 'uninitialized',
        locked: state === 'locked',
        lockedReason: node.lockedReason(),
        unitName: state === 'ready' ? s().status.get().unitName : null,
      };
    },
    'setup.initialize': (input) => {
      if (node.state() !== 'uninitialized') throw new ApiFailure('ALREADY_INITIALIZED', '本节点已完成首次设置');
      return node.initialize(input);
    },
    'setup.unlock': (input) => {
      if (node.state() !== 'locked') throw new ApiFailure('CONFLICT', node.state() === 'ready' ? '本节点已解锁' : '本节点尚未完成首次设置');
      return node.unlock(input.recoveryPassphrase);
    },
    'auth.login': async (input, ctx) => {
      const { user: loggedIn, token, idleTimeoutMinutes, mustChangePassword } = await s().accounts.login(input.username, input.password);
      ctx.setSessionToken(token);
      return { user: loggedIn, idleTimeoutMinutes, mustChangePassword };
    },
    'auth.logout': (_input, ctx) => {
      s().accounts.logout(user(ctx), ctx.token!);
      ctx.setSessionToken(null);
      return done;
    },
    'auth.me': (_input, ctx) => ({ ...user(ctx), mustChangePassword: s().accounts.sessionMustChangePassword(ctx.token) }),
    'auth.changePassword': async (input, ctx) => {
      await s().accounts.changePassword(user(ctx), input.currentPassword, input.newPassword, ctx.token!);
      return done;
    },
    'users.list': () => s().accounts.list(),
    'users.create': ({ auditorConfirmation, ...newUser }, ctx) => s().accounts.create(user(ctx), newUser, auditorConfirmation),
    'users.unlock': (input, ctx) => {
      s().accounts.unlock(user(ctx), input.username);
      return done;
    },
    'users.setDisabled': async (input, ctx) => {
      await s().accounts.setDisabled(user(ctx), input.username, input.disabled, input.auditorConfirmation);
      return done;
    },
    'users.resetPassword': async (input, ctx) => {
      await s().accounts.resetPassword(user(ctx), input.username, input.password, ctx.token!, input.auditorConfirmation);
      return done;
    },
  };
}
