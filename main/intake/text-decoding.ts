// Bytes to text for CSV and JSON. The encoding is decided from the whole file (see
// byte-input.ts): a byte-order mark wins; otherwise valid UTF-8 is UTF-8 and anything else
// is GB18030 — the superset of GBK/GB2312 that Chinese Windows and Excel ("CSV (逗号分隔)")
// write. UTF-16 covers Excel's "Unicode 文本" export.
import iconv from 'iconv-lite';
import type { Readable } from 'node:stream';
import type { ByteFacts } from './byte-input';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export function chooseEncoding(facts: ByteFacts): TextEncoding {
  if (facts.bom === 'utf-16le' || facts.bom === 'utf-16be') return facts.bom;
  if (facts.bom === 'utf-8') return 'utf-8-bom';
  return facts.validUtf8 ? 'utf-8' : 'gb18030';
}

/** Decoded text in pieces, BOM removed. */
export async function* decodeText(bytes: Readable, encoding: TextEncoding): AsyncGenerator<string> {
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
    // Not fatal here: the inspection pass already proved the bytes valid.
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of bytes) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
    return;
  }
  // iconv-lite strips the BOM of UTF-16 by default (stripBOM).
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of bytes) {
    const text = decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
