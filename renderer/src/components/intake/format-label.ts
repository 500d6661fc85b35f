// How a file's format reads under 文件格式 and in the report: "CSV · UTF-8（带 BOM）",
// "Excel (XLSX) · 2026年3月", "JSON Lines".
import type { IntakeFormat } from '../../../../common/contract';
import { isMessageKey, type Translate } from '../../i18n';

export function formatLabel(f: { format: IntakeFormat; encoding: string | null; sheet?: string | null }, t: Translate): string {
  const name = { csv: 'CSV', xlsx: 'Excel (XLSX)', xls: 'Excel 97–2003 (XLS/ET)', json: 'JSON', jsonl: 'JSON Lines' }[f.format];
  const key = `import.encoding.${f.encoding}`;
  const detail = f.encoding ? (isMessageKey(key) ? t(key) : f.encoding) : (f.sheet ?? null);
  return detail ? `${name} · ${detail}` : name;
}
