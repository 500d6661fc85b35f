import ExcelJS from 'exceljs';
import { readFileSync, statSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { findResource } from './common/catalog/lookup';
import { sampleCatalog } from './common/catalog/sample-catalog';
import { BENCH_RESOURCE, recordAt, type PovertyFields } from './bench/generate-records';
const n = Number(process.argv[2] ?? 100000);
const path = `/tmp/fx/mem-${n}.xlsx`;
const items = findResource(sampleCatalog, BENCH_RESOURCE)!.items;
if (process.argv[3] === 'gen') {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('贫困户');
  sheet.addRow(items.map((i) => i.name)).commit();
  for (let i = 0; i < n; i++) { const r = recordAt(i, 1); sheet.addRow(items.map((it) => { const v = r[it.code as keyof PovertyFields]; return it.type === 'integer' || it.type === 'decimal' ? Number(v) : v; })).commit(); }
  sheet.commit(); await writer.commit();
  const wb = XLSX.read(readFileSync(path), { type: 'buffer', dense: true, cellNF: true, cellText: false, cellHTML: false });
  if (n <= 65535) (await import('node:fs')).writeFileSync(path.replace('.xlsx', '.xls'), XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }));
  console.log('gen', statSync(path).size, n <= 65535 ? statSync(path.replace('.xlsx', '.xls')).size : 0); process.exit(0);
}
const f = process.argv[3] === 'xls' ? path.replace('.xlsx', '.xls') : path;
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const wb = XLSX.read(readFileSync(f), { type: 'buffer', dense: true, cellNF: true, cellText: false, cellHTML: false, sheetStubs: true });
const t1 = performance.now();
const ws = wb.Sheets[wb.SheetNames[0]!]!;
console.log(f, statSync(f).size, 'rows', (ws['!data'] as unknown[]).length, 'sec', ((t1 - t0) / 1000).toFixed(1), 'rss0', rss0 >> 20, 'rss', process.memoryUsage().rss >> 20, 'maxRSS', process.resourceUsage().maxRSS >> 10, 'heap', process.memoryUsage().heapUsed >> 20);
