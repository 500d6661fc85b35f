// Error text goes to logs that county IT may send for support; keep ID-number-like and
// credit-code-like strings out of it.
const ID_LIKE = /\b\d{6}(19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]\b/g;
const CREDIT_LIKE = /\b[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b/g;

export function redact(text: string): string {
  return text.replace(ID_LIKE, '[身份证号已隐去]').replace(CREDIT_LIKE, '[信用代码已隐去]');
}

export function redactError(error: unknown): string {
  return redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
