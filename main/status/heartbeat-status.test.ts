// What the province learns from a heartbeat: levels, figures and usage — and nothing about
// people. usageCounts reads the maintained summaries of a real (migrated, encrypted) database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dashboard } from '../../common/contract';
import { openEncryptedDatabase, type Db } from '../store/database';
import { migrate } from '../store/migrate';
import { heartbeatStatus, usageCounts, type UsageCounts } from './heartbeat-status';
import { levelsOf } from '../sync/heartbeat-levels';
import { differ } from '../sync/level-watch';

const USAGE: UsageCounts = { registered7d: 3, registered30d: 10, activeDays30d: 4, delivered30d: 9, activeUsers30d: 2, recordsInForce: 120, lastRegistrationDay: '2026-11-25' };

function dashboard(): Dashboard {
  return {
    generatedAt: '2026-11-26T02:00:00.000Z',
    node: { nodeId: 'node-1', unitName: '琼中县湾岭镇人民政府', divisionCode: '469030101' },
    overall: 'red',
    tiles: {
      link: { level: 'yellow', sentence: '连续 3 次未能连接：交换平台说“张三 460…”', state: 'offline', lastContactAt: '2026-11-26T00:00:00.000Z', latencyMs: 120, consecutiveFailures: 3 },
      certificate: { level: 'green', sentence: null, present: true, notAfter: '2027-11-26T00:00:00.000Z', daysLeft: 365, revoked: false },
      queue: { level: 'green', sentence: null, depth: 5, oldestPendingAt: '2026-11-26T01:00:00.000Z', oldestPendingHours: 1, rejected: 0 },
      backup: { level: 'red', sentence: '备份失败', lastBackupAt: '2026-11-20T18:00:00.000Z', lastBackupOk: false, lastVerifiedAt: null, lastUploadAt: null },
      catalog: { level: 'green', sentence: null, version: '2026.11', checkedAt: '2026-11-26T00:00:00.000Z' },
      disk: { level: 'green', sentence: null, freeBytes: 10 * 1024 ** 3 + 5, totalBytes: 100 * 1024 ** 3, databaseBytes: 3.5 * 1024 ** 2 },
      app: { level: 'green', sentence: null, appVersion: '0.1.0', schemaVersion: 4 },
    },
    resources: [],
    daily: [],
    queueDepth: [],
    thresholds: {} as Dashboard['thresholds'],
  };
}

test('the heartbeat carries the overall level, every tile level, the key figures, usage and the unit', () => {
  const status = heartbeatStatus(dashboard(), USAGE);
  assert.equal(status.level, 'red');
  assert.deepEqual(levelsOf(status), {
    level: 'red',
    'tile.link': 'yellow',
    'tile.certificate': 'green',
    'tile.queue': 'green',
    'tile.backup': 'red',
    'tile.catalog': 'green',
    'tile.disk': 'green',
    'tile.app': 'green',
  });
  assert.equal(status.unitName, '琼中县湾岭镇人民政府');
  assert.equal(status.divisionCode, '469030101');
  assert.equal(status.link, 'offline');
  assert.equal(status.consecutiveFailures, 3);
  assert.equal(status.certDaysLeft, 365);
  assert.equal(status.certRevoked, false);
  assert.equal(status.queueDepth, 5);
  assert.equal(status.oldestPendingAt, '2026-11-26T01:00:00.000Z');
  assert.equal(status.lastBackupOk, false);
  assert.equal(status.lastVerifiedAt, null);
  assert.equal(status.freeDiskMiB, 10 * 1024);
  assert.equal(status.databaseMiB, 3.5);
  assert.equal(status['usage.registered7d'], 3);
  assert.equal(status['usage.recordsInForce'], 120);
  assert.equal(status['usage.lastRegistrationDay'], '2026-11-25');
  // Flat: what the protocol's schema accepts.
  for (const value of Object.values(status)) assert.ok(value === null || ['string', 'number', 'boolean'].includes(typeof value));
  // The sentences stay home: they may quote an error message.
  assert.ok(!JSON.stringify(status).includes('张三'));
  assert.ok(!JSON.stringify(status).includes('备份失败'));
});

