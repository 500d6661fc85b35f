// Handlers for certificates and sync (issue 3): translate between the contract and the
// cert and sync services. Role and input checks already happened in the router. No answer
// here ever carries a private key (certStatusSchema has no place for one) or a record's
// field values (rejected items carry ids, resource codes and reasons only).
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';

type SyncChannels = Extract<keyof Handlers, `cert.${string}` | `sync.${string}`>;

export function buildSyncHandlers(node: NodeRuntime): Pick<Handlers, SyncChannels> {
  const s = () => node.services();
  const user = (ctx: CallContext) => ctx.user!;
  return {
    'cert.status': () => s().certs.status(),
    'cert.createCsr': (input, ctx) => s().certs.createCsr(user(ctx), input),
    'cert.import': (input, ctx) => s().certs.import(user(ctx), input),
    'cert.setRoot': (input, ctx) => s().certs.setRoot(user(ctx), input.rootPem),
    'sync.getSettings': () => s().sync.settings(),
    'sync.setSettings': (input, ctx) => s().sync.setSettings(user(ctx), input),
    'sync.status': () => s().sync.status(),
    'sync.now': (_input, ctx) => s().sync.syncNow(user(ctx)),
    'sync.pause': (_input, ctx) => s().sync.pause(user(ctx)),
    'sync.resume': (_input, ctx) => s().sync.resume(user(ctx)),
    'sync.rejected': (input) => s().sync.rejected(input.page, input.pageSize),
    'sync.requeue': (input, ctx) => {
      s().sync.requeue(user(ctx), input.seq);
      return { done: true } as const;
    },
  };
}
