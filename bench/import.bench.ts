// Bulk import throughput and memory (issues 5 and 11), against the real core: an actual node
// with its SQLCipher-encrypted database, WAL and synchronous=FULL; files read by path exactly
// as `edge-node import` and the watch folders read them (CSV streamed, workbooks read whole).
//
//   node --import tsx bench/import.bench.ts [--count 100000] [--xls-count 65535] [--rss-count 1000000] [--seed N] [--no-rss] [--profile-imports DIR]
//
// What is measured
// - csv / xlsx: rows per second importing a --count-row 贫困户 file (CSV, then XLSX written
//   with exceljs's streaming writer, read with SheetJS) into a fresh node: hashing pass,
//   parsing (for a workbook: the whole sheet, at once), header mapping,
//   cell conversion, catalog validation, the duplicate-key check, and the encrypted writes
//   (version row, current row, counters, outbox entry) in transactions of 500 rows, each with
//   the file's progress row. Each import runs in a child process (bench/import-child.ts), so
//   its time and peak memory are its own.
// - xls: the same for an Excel 97–2003 .xls of --xls-count rows (at most 65,535: a BIFF8 sheet
//   has 65,536 rows), written at bench time with xlwt (python3-xlwt).
// - raw baselines, measured in the same run, half right before and half right after the
//   imports so that background load weighs on both sides alike:
//     raw/500: INSERT of (uuid7 id, JSON of the fields) into a plain table of an UNENCRYPTED
//              database (same driver, WAL, synchronous=FULL), 500 rows per transaction, of
//              the very records the CSV holds (generator rows 0…count-1), both halves into
//              ONE database that grows to --count rows like the node's does — the same
//              transaction size as the import: the ratio is the price of everything the
//              import does beyond storing the bytes (targets: CSV ≥ 0.5, XLSX ≥ 0.25);
//     raw/1:   the same, one transaction per row — the foundation's baseline in
//              bench/register.bench.ts, for comparison with that bench's figures.
// - rss: peak resident memory (getrusage maxRSS of the child) importing a --rss-count-row CSV
//   (target: under 200 MB — the file is streamed, never loaded whole).
// Wall-clock rates decide PASS/MISS; CPU seconds (the child's, and the baseline's) are printed
// beside them because on a shared machine they are the steadier figure.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3-multiple-ciphers';
import { startSetUpNode } from '../test/support/test-node';
import { uuid7 } from '../main/store/uuid7';
import { findResource } from '../common/catalog/lookup';
import { sampleCatalog } from '../common/catalog/sample-catalog';
import { BENCH_RESOURCE, DEFAULT_SEED, argFlag, argNumber, argText, recordAt, type PovertyFields } from './generate-records';

const RSS_TARGET_MB = 200;
const CSV_TARGET = 0.5;
const XLSX_TARGET = 0.25;
const count = argNumber('count', 100_000);
const rssCount = argNumber('rss-count', 1_000_000);
const xlsCount = Math.min(argNumber('xls-count', 65_535), 65_535);
const seed = argNumber('seed', DEFAULT_SEED);
/** `--profile-imports DIR`: each import's child process writes a CPU profile of its whole life there. */
const profileDir = argText('profile-imports');
const CHUNK = 500;

const items = findResource(sampleCatalog, BENCH_RESOURCE)!.items;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const work = mkdtempSync(join(tmpdir(), 'edge-node-import-bench-'));

