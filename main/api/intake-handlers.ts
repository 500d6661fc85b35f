// Handlers for bulk import and watch folders (issue 5): translate between the contract and
// the intake service. Role and input checks already happened in the router. Answers to the
// operator's channels carry folder paths, file names, counts and outcomes — never a row's
// contents; row errors (with masked ID numbers) go only to the clerk who ran the import and
// into the report files beside the imported file.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { importReportHandedOut } from '../audit/access-events';

type IntakeChannels = Extract<keyof Handlers, `intake.${string}`>;

export function buildIntakeHandlers(node: NodeRuntime): Pick<Handlers, IntakeChannels> {
  const s = () => node.services();
  const user = (ctx: CallContext) => ctx.user!;
  return {
    'intake.preview': (input, ctx) => s().intake.preview(user(ctx), input),
    'intake.start': (input, ctx) => s().intake.start(user(ctx), input),
    'intake.job': (input, ctx) => {
      const job = s().intake.job(user(ctx), input.jobId);
      // The report's rows in error carry values as read (names, phones; ID numbers masked).
      // The app's download builds its CSV from this very answer, without asking the core
      // again, so this is where the rows leave the core: recorded here, when a finished
      // report lists any. (A "downloaded" message from the page would only be the page's word.)
      if (job.state !== 'running' && job.report && job.report.errors.length > 0) s().audit.append(importReportHandedOut(user(ctx), job.report, 'upload'));
      return job;
    },
    'intake.watchFolders': () => ({ folders: s().intake.watchFolders() }),
    'intake.setWatchFolders': async (input, ctx) => ({ folders: await s().intake.setWatchFolders(user(ctx), input.folders) }),
    'intake.watchStatus': () => s().intake.watchStatus(),
  };
}
