// Quick checks before a certificate goes to the core, so an obvious slip (a CSR pasted
// instead of a certificate, half a file) gets a clear message at once. The core does the
// real checking and has the last word.
import { MAX_CERT_FILE_BYTES, readFileAsBase64, readFileAsText } from '../../files';
import { formatBytes } from '../../format';
import type { Translate } from '../../i18n';

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';

/** A form rule: null when it looks like PEM certificate text within `max` characters. */
export function pemProblem(text: string | undefined, max: number, t: Translate): string | null {
  const v = (text ?? '').trim();
  if (!v) return null; // "required" is a separate rule
  if (v.length > max) return t('cert.tooLong', { n: v.length, max });
  if (!v.includes(BEGIN) || !v.includes(END)) return t('cert.notPem');
  return null;
}

/** Reads a chosen certificate file, refusing anything far bigger than a certificate. */
export async function readCertFile(file: File, as: 'text' | 'base64', t: Translate): Promise<{ ok: true; value: string } | { ok: false; message: string }> {
  if (file.size > MAX_CERT_FILE_BYTES) return { ok: false, message: t('file.tooLarge', { name: file.name, size: formatBytes(file.size) }) };
  try {
    return { ok: true, value: as === 'text' ? await readFileAsText(file) : await readFileAsBase64(file) };
  } catch {
    return { ok: false, message: t('file.readFailed', { name: file.name }) };
  }
}
