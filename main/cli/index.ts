// `edge-node` entry: runs one command and turns known failures into a Chinese message and
// a non-zero exit code, without a stack trace for the person at the terminal.
import { buildProgram } from './commands';
import { CliError } from './secrets';
import { redactError } from '../../platform/redact';
import { NodeBusyError } from '../../platform/single-writer-lock';
import { busyMessage } from './node-busy';

const KNOWN = new Set(['CliError', 'WrongPassphraseError', 'MissingKeySlotError', 'KeyFileError', 'DatabaseTooNewError', 'WrongDatabaseKeyError']);

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof NodeBusyError) {
      process.stderr.write(`错误：${busyMessage(error)}\n`);
      return 1;
    }
    if (error instanceof Error && (error instanceof CliError || KNOWN.has(error.name))) {
      process.stderr.write(`错误：${error.message}\n`);
      return 1;
    }
    process.stderr.write(`内部错误：${redactError(error)}\n`);
    return 70;
  }
}