/** Headers are the item names a clerk's spreadsheet carries; values as the generator gives them. */
async function writeCsv(path: string, from: number, n: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${items.map((i) => i.name).join(',')}\r\n`);
  let buffer = '';
  for (let i = from; i < from + n; i++) {
    const r = recordAt(i, seed);
    buffer += `${items.map((it) => r[it.code as keyof PovertyFields]).join(',')}\r\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(path: string, from: number, n: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('贫困户');
  sheet.addRow(items.map((i) => i.name)).commit();
  for (let i = from; i < from + n; i++) {
    const r = recordAt(i, seed);
    // Numbers where a spreadsheet would hold numbers; ID numbers as text, as they must be.
    sheet
      .addRow(items.map((it) => {
        const v = r[it.code as keyof PovertyFields];
        return it.type === 'integer' || it.type === 'decimal' ? Number(v) : v;
      }))
      .commit();
  }
  sheet.commit();
  await writer.commit();
}

/**
 * An Excel 97–2003 workbook (BIFF8) of the header and n rows, numbers as numbers as in
 * writeXlsx, written by xlwt (Debian python3-xlwt) the way Excel writes one: strings in a
 * shared string table. The rows go to python as JSON lines.
 */
async function writeXls(path: string, from: number, n: number): Promise<void> {
  const script = `
import json, sys, xlwt
wb = xlwt.Workbook(encoding='utf-8')
ws = wb.add_sheet('贫困户')
for r, line in enumerate(sys.stdin):
    for c, value in enumerate(json.loads(line)):
        ws.write(r, c, value)
wb.save(sys.argv[1])
`;
  const lines: string[] = [JSON.stringify(items.map((i) => i.name))];
  for (let i = from; i < from + n; i++) {
    const r = recordAt(i, seed);
    lines.push(JSON.stringify(items.map((it) => {
      const v = r[it.code as keyof PovertyFields];
      return it.type === 'integer' || it.type === 'decimal' ? Number(v) : v;
    })));
  }
  for (const python of ['/usr/bin/python3', 'python3']) {
    const run = spawnSync(python, ['-c', script, path], { input: `${lines.join('\n')}\n`, encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 20 });
    if (run.status === 0) return;
    if (!/No module named 'xlwt'|ENOENT/.test(`${run.stderr}${run.error?.message ?? ''}`)) throw new Error(`xlwt failed: ${run.stderr}`);
  }
  throw new Error('the .xls is written with xlwt: apt-get install python3-xlwt');
}

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  totalRows: number;
  imported: number;
  rejected: number;
  duplicates: number;
  fileProblem: string | null;
  maxRssKiB: number;
  rssAtStartKiB: number;
}

