// Excel's error values, and what each means to the person who has to fix the cell. An error
// value is what a formula gave when it could not compute (a lookup found nothing, text was
// added to a number…): there is no value behind it, so the row is refused with the error
// named — storing "#N/A" as someone's name, or a blank, would be wrong data. Workbooks mark
// such cells as errors; a CSV holds just the text, exactly as Excel writes an error cell
// into it and as Excel reads it back (as an error again).
import { CellFault } from './cell';

/** The error values Excel shows, with what causes each. */
const MEANINGS: Readonly<Record<string, string>> = {
  '#N/A': '查找函数没有找到对应的值',
  '#VALUE!': '公式中的值类型不对，例如把文字当作数字计算',
  '#REF!': '公式引用的单元格已被删除',
  '#DIV/0!': '公式除以了零或空单元格',
  '#NUM!': '公式得出的数字无效或太大',
  '#NAME?': '公式中有无法识别的函数名或名称',
  '#NULL!': '公式中的区域没有交集',
  '#GETTING_DATA': '外部数据还没有取回',
  '#SPILL!': '动态数组公式的结果区域被占用',
  '#CALC!': '公式无法计算',
  '#FIELD!': '引用的字段不存在',
  '#BLOCKED!': '所需的功能被阻止',
  '#CONNECT!': '无法连接到数据源',
  '#BUSY!': '公式仍在计算',
  '#UNKNOWN!': '该版本的 Excel 不支持这种数据',
  '#PYTHON!': 'Python 公式出错',
};

/** A cell holding an Excel error value (#N/A, #VALUE! …). */
export function excelErrorFault(code: string): CellFault {
  const meaning = MEANINGS[code];
  return new CellFault(code, `是 Excel 错误值 ${code}（${meaning ?? '公式无法得出结果'}），没有可以登记的值，请在 Excel 中更正该单元格后重新导出`);
}

/** The text as Excel writes an error cell into a CSV, or null for any other text. */
export function excelErrorInText(text: string): CellFault | null {
  if (text.length < 4 || text.length > 16) return null;
  // Every cell of a CSV passes here: text opening with a visible ASCII character other than #
  // (a digit, a letter) cannot trim to an error value, and is let go without trimming.
  const lead = text.charCodeAt(0);
  if (lead > 32 && lead < 127 && lead !== 35 /* # */) return null;
  const trimmed = text.trim();
  return trimmed.charCodeAt(0) === 35 /* # */ && Object.hasOwn(MEANINGS, trimmed) ? excelErrorFault(trimmed) : null;
}
