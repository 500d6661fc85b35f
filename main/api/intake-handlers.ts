// Handlers for bulk import and watch folders (issue 5): translate between the contract and
// the intake service. Role and input checks already happened in the router. Answers to the
// operator's channels carry folder paths, file names, counts and outcomes — never a row's
// contents; row errors (with masked ID numbers) go only to the clerk who ran the import and
// into the report files beside the imported file.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';

type IntakeChannels = Extract<keyof Handlers, `intake.${string}`>;

export function buildIntakeHandlers(node: NodeRuntime): Pick<Handlers, IntakeChannels> {
  const s = () => node.services();
  const user = (ctx: CallContext) => ctx.user!;
  return {
    'intake.preview': (input, ctx) => s().intake.preview(user(ctx), input),
    'intake.start': (input, ctx) => s().intake.start(user(ctx), input),
    'intake.job': (input, ctx) => s().intake.job(user(ctx), input.jobId),
    'intake.watchFolders': () => ({ folders: s().intake.watchFolders() }),
    'intake.setWatchFolders': async (input, ctx) => ({ folders: await s().intake.setWatchFolders(user(ctx), input.folders) }),
    'intake.watchStatus': () => s().intake.watchStatus(),
  };
}
