// Workbooks written by the programs township offices and department systems actually use,
// run in the test: openpyxl (what pandas uses for .xlsx), xlwt (a classic writer of Excel
// 97–2003 .xls) and LibreOffice Calc (headless, converting a flat ODF spreadsheet to .xlsx
// or .xls, with a throwaway user profile). .ci/run installs all three (Debian packages
// python3-openpyxl, python3-xlwt, libreoffice-calc-nogui). Each writer returns the file's
// bytes, or a reason why the tool is missing — a test skips that fixture kind ONLY then,
// and prints the reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpecCell, WorkbookSpec } from './workbook-spec';

export type ToolResult = { ok: true; bytes: Buffer } | { ok: false; missing: string };

const PYTHONS = ['/usr/bin/python3', 'python3'];

/** A python3 that can import `module` (a pyenv shim may shadow Debian's python3 without it). */
function pythonWith(module: string): string | null {
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return python;
  }
  return null;
}

function runPython(module: string, debianPackage: string, script: string, spec: WorkbookSpec, extension: string): ToolResult {
  const python = pythonWith(module);
  if (!python) return { ok: false, missing: `没有可用的 ${module}（Debian 软件包 ${debianPackage}），跳过这类样例` };
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-fixture-'));
  try {
    const out = join(dir, `book.${extension}`);
    const run = spawnSync(python, ['-c', script, out], { input: JSON.stringify(spec), encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) throw new Error(`${module} failed (${run.status}): ${run.stderr}`);
    return { ok: true, bytes: readFileSync(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// openpyxl 3.0 (Debian 12) cannot write rich text: such cells are written as their plain
// text, which is what a person sees anyway.
const OPENPYXL = `
import json, sys, datetime, openpyxl
spec = json.load(sys.stdin)
wb = openpyxl.Workbook()
wb.remove(wb.active)
for sheet in spec['sheets']:
    ws = wb.create_sheet(sheet['name'])
    for r, row in enumerate(sheet['rows'], start=1):
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            k = cell['kind']
            target = ws.cell(row=r, column=c)
            if k == 'text':
                target.value = cell['text']
                target.data_type = 's'
            elif k == 'rich':
                target.value = ''.join(run['text'] for run in cell['runs'])
                target.data_type = 's'
            elif k == 'number':
                target.value = cell['value']
            elif k == 'date':
                target.value = datetime.date.fromisoformat(cell['iso'])
                target.number_format = 'yyyy-mm-dd'
            elif k == 'error':
                target.value = cell['code']
                target.data_type = 'e'
wb.save(sys.argv[1])
`;

/** .xlsx written by openpyxl (absolute relationship targets, inline strings, no shared strings). */
export function openpyxlWorkbook(spec: WorkbookSpec): ToolResult {
  return runPython('openpyxl', 'python3-openpyxl', OPENPYXL, spec, 'xlsx');
}

const XLWT = `
import json, sys, datetime, xlwt
spec = json.load(sys.stdin)
wb = xlwt.Workbook(encoding='utf-8')
bold = xlwt.Font()
bold.bold = True
date_style = xlwt.easyxf(num_format_str='yyyy-mm-dd')
# BIFF error codes by number: xlwt's own table of names maps #VALUE! to #NUM!'s code.
BIFF_ERRORS = {'#N/A': 0x2A, '#VALUE!': 0x0F, '#DIV/0!': 0x07}
for sheet in spec['sheets']:
    ws = wb.add_sheet(sheet['name'])
    for r, row in enumerate(sheet['rows']):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            k = cell['kind']
            if k == 'text':
                ws.write(r, c, cell['text'])
            elif k == 'rich':
                ws.write_rich_text(r, c, [(run['text'], bold) if run.get('bold') else run['text'] for run in cell['runs']])
            elif k == 'number':
                ws.write(r, c, cell['value'])
            elif k == 'date':
                ws.write(r, c, datetime.date.fromisoformat(cell['iso']), date_style)
            elif k == 'error':
                ws.row(r).set_cell_error(c, BIFF_ERRORS[cell['code']])
wb.save(sys.argv[1])
`;

/** A classic Excel 97–2003 .xls (BIFF8) written by xlwt. */
export function xlwtWorkbook(spec: WorkbookSpec): ToolResult {
  return runPython('xlwt', 'python3-xlwt', XLWT, spec, 'xls');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Formulas LibreOffice evaluates to each error value when it loads the file. */
const ERROR_FORMULAS: Record<string, string> = { '#N/A': 'of:=NA()', '#VALUE!': 'of:=1+&quot;a&quot;', '#DIV/0!': 'of:=1/0' };

function fodsCell(cell: SpecCell): string {
  if (cell === null) return '<table:table-cell/>';
  switch (cell.kind) {
    case 'text':
      return `<table:table-cell office:value-type="string"><text:p>${escapeXml(cell.text)}</text:p></table:table-cell>`;
    case 'rich':
      return `<table:table-cell office:value-type="string"><text:p>${cell.runs.map((r) => (r.bold ? `<text:span text:style-name="T1">${escapeXml(r.text)}</text:span>` : escapeXml(r.text))).join('')}</text:p></table:table-cell>`;
    case 'number':
      return `<table:table-cell office:value-type="float" office:value="${cell.value}"><text:p>${cell.value}</text:p></table:table-cell>`;
    case 'date':
      return `<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="${cell.iso}"><text:p>${cell.iso}</text:p></table:table-cell>`;
    case 'error': {
      const formula = ERROR_FORMULAS[cell.code];
      if (!formula) throw new Error(`no LibreOffice formula gives ${cell.code}`);
      return `<table:table-cell table:formula="${formula}" office:value-type="float" office:value="0"><text:p>${escapeXml(cell.code)}</text:p></table:table-cell>`;
    }
  }
}

/** The spec as a flat ODF spreadsheet; bold runs are bold for CJK text too (font-weight-asian). */
function fods(spec: WorkbookSpec): string {
  const tables = spec.sheets
    .map((s) => `<table:table table:name="${escapeXml(s.name)}">${s.rows.map((row) => `<table:table-row>${row.map(fodsCell).join('')}</table:table-row>`).join('')}</table:table>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>
<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document>
`;
}

function soffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    const probe = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return name;
  }
  return null;
}

/**
 * The spec saved by LibreOffice Calc as .xlsx or .xls ("MS Excel 97"), converted headless
 * from a flat ODF spreadsheet with a throwaway user profile (never the machine's own).
 */
export function libreOfficeWorkbook(spec: WorkbookSpec, to: 'xlsx' | 'xls'): ToolResult {
  const program = soffice();
  if (!program) return { ok: false, missing: '没有 LibreOffice（Debian 软件包 libreoffice-calc-nogui），跳过这类样例' };
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-lo-'));
  try {
    const source = join(dir, 'book.fods');
    writeFileSync(source, fods(spec));
    const run = spawnSync(
      program,
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', to === 'xls' ? 'xls:MS Excel 97' : 'xlsx:Calc MS Excel 2007 XML', '--outdir', dir, source],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (run.status !== 0) throw new Error(`LibreOffice failed (${run.status}): ${run.stderr}`);
    return { ok: true, bytes: readFileSync(join(dir, `book.${to}`)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
