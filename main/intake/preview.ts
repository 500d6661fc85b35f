// What the clerk sees before importing: the format and encoding, the sheets, which resource
// the headers belong to, how each column maps to an item, what is missing or extra, and the
// first rows as read. Reads only the first rows; writes nothing.
import type { IntakePreview } from '../../common/contract';
import { findResource } from '../../common/catalog/lookup';
import type { Catalog } from '../../common/catalog/types';
import { inspectBytes, type ByteInput } from './byte-input';
import { cellText, isBlankCell } from './cell';
import { cellToText } from './cell-text';
import { IntakeFileError } from './file-error';
import { openRows, requireFormat } from './file-format';
import { mapHeaders, rankResources, recogniseResource } from './header-mapping';
import { openTable } from './table-reader';

const SAMPLE_ROWS = 5;

export async function previewFile(input: ByteInput, catalog: Catalog, resourceCode: string | undefined, sheet: string | undefined): Promise<IntakePreview> {
  const format = requireFormat(input.fileName);
  if (resourceCode !== undefined && !findResource(catalog, resourceCode)) throw new IntakeFileError(`目录中没有资源「${resourceCode}」`);
  const facts = await inspectBytes(input);
  const opened = await openRows(input, format, facts, sheet);
  const problems: string[] = [];
  try {
    const given = resourceCode ? findResource(catalog, resourceCode)! : undefined;
    const table = await openTable(opened.rows, given ? [given] : catalog.resources);
    const candidates = rankResources(catalog, table.headers);
    const chosenCode = resourceCode ?? recogniseResource(candidates);
    const resource = chosenCode ? findResource(catalog, chosenCode) : undefined;
    const mapping = resource ? mapHeaders(resource, table.headers) : null;
    const sampleRows: Record<string, string>[] = [];
    if (mapping) {
      for await (const row of table.rows) {
        if (sampleRows.length >= SAMPLE_ROWS) break;
        if (row.problem !== undefined) {
          problems.push(`第 ${row.rowNumber} 行：${row.problem}`);
          continue;
        }
        const sample: Record<string, string> = {};
        let empty = true;
        mapping.items.forEach((item, col) => {
          if (!item) return;
          const cell = row.values[col] ?? null;
          if (!isBlankCell(cell)) empty = false;
          const converted = cellToText(item, cell, { date1904: opened.workbook?.date1904 ?? false });
          sample[item.code] = converted.ok ? converted.text : cellText(cell);
        });
        if (!empty) sampleRows.push(sample);
      }
    } else {
      await table.rows.return(undefined);
    }

    if (table.headers.length === 0) problems.push('文件中没有找到表头行（或文件是空的）');
    else if (!resource) {
      problems.push(
        candidates.length === 0
          ? '表头与目录中任何资源的信息项都对不上，请检查表头（应为信息项名称或代码）'
          : '无法根据表头确定是哪个资源，请选择资源',
      );
    }
    if (mapping) {
      if (mapping.missingRequired.length > 0) {
        problems.push(`缺少必填列：${mapping.missingRequired.map((i) => `「${i.name}」`).join('')}，无法导入`);
      }
      problems.push(...mapping.problems);
      if (mapping.extraColumns.length > 0) problems.push(`以下列不属于「${resource!.name}」，导入时将忽略：${mapping.extraColumns.map((c) => `「${c}」`).join('')}`);
    }
    return {
      format: opened.format,
      encoding: opened.encoding,
      sheets: opened.workbook?.sheets ?? [],
      resourceCode: chosenCode ?? null,
      candidates,
      headers: table.headers,
      mapping: mapping ? mapping.mapping : table.headers.map((header) => ({ header, itemCode: null, itemName: null })),
      missingRequired: mapping ? mapping.missingRequired.map((i) => i.name) : [],
      extraColumns: mapping ? mapping.extraColumns : [],
      sampleRows,
      problems,
    };
  } finally {
    await opened.rows.return(undefined);
  }
}
