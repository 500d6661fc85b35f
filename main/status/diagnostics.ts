// The diagnostics bundle county IT sends to support: what the dashboard shows plus the
// machine and configuration facts support asks for first. Aggregates and settings only — no
// record content, no keys or certificates' private parts, no user names — and every string
// passes through redact() once more, in case a problem text quoted a value.
import { arch, platform, release, totalmem, homedir } from 'node:os';
import type { Dashboard } from '../../common/contract';
import type { StatusSources } from './status-sources';
import { redact } from '../../platform/redact';
import { chinaStamp } from '../../common/text/china-time';

export function diagnosticsBundle(dashboard: Dashboard, services: StatusSources): { fileName: string; json: string } {
  const settings = services.sync.repo.settings();
  const cert = services.certs.status();
  const audit = services.audit.head();
  const bundle = {
    kind: 'edge-node-diagnostics',
    version: 1,
    generatedAt: dashboard.generatedAt,
    machine: { platform: platform(), release: release(), arch: arch(), totalMemoryMiB: Math.round(totalmem() / 1024 ** 2), versions: { node: process.versions.node, electron: process.versions.electron ?? null, sqlite: services.status.sqliteVersion() } },
    node: dashboard.node,
    overall: dashboard.overall,
    tiles: dashboard.tiles,
    thresholds: dashboard.thresholds,
    resources: dashboard.resources,
    sync: { ...services.sync.status(), exchangeHost: hostOf(settings.exchangeUrl), batchMaxItems: settings.batchMaxItems, batchMaxBytes: settings.batchMaxBytes, bandwidthKiBps: settings.bandwidthKiBps, intervalSeconds: settings.intervalSeconds },
    rejectionsByCode: services.sync.repo.rejectionsByCode(),
    certificate: cert.certificate && { subject: cert.certificate.subject, issuer: cert.certificate.issuer, notAfter: cert.certificate.notAfter, fingerprintSha256: cert.certificate.fingerprintSha256, warning: cert.certificate.warning },
    root: cert.root && { subject: cert.root.subject, notAfter: cert.root.notAfter, fingerprintSha256: cert.root.fingerprintSha256 },
    crlUpdatedAt: cert.crlUpdatedAt,
    auditHead: audit,
    recentDays: dashboard.daily.slice(-14),
  };
  // A home folder names its user (C:\Users\zhangsan, /home/zhangsan): replaced by "~".
  const home = homedir();
  const json = redact(JSON.stringify(bundle, null, 2)).split(home).join('~');
  // China time, like every time a person reads: the file name is printed and shown in the folder.
  const stamp = chinaStamp(new Date(dashboard.generatedAt));
  return { fileName: `edge-node-diagnostics-${dashboard.node.nodeId}-${stamp}.json`, json };
}

function hostOf(url: string): string | null {
  try {
    return url ? new URL(url).host : null;
  } catch {
    return null;
  }
}
