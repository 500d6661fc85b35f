import type { Db } from './database';
import type { Migration } from './migrations/migration';
import { migrations as registered } from './migrations';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`数据库版本（${found}）高于本程序支持的版本（${supported}），请安装新版程序后再打开，数据未作任何改动`);
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the latest schema. Each migration runs in its own transaction
 * together with the user_version bump, so a failure leaves the previous version intact.
 * A database written by a newer app is refused untouched rather than guessed at.
 */
export function migrate(db: Db, migrations: readonly Migration[] = registered): number {
  assertOrdered(migrations);
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
