// Handlers of the auditor's channels: the log as sentences, paged and filtered (each page
// audited); the people to filter by; the export (audited); the chain check (audited).
import type { CallContext, Handlers } from './router';
import type { NodeRuntime } from './runtime';
import { exportAuditLog } from '../audit/audit-export';
import { auditLogViewed } from '../audit/access-events';

type AuditChannels = Extract<keyof Handlers, 'audit.list' | 'audit.people' | 'audit.export' | 'audit.verify'>;

export function buildAuditHandlers(node: NodeRuntime): Pick<Handlers, AuditChannels> {
  const s = () => node.services();
  const user = (ctx: CallContext) => ctx.user!;
  return {
    // A view of the log is itself recorded (who read which entries), after the page is read,
    // so the page never shows its own view.
    'audit.list': (input, ctx) => {
      const page = s().auditReader.page(input);
      s().audit.append(auditLogViewed(user(ctx), input, page));
      return page;
    },
    'audit.people': () => s().auditReader.people(),
    'audit.export': async (input, ctx) => {
      const { format, ...filter } = input;
      const file = await exportAuditLog({ reader: s().auditReader, audit: s().audit, now: () => node.now() }, user(ctx), filter, format);
      return { fileName: file.fileName, format: file.format, rows: file.rows, fileBase64: file.bytes.toString('base64') };
    },
    'audit.verify': (_input, ctx) => {
      const result = s().audit.verify();
      s().audit.append({ actor: user(ctx).username, role: user(ctx).role, action: 'audit.verify', outcome: result.ok ? 'success' : 'failure', detail: { checked: result.checked } });
      return result;
    },
  };
}
