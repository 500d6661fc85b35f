// Secrets for the CLI never come from flags (they would show in `ps` and shell history):
// from an environment variable for scripts, else typed at a hidden prompt.
import { createInterface } from 'node:readline';

export async function secret(envName: string, prompt: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new CliError(`需要${prompt}：请在终端中运行，或设置环境变量 ${envName}`);
  }
  return hiddenPrompt(`${prompt}：`);
}

function hiddenPrompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      // Echo the prompt itself, but nothing that is typed.
      if (s.startsWith(question)) write.call(rl, question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

/** An error whose message is meant for the person at the terminal, printed without a stack. */
export class CliError extends Error {
  override name = 'CliError';
}