test('a level change is a difference; figures alone are not', () => {
  const before = heartbeatStatus(dashboard(), USAGE);
  const busier = heartbeatStatus({ ...dashboard(), tiles: { ...dashboard().tiles, queue: { ...dashboard().tiles.queue, depth: 500 } } }, { ...USAGE, registered7d: 99 });
  assert.equal(differ(levelsOf(before), levelsOf(busier)), false);
  const fixed = dashboard();
  fixed.tiles.backup.level = 'green';
  assert.equal(differ(levelsOf(before), levelsOf(heartbeatStatus(fixed, USAGE))), true);
  assert.equal(differ(levelsOf(before), {}), true, 'a heartbeat without levels (the sync fields only) differs');
});

function withDatabase(fn: (db: Db) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-usage-'));
  const db = openEncryptedDatabase(join(dir, 'u.db'), randomBytes(32));
  try {
    migrate(db);
    fn(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('usage counts: registrations in 7 and 30 China-time days, deliveries, active days, recent logins, records in force', () => {
  withDatabase((db) => {
    // 2026-11-26 01:00 UTC is 09:00 on the 26th in China: "today" is the 26th.
    const now = new Date('2026-11-26T01:00:00.000Z');
    const day = db.prepare('INSERT INTO stats_daily (day, resource_code, registered, corrected, withdrawn, delivered) VALUES (?, ?, ?, ?, ?, ?)');
    day.run('2026-11-26', 'R1', 2, 0, 0, 1); // today
    day.run('2026-11-20', 'R1', 1, 0, 0, 0); // 6 days ago: within 7
    day.run('2026-11-20', 'R2', 4, 0, 0, 3);
    day.run('2026-11-19', 'R1', 5, 0, 0, 0); // 7 days ago: outside 7, within 30
    day.run('2026-11-10', 'R1', 0, 1, 0, 2); // a correction only: active, not a registration
    day.run('2026-10-28', 'R1', 7, 0, 0, 7); // 29 days ago: the oldest day within 30
    day.run('2026-10-27', 'R1', 50, 0, 0, 50); // 30 days ago: outside
    const user = db.prepare(`INSERT INTO users (username, display_name, role, unit, password_hash, created_at, last_login_at) VALUES (?, '某某', 'clerk', '扶贫办', 'x', '2026-01-01T00:00:00.000Z', ?)`);
    user.run('recent', '2026-11-25T08:00:00.000Z');
    user.run('monthago', '2026-10-20T08:00:00.000Z');
    user.run('never', null);
    const count = db.prepare('INSERT INTO record_counts (resource_code, unit, status, n) VALUES (?, ?, ?, ?)');
    count.run('R1', '扶贫办', 'active', 40);
    count.run('R2', '民政办', 'active', 2);
    count.run('R1', '扶贫办', 'withdrawn', 5);

    assert.deepEqual(usageCounts(db, now), {
      registered7d: 2 + 1 + 4,
      registered30d: 2 + 1 + 4 + 5 + 7,
      activeDays30d: 5,
      delivered30d: 1 + 3 + 2 + 7,
      activeUsers30d: 1,
      recordsInForce: 42,
      lastRegistrationDay: '2026-11-26',
    });
  });
});

test('usage counts of a node nobody used are zero, with no last registration', () => {
  withDatabase((db) => {
    assert.deepEqual(usageCounts(db, new Date('2026-11-26T01:00:00.000Z')), {
      registered7d: 0,
      registered30d: 0,
      activeDays30d: 0,
      delivered30d: 0,
      activeUsers30d: 0,
      recordsInForce: 0,
      lastRegistrationDay: null,
    });
  });
});