async function importInChild(file: string): Promise<ChildResult> {
  const t = await startSetUpNode();
  const { dataDir, keyFile } = t;
  t.node.close(); // the child opens it (single-writer lock)
  try {
    const run = spawnSync(process.execPath, [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', 'bench/import-child.ts', dataDir, keyFile, file, BENCH_RESOURCE], {
      encoding: 'utf8',
      // Generous: a million rows on a busy 2-core machine took over five minutes.
      timeout: 900_000,
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`import child failed (${run.status ?? run.signal}${run.error ? `, ${run.error.message}` : ""}): ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
  } finally {
    t.cleanup();
  }
}

/**
 * Raw inserts into an unencrypted table, WAL + synchronous=FULL, into one database that lives
 * for the whole run (both halves of a baseline go into the same table).
 */
class RawBaseline {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly batch: Database.Transaction<(list: PovertyFields[]) => void>;
  wallMs = 0;
  cpuMs = 0;
  rows = 0;

  constructor(private readonly perTransaction: number) {
    this.db = new Database(join(mkdtempSync(join(work, 'raw-')), 'raw.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec('CREATE TABLE raw_records (id TEXT PRIMARY KEY, fields TEXT NOT NULL)');
    this.insert = this.db.prepare('INSERT INTO raw_records (id, fields) VALUES (?, ?)');
    this.batch = this.db.transaction((list: PovertyFields[]) => {
      for (const fields of list) this.insert.run(uuid7(), JSON.stringify(fields));
    });
  }

  /** Inserts generator rows offset…offset+rows-1 (generated before the clock starts). */
  run(rows: number, offset: number): void {
    const data: PovertyFields[] = Array.from({ length: rows }, (_, k) => recordAt(offset + k, seed));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let at = 0; at < rows; at += this.perTransaction) this.batch.immediate(data.slice(at, at + this.perTransaction));
    this.wallMs += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    this.cpuMs += (cpu.user + cpu.system) / 1000;
    this.rows += rows;
  }

  rate(): number {
    return this.rows / (this.wallMs / 1000);
  }

  cpuRate(): number {
    return this.rows / (this.cpuMs / 1000);
  }

  close(): void {
    this.db.close();
  }
}

function check(label: string, r: ChildResult, expected: number): void {
  if (r.imported !== expected || r.rejected !== 0 || r.duplicates !== 0 || r.fileProblem) {
    throw new Error(`${label}: expected ${expected} rows imported, got ${JSON.stringify(r)}`);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`import bench: ${count}-row CSV and XLSX, ${xlsCount}-row XLS, ${rssCount}-row CSV for memory; resource ${BENCH_RESOURCE}, seed ${seed}, node ${process.version}`);

  const csv = join(work, 'poverty.csv');
  const xlsx = join(work, 'poverty.xlsx');
  const xls = join(work, 'poverty.xls');
  let tg = performance.now();
  await writeCsv(csv, 0, count);
  await writeXlsx(xlsx, count, count);
  await writeXls(xls, 2 * count, xlsCount);
  console.log(`  generated ${csv} (${mb(statSync(csv).size)}), ${xlsx} (${mb(statSync(xlsx).size)}) and ${xls} (${mb(statSync(xls).size)}) in ${((performance.now() - tg) / 1000).toFixed(1)} s`);

  const half = Math.floor(count / 2);
  console.log(`raw baselines, first half (${half} rows each; load ${load()})…`);
  const raw500 = new RawBaseline(CHUNK);
  const raw1 = new RawBaseline(1);
  raw500.run(half, 0);
  raw1.run(Math.min(half, 20_000), 0);

  console.log(`importing the CSV (load ${load()})…`);
  const csvResult = await importInChild(csv);
  check('csv', csvResult, count);
  console.log(`  ${count} rows in ${csvResult.seconds.toFixed(1)} s, peak rss ${mb(csvResult.maxRssKiB * 1024)}`);
  console.log(`importing the XLSX (load ${load()})…`);
  const xlsxResult = await importInChild(xlsx);
  check('xlsx', xlsxResult, count);
  console.log(`  ${count} rows in ${xlsxResult.seconds.toFixed(1)} s, peak rss ${mb(xlsxResult.maxRssKiB * 1024)}`);
  console.log(`importing the XLS (load ${load()})…`);
  const xlsResult = await importInChild(xls);
  check('xls', xlsResult, xlsCount);
  console.log(`  ${xlsCount} rows in ${xlsResult.seconds.toFixed(1)} s, peak rss ${mb(xlsResult.maxRssKiB * 1024)}`);

  console.log(`raw baselines, second half (load ${load()})…`);
  raw500.run(count - half, half);
  raw1.run(Math.min(count - half, 20_000), half);
  raw500.close();
  raw1.close();

  let rss: ChildResult | null = null;
  if (!argFlag('no-rss')) {
    const big = join(work, 'poverty-big.csv');
    tg = performance.now();
    await writeCsv(big, 1_000_000, rssCount);
    console.log(`generated ${rssCount}-row CSV (${mb(statSync(big).size)}) in ${((performance.now() - tg) / 1000).toFixed(1)} s; importing it (load ${load()})…`);
    rss = await importInChild(big);
    check('rss csv', rss, rssCount);
    rmSync(big, { force: true });
  }

  const line = (label: string, rows: number, r: ChildResult, target: number | null) => {
    const rate = rows / r.seconds;
    const ratio = rate / raw500.rate();
    const cpuRatio = rows / r.cpuSeconds / raw500.cpuRate();
    const verdict = target === null ? '' : ` (target ≥ ${target}) ${ratio >= target ? 'PASS' : 'MISS'}`;
    console.log(
      `import ${label} ${rows} rows in ${r.seconds.toFixed(1)} s = ${Math.round(rate)} rows/s; peak RSS ${mb(r.maxRssKiB * 1024)}; ` +
        `by CPU time ${r.cpuSeconds.toFixed(1)} s, ratio ${cpuRatio.toFixed(2)}; ratio to raw/1 = ${(rate / raw1.rate()).toFixed(1)}; ` +
        `ratio to raw/500 = ${ratio.toFixed(2)}${verdict}`,
    );
    return target === null || ratio >= target;
  };
  console.log('');
  console.log(`  raw/500: ${Math.round(raw500.rate())} rows/s (unencrypted, WAL, synchronous=FULL, 500 rows per transaction, ${raw500.rows} rows, ${(raw500.wallMs / 1000).toFixed(1)} s, CPU ${(raw500.cpuMs / 1000).toFixed(1)} s)`);
  console.log(`  raw/1:   ${Math.round(raw1.rate())} rows/s (same, one transaction per row, ${raw1.rows} rows — the register bench's baseline)`);
  let pass = line('xls: ', xlsCount, xlsResult, null);
  pass = line('xlsx:', count, xlsxResult, XLSX_TARGET) && pass;
  pass = line('csv: ', count, csvResult, CSV_TARGET) && pass;
  if (rss) {
    const peak = rss.maxRssKiB / 1024;
    const ok = peak < RSS_TARGET_MB;
    pass = ok && pass;
    console.log(
      `import rss:  ${rssCount}-row CSV in ${rss.seconds.toFixed(1)} s (${Math.round(rssCount / rss.seconds)} rows/s); peak RSS ${peak.toFixed(0)} MB ` +
        `(at start ${(rss.rssAtStartKiB / 1024).toFixed(0)} MB; target < ${RSS_TARGET_MB} MB) ${ok ? 'PASS' : 'MISS'}`,
    );
  }
  console.log(`  load average at the end: ${load()}; whole bench ${((performance.now() - started) / 1000).toFixed(0)} s`);
  rmSync(work, { recursive: true, force: true });
  console.log(`import bench: ${pass ? 'PASS' : 'MISS'}`);
  if (!pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = 2;
});
