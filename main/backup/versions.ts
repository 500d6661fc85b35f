// A backup made by a newer program is refused: its database may hold what this program
// cannot read (schema), and its format of things may have changed (app version).
import { backupErrors, type BackupContent } from '../../formats/backup';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';

export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => v.split(/[.+-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function assertRestorableVersion(content: BackupContent, appVersion: string, schemaVersion = LATEST_SCHEMA_VERSION): void {
  if (content.schemaVersion > schemaVersion || compareVersions(content.appVersion, appVersion) > 0) {
    throw backupErrors.appTooNew(content.appVersion, content.schemaVersion, appVersion, schemaVersion);
  }
}
