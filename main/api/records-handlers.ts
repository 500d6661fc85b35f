// Handlers for the catalog and records (clerks' registration, lookup, correction and
// withdrawal) and the node's identity summary. Role and input checks already happened in the
// router; the records service checks the unit and writes the audit entries.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';

type RecordsChannels = Extract<keyof Handlers, 'catalog.get' | `records.${string}` | 'status.get'>;

export function buildRecordsHandlers(node: NodeRuntime): Pick<Handlers, RecordsChannels> {
  const s = () => node.services();
  const user = (ctx: CallContext) => ctx.user!;
  return {
    'catalog.get': () => s().catalog(),
    // Group-committed with the registrations in flight beside it; answered once durable.
    'records.create': (input, ctx) => s().records.register(user(ctx), input.resourceCode, input.fields),
    'records.list': (input, ctx) => s().records.list(user(ctx), input),
    'records.findByKey': (input, ctx) => s().records.findByKey(user(ctx), input.key, input.resourceCode),
    'records.get': (input, ctx) => s().records.get(user(ctx), input.id),
    'records.correct': (input, ctx) => s().records.correct(user(ctx), input.id, input.baseVersion, input.fields, input.reason),
    'records.withdraw': (input, ctx) => s().records.withdraw(user(ctx), input.id, input.baseVersion, input.reason),
    'status.get': () => s().status.get(),
  };
}
