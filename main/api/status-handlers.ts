// Handlers for the officials' dashboard, thresholds, quarterly report and diagnostics
// (issue 6). Aggregates only: the contract's schemas have no place for a record's content.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { quarterlyReportFileName, quarterlyReportXlsx } from '../status/report-xlsx';
import { diagnosticsExported, quarterlyReportExported } from '../audit/access-events';

type StatusChannels = Extract<keyof Handlers, 'status.dashboard' | 'status.setThresholds' | 'status.setProvidedResources' | 'status.quarterlyReport' | 'status.quarterlyReportXlsx' | 'status.diagnostics'>;

export function buildStatusHandlers(node: NodeRuntime): Pick<Handlers, StatusChannels> {
  const user = (ctx: CallContext) => ctx.user!;
  const report = (year: number, quarter: number) => node.dashboard().quarterlyReport(year, quarter);
  return {
    'status.dashboard': () => node.dashboard().dashboard(),
    'status.setThresholds': (input, ctx) => node.dashboard().setThresholds(user(ctx), input),
    'status.setProvidedResources': (input, ctx) => node.dashboard().setProvidedResources(user(ctx), input.resourceCodes),
    'status.quarterlyReport': (input) => report(input.year, input.quarter),
    // The two files that leave the node from here are recorded once built (figures only, and
    // a redacted bundle — but every export is, so the auditor sees what went where).
    'status.quarterlyReportXlsx': async (input, ctx) => {
      const built = report(input.year, input.quarter);
      const xlsx = await quarterlyReportXlsx(built);
      node.services().audit.append(quarterlyReportExported(user(ctx), input.year, input.quarter));
      return { fileName: quarterlyReportFileName(built), xlsxBase64: xlsx.toString('base64') };
    },
    'status.diagnostics': async (_input, ctx) => {
      const bundle = await node.dashboard().diagnostics();
      node.services().audit.append(diagnosticsExported(user(ctx), Buffer.byteLength(bundle.json)));
      return bundle;
    },
  };
}
