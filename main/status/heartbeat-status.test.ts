// What the province learns from a heartbeat: levels, figures and usage — and nothing about
// people. (test/status/usage-counts.test.ts proves the usage counts on a real database.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dashboard } from '../../common/contract';
import { heartbeatStatus, type UsageCounts } from './heartbeat-status';
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
      clock: { level: 'green', sentence: null, offsetSeconds: 2, measuredAt: '2026-11-26T01:59:00.000Z' },
    },
    resources: [],
    daily: [],
    queueDepth: [],
    thresholds: {} as Dashboard['thresholds'],
    provided: { resourceCodes: ['469030-00001', '469030-00003'], setByAdmin: true },
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
    'tile.clock': 'green',
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
  // Which resources this unit answers for (issue 12), as the admin set them.
  assert.equal(status.providedResources, '469030-00001,469030-00003');
  assert.equal(status.providedResourcesSetByAdmin, true);
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
