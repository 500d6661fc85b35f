// Numbers typed on the command line, checked with a Chinese message naming what was meant.
import { CliError } from './secrets';

export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${name}应为正整数，收到「${value}」`);
  return n;
}
