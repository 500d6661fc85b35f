// Every time the CLI prints is China time (北京时间), as the UI and `status` show it; ISO UTC
// only under --json. The CLI runs here in a far time zone (Los Angeles), so a time printed in
// UTC or in the machine's local time is hours off and caught: each printed time must match
// the Beijing time of the event it names (read from --json), and every time printed at all
// must fall within this test's run when read as Beijing time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackupInfo, Dashboard, RecordSummary, RecordView, SyncStatus, UserView } from '../../common/contract';
import { RESOURCE_POVERTY_HOUSEHOLD } from '../../common/catalog/sample-catalog';
import { ADMIN, PASSWORDS } from '../support/test-node';
import { cliFields, makeIdNumber, povertyHouseholdFields } from '../support/sample-records';
import { POVERTY_HEADERS, csvText, povertyRow } from '../intake/support/fixtures';
import { cliRunner, type CliRun } from '../support/cli-run';

const root = mkdtempSync(join(tmpdir(), 'edge-node-cli-time-'));
const { cli: run, setUp } = cliRunner(root, { tz: 'America/Los_Angeles' });
const started = Date.now();
let recordId = '';

/** Every plain (non --json) output, for the sweep at the end. */
const printed: { command: string; text: string }[] = [];
function cli(args: string[], password?: string, extraEnv: Record<string, string> = {}): CliRun {
  const result = run(args, password, extraEnv);
  if (!args.includes('--json')) printed.push({ command: args.slice(0, 2).join(' '), text: result.out + result.err });
  return result;
}
function json<T>(args: string[], password: string): T {
  const result = run([...args, '--json'], password);
  assert.ok(result.code === 0 || args[0] === 'status', result.err);
  return JSON.parse(result.out) as T;
}

/** The expected Beijing wall-clock text of a stored UTC time, worked out here rather than by the product. */
const beijing = (iso: string, seconds = true) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
const beijingStamp = (iso: string) => beijing(iso).replace(/[- :]/g, '').replace(/^(\d{8})/, '$1-');

