// Workbooks written by hand, part by part, the way other programs write them — not the way
// exceljs does — so the reader meets the shapes found in the field:
// - absolute relationship targets (`/xl/worksheets/sheet1.xml`), as openpyxl and pandas write;
// - inline strings (`t="inlineStr"`) with rich-text runs, as Java systems (Apache POI's
//   streaming SXSSF writer) and openpyxl write;
// - error values (`t="e"`), with or without the formula that produced them;
// - a formula with no cached result (openpyxl writes formulas without computing them).
// The zip is packed with the zip writer bundled in SheetJS (its CFB module), in memory.
import * as XLSX from '@e965/xlsx';

export type HandCell =
  | string
  | number
  | null
  | { rich: { text: string; bold?: boolean }[] }
  | { error: string; formula?: string }
  | { formula: string }
  /** A serial number in a cell formatted yyyy-mm-dd (a real date cell). */
  | { dateSerial: number };

export interface HandSheet {
  name: string;
  rows: HandCell[][];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(ref: string, cell: HandCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escape(cell)}</t></is></c>`;
  if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
  if ('rich' in cell) {
    const runs = cell.rich.map((r) => `<r>${r.bold ? '<rPr><b/></rPr>' : ''}<t xml:space="preserve">${escape(r.text)}</t></r>`).join('');
    return `<c r="${ref}" t="inlineStr"><is>${runs}</is></c>`;
  }
  if ('error' in cell) return `<c r="${ref}" t="e">${cell.formula ? `<f>${escape(cell.formula)}</f>` : ''}<v>${escape(cell.error)}</v></c>`;
  if ('formula' in cell) return `<c r="${ref}"><f>${escape(cell.formula)}</f><v></v></c>`;
  return `<c r="${ref}" s="1"><v>${cell.dateSerial}</v></c>`;
}

function sheetXml(sheet: HandSheet): string {
  const rows = sheet.rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((cell, c) => cellXml(`${columnName(c)}${r + 1}`, cell)).join('')}</row>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** An .xlsx as bytes. `absoluteTargets`: relationship targets as openpyxl writes them. */
export function handmadeXlsx(sheets: HandSheet[], options: { absoluteTargets?: boolean; date1904?: boolean } = {}): Buffer {
  const target = (path: string) => (options.absoluteTargets ? `/xl/${path}` : path);
  const files: Record<string, string> = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
      `</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${options.absoluteTargets ? '/xl/workbook.xml' : 'xl/workbook.xml'}"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>` +
      sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      `</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${target(`worksheets/sheet${i + 1}.xml`)}"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="${target('styles.xml')}"/></Relationships>`,
    'xl/styles.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>` +
      `<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
      `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  };
  sheets.forEach((sheet, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(sheet)));
  return zipBuffer(files);
}

/** A zip of the given files (deflated), as bytes. */
export function zipBuffer(files: Record<string, string | Buffer>): Buffer {
  const CFB = XLSX.CFB as {
    utils: { cfb_new(): unknown; cfb_add(container: unknown, path: string, content: Buffer): void };
    write(container: unknown, options: { fileType: 'zip'; type: 'buffer'; compression: boolean }): Buffer;
  };
  const container = CFB.utils.cfb_new();
  for (const [path, content] of Object.entries(files)) CFB.utils.cfb_add(container, path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  return Buffer.from(CFB.write(container, { fileType: 'zip', type: 'buffer', compression: true }));
}

/** An Excel 97–2003 .xls (BIFF8) written by SheetJS's writer: always at hand, unlike xlwt. */
export function xlsBuffer(sheets: { name: string; rows: (string | number | null)[][] }[]): Buffer {
  const book = XLSX.utils.book_new();
  for (const sheet of sheets) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheet.rows), sheet.name);
  return Buffer.from(XLSX.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer);
}
