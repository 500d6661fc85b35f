// A certificate's subject or issuer as the core formats it ("C=CN, ST=海南省, O=…,
// serialNumber=…, CN=…", RFC 4514 style with `\,` escapes), split into attributes that the
// certificate card can name in Chinese. The short names are X.509's; an administrator in a
// township office reads 省 and 单位, and the raw form stays available as a tooltip.

export interface NameAttribute {
  /** The short name as formatted by certs/asn1.ts (CN, O, serialNumber …) or a dotted OID. */
  name: string;
  value: string;
}

/** Splits at unescaped ", " and the first unescaped "=", undoing backslash escapes. */
export function parseDistinguishedName(dn: string): NameAttribute[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[i + 1]!;
      i++;
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.flatMap((part) => {
    const trimmed = part.trim();
    const eq = unescapedIndexOf(trimmed, '=');
    if (eq <= 0) return [];
    return [{ name: trimmed.slice(0, eq), value: unescape(trimmed.slice(eq + 1)) }];
  });
}

function unescapedIndexOf(text: string, char: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/**
 * The name a person knows a certificate by: its common name (CN), else its organisation (O),
 * else the whole subject as given. Sentences (the audit log) quote this, not the X.509 form.
 */
export function certificateName(dn: string): string {
  const attributes = parseDistinguishedName(dn);
  const pick = (name: string) => attributes.find((a) => a.name === name)?.value;
  return pick('CN') ?? pick('O') ?? dn;
}
