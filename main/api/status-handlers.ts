// Handlers for the officials' dashboard, thresholds, quarterly report and diagnostics
// (issue 6). Aggregates only: the contract's schemas have no place for a record's content.
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { quarterlyReportFileName, quarterlyReportXlsx } from '../status/report-xlsx';

type StatusChannels = Extract<keyof Handlers, 'status.dashboard' | 'status.setThresholds' | 'status.setProvidedResources' | 'status.quarterlyReport' | 'status.quarterlyReportXlsx' | 'status.diagnostics'>;

export function buildStatusHandlers(node: NodeRuntime): Pick<Handlers, StatusChannels> {
  const user = (ctx: CallContext) => ctx.user!;
  const report = (year: number, quarter: number) => node.dashboard().quarterlyReport(year, quarter);
  return {
    'status.dashboard': () => node.dashboard().dashboard(),
    'status.setThresholds': (input, ctx) => node.dashboard().setThresholds(user(ctx), input),
    'status.setProvidedResources': (input, ctx) => node.dashboard().setProvidedResources(user(ctx), input.resourceCodes),
    'status.quarterlyReport': (input) => report(input.year, input.quarter),
    'status.quarterlyReportXlsx': async (input) => {
      const built = report(input.year, input.quarter);
      return { fileName: quarterlyReportFileName(built), xlsxBase64: (await quarterlyReportXlsx(built)).toString('base64') };
    },
    'status.diagnostics': () => node.dashboard().diagnostics(),
  };
}