before(() => {
  setUp(['clerk', 'operator', 'auditor', 'official']);
  const add = cli(['records', 'add', '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD, ...cliFields(povertyHouseholdFields({ householder_id_number: makeIdNumber(11) }))], PASSWORDS.clerk);
  assert.equal(add.code, 0, add.err);
  recordId = /记录编号：([0-9a-f-]{36})/.exec(add.out)![1]!;
  const corrected = cli(['records', 'correct', recordId, '--as', 'clerk', '--field', 'household_size=5', '--reason', '人口变化'], PASSWORDS.clerk);
  assert.equal(corrected.code, 0, corrected.err);
  assert.equal(cli(['backup', 'settings', '--as', 'admin', '--folder', join(root, 'usb'), '--schedule', 'off'], ADMIN.password).code, 0);
  const backup = cli(['backup', 'create', '--as', 'admin'], ADMIN.password);
  assert.equal(backup.code, 0, backup.err);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('records list and show print each version’s time as its Beijing time', () => {
  const listed = json<{ items: RecordSummary[] }>(['records', 'list', '--as', 'clerk'], PASSWORDS.clerk).items[0]!;
  assert.match(cli(['records', 'list', '--as', 'clerk'], PASSWORDS.clerk).out, new RegExp(`更新时间（北京时间）[^]*${recordId}.*${beijing(listed.updatedAt)}`));
  const record = json<{ current: RecordView; history: RecordView[] }>(['records', 'show', recordId, '--as', 'clerk'], PASSWORDS.clerk);
  const show = cli(['records', 'show', recordId, '--as', 'clerk'], PASSWORDS.clerk).out;
  assert.equal(record.history.length, 2);
  for (const version of record.history) assert.match(show, new RegExp(`\\n${version.version}\\s+${beijing(version.updatedAt)}\\s+clerk`), `version ${version.version}`);
  assert.ok(show.includes(`登记于 ${beijing(record.current.createdAt)}`));
});

test('user list, sync status and backup list print Beijing time; the backup file is named in Beijing time', () => {
  const users = json<UserView[]>(['user', 'list', '--as', 'admin'], ADMIN.password);
  const clerk = users.find((u) => u.username === 'clerk')!;
  assert.match(cli(['user', 'list', '--as', 'admin'], ADMIN.password).out, new RegExp(`clerk\\s+.*${beijing(clerk.createdAt)}\\s+${beijing(clerk.lastLoginAt!)}`));

  const sync = json<SyncStatus>(['sync', 'status', '--as', 'operator'], PASSWORDS.operator);
  assert.ok(sync.oldestPendingAt);
  assert.ok(cli(['sync', 'status', '--as', 'operator'], PASSWORDS.operator).out.includes(`最早未上报记录登记于：${beijing(sync.oldestPendingAt)}（北京时间）`));

  const backups = json<{ files: BackupInfo[] }>(['backup', 'list', '--as', 'admin'], ADMIN.password).files;
  assert.equal(backups.length, 1);
  const file = backups[0]!;
  assert.match(file.fileName, new RegExp(`^edge-node-backup-${beijingStamp(file.createdAt)}-`), 'the file name is not in Beijing time');
  assert.match(cli(['backup', 'list', '--as', 'admin'], ADMIN.password).out, new RegExp(`${file.fileName.replace(/\./g, '\\.')}\\s+${beijing(file.createdAt)}`));
  const inspect = cli(['backup', 'inspect', file.fileName, '--as', 'admin'], ADMIN.password, { EDGE_NODE_RECOVERY_PASSPHRASE: 'Hainan-Township-Recovery-2026!' });
  assert.equal(inspect.code, 0, inspect.err);
  assert.ok(inspect.out.includes(`${beijing(file.createdAt)}（北京时间）`));
});

test('status prints the backup time and its own time in Beijing time, to the minute', () => {
  const dashboard = json<Dashboard>(['status', '--as', 'official'], PASSWORDS.official);
  const out = cli(['status', '--as', 'official'], PASSWORDS.official).out;
  assert.ok(out.includes(`上次备份 ${beijing(dashboard.tiles.backup.lastBackupAt!, false)}`), out);
  assert.match(out, /^节点状态：.*\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）/);
});

test('a lockout says until when in Beijing time', () => {
  let last: CliRun | null = null;
  let lockedFrom = 0;
  for (let i = 0; i < 5; i++) {
    lockedFrom = Date.now(); // the lock starts during the fifth attempt, however long a loaded machine takes over it
    last = cli(['audit', 'verify', '--as', 'auditor'], 'Wrong#2026pass');
  }
  const lockedBy = Date.now();
  const until = /（(\d\d):(\d\d) 后可再试）/.exec(last!.err);
  assert.ok(until, last!.err);
  // Every Beijing minute the lock could end in: 15 minutes after any moment of the fifth attempt.
  const minutes = new Set<string>();
  for (let at = lockedFrom; at <= lockedBy + 60_000; at += 30_000) minutes.add(beijing(new Date(Math.min(at, lockedBy) + 15 * 60_000).toISOString(), false).slice(11));
  assert.ok(minutes.has(`${until[1]}:${until[2]}`), `locked until ${until[1]}:${until[2]}, expected one of ${[...minutes].join(', ')} Beijing time`);
  assert.equal(cli(['user', 'unlock', 'auditor', '--as', 'admin'], ADMIN.password).code, 0);
});

test('no command prints an ISO or UTC time outside --json, and every time printed falls within this run as Beijing time', () => {
  const csv = join(root, '贫困户.csv');
  writeFileSync(csv, csvText([POVERTY_HEADERS, povertyRow(31), povertyRow(32)]));
  for (const [args, password] of [
    [['import', csv, '--as', 'clerk', '--resource', RESOURCE_POVERTY_HOUSEHOLD], PASSWORDS.clerk],
    [['records', 'find', '--as', 'clerk', makeIdNumber(11)], PASSWORDS.clerk],
    [['audit', 'verify', '--as', 'auditor'], PASSWORDS.auditor],
    [['sync', 'rejected', '--as', 'operator'], PASSWORDS.operator],
    [['sync', 'settings', '--as', 'admin'], ADMIN.password],
    [['cert', 'show', '--as', 'admin'], ADMIN.password],
    [['backup', 'settings', '--as', 'admin'], ADMIN.password],
    [['report', '--as', 'official', '--quarter', quarterNow(), '--out', join(root, 'report.xlsx')], PASSWORDS.official],
    [['diagnostics', '--as', 'operator', '--out', join(root, 'diag.json')], PASSWORDS.operator],
    [['diagnostics', '--as', 'operator'], PASSWORDS.operator],
  ] as const) {
    const result = cli([...args], password);
    assert.ok(result.code === 0 || result.code === 3, `${args.join(' ')}: ${result.err}`);
  }
  const ended = Date.now();
  const window = (ms: number) => ms >= started - 60_000 && ms <= ended + 60_000;
  assert.ok(printed.length >= 20, `only ${printed.length} outputs were swept`);
  let times = 0;
  for (const { command, text } of printed) {
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:\d\d|\d{8}T\d{4,6}|\d\d:\d\d(:\d\d(\.\d+)?)?Z\b|\bUTC\b|\bGMT\b|[+-]00:?00\b/, `${command} printed an ISO/UTC time:\n${text}`);
    for (const m of text.matchAll(/(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)(?::(\d\d))?/g)) {
      const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) - 8 * 3600_000;
      assert.ok(window(ms), `${command} printed ${m[0]}, which is not this run's time in Beijing:\n${text}`);
      times++;
    }
    for (const m of text.matchAll(/\b(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)\b/g)) {
      const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - 8 * 3600_000;
      assert.ok(window(ms), `${command} printed the file stamp ${m[0]}, which is not this run's time in Beijing`);
      times++;
    }
  }
  assert.ok(times >= 15, `only ${times} times were printed`);
});

/** The current quarter in China, `2026Q4`. */
function quarterNow(): string {
  const [year, month] = beijing(new Date().toISOString()).split('-').map(Number) as [number, number];
  return `${year}Q${Math.ceil(month / 3)}`;
}
