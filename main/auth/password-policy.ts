// Account password rule (MLPS 2.0 asks for complexity): at least 8 characters from at least
// three of lower case, upper case, digits and symbols. Messages say exactly what is missing.

export function checkPasswordStrength(password: string): string | null {
  if (password.length < 8) return `密码至少需要 8 位（当前 ${password.length} 位）`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码需包含小写字母、大写字母、数字、符号中的至少三类';
  return null;
}

/** Recovery passphrase: it guards every backup, so it must resist offline guessing. */
export function checkRecoveryPassphrase(passphrase: string): string | null {
  const words = passphrase.trim().split(/\s+/).filter((w) => w.length >= 2);
  if (words.length >= 4 && passphrase.length >= 16) return null;
  if (passphrase.length < 12) return `恢复口令至少需要 12 位（当前 ${passphrase.length} 位），或由 4 个以上词语组成`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(passphrase)).length;
  if (classes < 3) return '恢复口令需包含小写字母、大写字母、数字、符号中的至少三类，或由 4 个以上词语组成';
  return null;
}
