// What a Chinese screen must not show: a channel name (`records.list` is the developers'
// word for 查询记录), a fragment of raw JSON, or an English word. Product and format names
// that Chinese offices use as they are (XLSX, CSV, PKCS#12, HTTPS …) are allowed; so are
// tokens with digits in them, which are identifiers and data (record ids, ID numbers,
// versions, file names with dates, addresses with ports), and file-name endings (.xlsx,
// .csv.part), which a person has to type or recognise exactly as they are.
import { CHANNEL_NAMES } from '../../common/contract';

/** Latin words allowed on a Chinese screen, exactly as spelt here (so `json` is not `JSON`). */
export const ALLOWED_WORDS: ReadonlySet<string> = new Set([
  // file formats and encodings
  'XLSX', 'XLS', 'CSV', 'JSON', 'JSONL', 'Lines', 'UTF', 'GB', 'PDF', 'Excel',
  // certificates and the network
  'PKCS', 'CSR', 'PEM', 'CRL', 'CA', 'RSA', 'SHA', 'URL', 'HTTPS', 'TLS', 'IP',
  // the office suite whose spreadsheets (.et) the import reads
  'WPS',
  // the sub-folders a watch folder gets on disk, named in Chinese beside them
  'processed', 'rejected',
  // units and short forms Chinese offices write in Latin letters
  'ID', 'KiB', 'MiB', 'GiB', 'KB', 'MB', 'Mbit', 'DR',
  // the language switch names English in English
  'English',
]);

export interface TextFinding {
  kind: 'channel name' | 'raw JSON' | 'English word';
  found: string;
  /** Some text around it, to find it on the screenshot. */
  context: string;
}

/**
 * Everything wrong with a screen's visible text. `data`: strings that came from people, not
 * from the UI (user names, log-in names), removed before looking.
 */
export function checkScreenText(text: string, data: readonly string[] = []): TextFinding[] {
  let visible = text;
  // Longest first, so a name that contains another is removed whole.
  for (const d of [...data].sort((a, b) => b.length - a.length)) visible = visible.split(d).join(' ');
  const around = (at: number, length: number) => visible.slice(Math.max(0, at - 20), at + length + 20).replace(/\s+/g, ' ');
  const findings: TextFinding[] = [];

  for (const name of CHANNEL_NAMES) {
    const at = visible.indexOf(name);
    if (at >= 0) findings.push({ kind: 'channel name', found: name, context: around(at, name.length) });
  }
  for (const m of visible.matchAll(/[{}]|"\s*:/g)) findings.push({ kind: 'raw JSON', found: m[0], context: around(m.index, m[0].length) });

  // Tokens are runs of printable ASCII between spaces and Chinese text.
  for (const m of visible.matchAll(/[\x21-\x7e]+/g)) {
    const token = m[0];
    if (/\d/.test(token) || token.startsWith('.') || /^[a-z]+:\/\//i.test(token) || token.includes('@')) continue;
    for (const w of token.matchAll(/[A-Za-z]{2,}/g)) {
      if (!ALLOWED_WORDS.has(w[0])) findings.push({ kind: 'English word', found: w[0], context: around(m.index, token.length) });
    }
  }
  return findings;
}
