// Bulk import throughput and memory (issues 5 and 11), against the real core: an actual node
// with its SQLCipher-encrypted database, WAL and synchronous=FULL; files read by path exactly
// as `edge-node import` and the watch folders read them (CSV streamed, workbooks read whole).
//
//   node --import tsx bench/import.bench.ts [--count 100000] [--xls-count 65535] [--rss-count 1000000] [--seed N] [--no-rss]
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
//     raw/500: INSERT of (id, JSON of the fields) into a plain table of an UNENCRYPTED
//              database (same driver, WAL, synchronous=FULL), 500 rows per transaction —
//              the same transaction size as the import: the ratio is the price of
//              everything the import does beyond storing the bytes;
//     raw/1:   the same, one transaction per row — the foundation's baseline in
//              bench/register.bench.ts, for comparison with that bench's figures.
// - rss: peak resident memory (getrusage maxRSS of the child) importing a --rss-count-row CSV
//   (target: under 300 MB — the file is streamed, never loaded whole).
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
import { BENCH_RESOURCE, DEFAULT_SEED, argFlag, argNumber, recordAt, type PovertyFields } from './generate-records';

const RSS_TARGET_MB = 300;
const count = argNumber('count', 100_000);
const rssCount = argNumber('rss-count', 1_000_000);
const xlsCount = Math.min(argNumber('xls-count', 65_535), 65_535);
const seed = argNumber('seed', DEFAULT_SEED);
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
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/import-child.ts', dataDir, keyFile, file, BENCH_RESOURCE], {
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

/** Raw inserts into an unencrypted table, WAL + synchronous=FULL; returns milliseconds. */
function rawRun(rows: number, perTransaction: number, offset: number): number {
  const dir = mkdtempSync(join(work, 'raw-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE raw_records (id TEXT PRIMARY KEY, fields TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO raw_records (id, fields) VALUES (?, ?)');
    const batch = db.transaction((list: PovertyFields[]) => {
      for (const fields of list) insert.run(uuid7(), JSON.stringify(fields));
    });
    const data: PovertyFields[] = Array.from({ length: rows }, (_, k) => recordAt(offset + k, seed));
    const t0 = performance.now();
    for (let at = 0; at < rows; at += perTransaction) batch.immediate(data.slice(at, at + perTransaction));
    return performance.now() - t0;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
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
  let raw500Ms = rawRun(half, CHUNK, 0);
  let raw1Ms = rawRun(Math.min(half, 20_000), 1, 0);
  let raw1Rows = Math.min(half, 20_000);

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
  raw500Ms += rawRun(count - half, CHUNK, half);
  raw1Ms += rawRun(Math.min(count - half, 20_000), 1, half);
  raw1Rows += Math.min(count - half, 20_000);

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

  const raw500 = count / (raw500Ms / 1000);
  const raw1 = raw1Rows / (raw1Ms / 1000);
  const csvRate = count / csvResult.seconds;
  const xlsxRate = count / xlsxResult.seconds;
  const xlsRate = xlsCount / xlsResult.seconds;
  console.log('');
  console.log(`import csv:  ${count} rows in ${csvResult.seconds.toFixed(1)} s = ${Math.round(csvRate)} rows/s; ratio to raw/500 = ${(csvRate / raw500).toFixed(2)}, to raw/1 = ${(csvRate / raw1).toFixed(1)}; peak RSS ${mb(csvResult.maxRssKiB * 1024)}`);
  console.log(`import xlsx: ${count} rows in ${xlsxResult.seconds.toFixed(1)} s = ${Math.round(xlsxRate)} rows/s; ratio to raw/500 = ${(xlsxRate / raw500).toFixed(2)}, to raw/1 = ${(xlsxRate / raw1).toFixed(1)}; peak RSS ${mb(xlsxResult.maxRssKiB * 1024)}`);
  console.log(`import xls:  ${xlsCount} rows in ${xlsResult.seconds.toFixed(1)} s = ${Math.round(xlsRate)} rows/s; ratio to raw/500 = ${(xlsRate / raw500).toFixed(2)}, to raw/1 = ${(xlsRate / raw1).toFixed(1)}; peak RSS ${mb(xlsResult.maxRssKiB * 1024)}`);
  console.log(`  raw/500: ${Math.round(raw500)} rows/s (unencrypted, WAL, synchronous=FULL, 500 rows per transaction, ${count} rows, ${(raw500Ms / 1000).toFixed(1)} s)`);
  console.log(`  raw/1:   ${Math.round(raw1)} rows/s (same, one transaction per row, ${raw1Rows} rows — the register bench's baseline)`);
  let pass = true;
  if (rss) {
    const peak = rss.maxRssKiB / 1024;
    pass = peak < RSS_TARGET_MB;
    console.log(
      `import rss:  ${rssCount}-row CSV in ${rss.seconds.toFixed(1)} s (${Math.round(rssCount / rss.seconds)} rows/s); peak RSS ${peak.toFixed(0)} MB ` +
        `(at start ${(rss.rssAtStartKiB / 1024).toFixed(0)} MB; target < ${RSS_TARGET_MB} MB) ${pass ? 'PASS' : 'MISS'}`,
    );
  }
  console.log(`  load average at the end: ${load()}; whole bench ${((performance.now() - started) / 1000).toFixed(0)} s`);
  rmSync(work, { recursive: true, force: true });
  if (!pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = 2;
});
