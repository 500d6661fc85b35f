// Workbooks made OUTSIDE this project's own writer, generated in the test by the programs
// offices and department systems use: openpyxl (pandas' .xlsx writer), LibreOffice Calc
// (.xlsx and Excel 97 .xls), xlwt (a classic .xls writer), and a WPS-like .et. Each holds the
// same households (support/workbook-spec.ts): rich text, error values, numbers typed as
// text and as numbers, codes that lost their leading zero, dates, Chinese sheet names and a
// second sheet. Every row is imported through the API as the clerk, read back with
// records.findByKey / records.get, and compared with the cell as a person sees it in Excel —
// or found refused, with the reason, on its Excel row.
import { test, describe, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startSetUpNode } from '../support/test-node';
import { RESOURCE_POVERTY_HOUSEHOLD, sampleCatalog } from '../../common/catalog/sample-catalog';
import { findResource } from '../../common/catalog/lookup';
import { validateRecord } from '../../common/catalog/validate-record';
import type { ImportReport } from '../../common/contract';
import { POVERTY_HEADERS } from './support/fixtures';
import { importBytes } from './support/intake-node';
import { libreOfficeWorkbook, openpyxlWorkbook, xlwtWorkbook, type ToolResult } from './support/office-tools';
import { povertyWorkbook, type SpecRow, type WorkbookSpec } from './support/workbook-spec';

const poverty = findResource(sampleCatalog, RESOURCE_POVERTY_HOUSEHOLD)!;
const codeOf = (header: string) => poverty.items.find((i) => i.name === header)!.code;

interface Kind {
  label: string;
  fileName: string;
  format: 'xlsx' | 'xls';
  base: number;
  make(spec: WorkbookSpec): ToolResult;
}

const KINDS: Kind[] = [
  { label: 'openpyxl .xlsx (absolute relationship targets, inline strings)', fileName: '贫困户-openpyxl.xlsx', format: 'xlsx', base: 1000, make: openpyxlWorkbook },
  { label: 'LibreOffice Calc .xlsx (shared strings, rich text runs, formula errors)', fileName: '贫困户-libreoffice.xlsx', format: 'xlsx', base: 2000, make: (s) => libreOfficeWorkbook(s, 'xlsx') },
  { label: 'LibreOffice Calc .xls (Excel 97–2003)', fileName: '贫困户-libreoffice.xls', format: 'xls', base: 3000, make: (s) => libreOfficeWorkbook(s, 'xls') },
  { label: 'xlwt .xls (BIFF8, rich text, error cells)', fileName: '贫困户-xlwt.xls', format: 'xls', base: 4000, make: xlwtWorkbook },
  // WPS Spreadsheets (WPS 表格) saves .et files for compatibility as an Excel 97–2003
  // workbook — an OLE2 compound file with a BIFF8 Workbook stream, the .xls layout — under
  // its own extension. So a WPS-like .et is an .xls written by another program, named .et.
  { label: 'WPS-like .et (an .xls under the .et name)', fileName: '贫困户-wps.et', format: 'xls', base: 5000, make: xlwtWorkbook },
];

describe('workbooks written by other programs, read as a person sees them in Excel', () => {
  let t: Awaited<ReturnType<typeof startSetUpNode>>;
  before(async () => {
    t = await startSetUpNode();
  });
  after(() => t.cleanup());

  /** Every row of a sheet: stored exactly as seen (through the form's validators), or refused with its reason. */
  async function checkRows(report: ImportReport, rows: SpecRow[], label: string): Promise<void> {
    for (const [index, row] of rows.entries()) {
      const rowNumber = index + 2; // the header is row 1
      const idCell = row.cells[POVERTY_HEADERS.indexOf('户主公民身份号码')];
      const id = idCell && idCell.kind === 'text' ? idCell.text : null;
      if ('stored' in row.outcome) {
        const expected = validateRecord(poverty, Object.fromEntries(Object.entries(row.outcome.stored).map(([h, v]) => [codeOf(h), v])));
        assert.ok(expected.ok, `${label} row ${rowNumber}: the fixture's seen values should be valid: ${JSON.stringify(expected)}`);
        const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: id!, resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
        assert.ok(found.ok && found.value.length === 1, `${label} row ${rowNumber} not stored: ${JSON.stringify(report.errors.filter((e) => e.row === rowNumber))}`);
        const record = await t.call(t.tokens.clerk, 'records.get', { id: found.value[0]!.id });
        assert.ok(record.ok);
        assert.deepEqual(record.value.current.fields, expected.fields, `${label} row ${rowNumber}`);
      } else {
        const refused = row.outcome.refused;
        const errors = report.errors.filter((e) => e.row === rowNumber);
        assert.ok(
          errors.some((e) => e.column === refused.column && refused.reason.test(e.reason)),
          `${label} row ${rowNumber}: expected 「${refused.column}」 refused with ${refused.reason}, got ${JSON.stringify(errors)}`,
        );
        if (id) {
          const found = await t.call(t.tokens.clerk, 'records.findByKey', { key: id, resourceCode: RESOURCE_POVERTY_HOUSEHOLD });
          assert.ok(found.ok && found.value.length === 0, `${label} row ${rowNumber} was stored though refused`);
        }
      }
    }
    const stored = rows.filter((r) => 'stored' in r.outcome).length;
    assert.deepEqual([report.imported, report.rejected, report.duplicates], [stored, rows.length - stored, 0], `${label}: ${JSON.stringify(report.errors)}`);
  }

  for (const kind of KINDS) {
    test(kind.label, async (tc: TestContext) => {
      const { spec, sheets } = povertyWorkbook(kind.base);
      const made = kind.make(spec);
      if (!made.ok) {
        tc.diagnostic(made.missing);
        tc.skip(made.missing);
        return;
      }
      const bytes = made.bytes;
      const preview = await t.call(t.tokens.clerk, 'intake.preview', { fileName: kind.fileName, fileBase64: bytes.toString('base64') });
      assert.ok(preview.ok, JSON.stringify(preview));
      assert.equal(preview.value.format, kind.format);
      assert.deepEqual(preview.value.sheets, ['2026年3月', '2026年4月']);
      assert.equal(preview.value.resourceCode, RESOURCE_POVERTY_HOUSEHOLD);

      // The first sheet by default…
      const march = await importBytes(t, t.tokens.clerk, kind.fileName, bytes, RESOURCE_POVERTY_HOUSEHOLD);
      assert.equal(march.report.sheet, '2026年3月');
      assert.equal(march.report.format, kind.format);
      assert.equal(march.report.fileProblem, null);
      await checkRows(march.report, sheets[0]!.rows, `${kind.label} 「2026年3月」`);

      // …then the second sheet of the same file: a different import, not "already imported".
      const april = await importBytes(t, t.tokens.clerk, kind.fileName, bytes, RESOURCE_POVERTY_HOUSEHOLD, '2026年4月');
      assert.equal(april.report.alreadyImported, false);
      assert.equal(april.report.sheet, '2026年4月');
      await checkRows(april.report, sheets[1]!.rows, `${kind.label} 「2026年4月」`);

      // The same sheet again is recognised.
      const again = await importBytes(t, t.tokens.clerk, kind.fileName, bytes, RESOURCE_POVERTY_HOUSEHOLD, '2026年4月');
      assert.equal(again.report.alreadyImported, true);
      assert.equal(again.report.sheet, '2026年4月');
      assert.equal(again.report.previousImport?.imported, 2);
    });
  }
});
