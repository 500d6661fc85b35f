// The node's one logger. Every log line of the core, the sync engine, the shell and the
// utility process goes through here, so every line is redacted (platform/redact.ts: ID
// numbers and credit codes never reach a log county IT may send for support) and lands in
// one sink. What a program prints for its user (the CLI's output, the reference exchange's
// console) is not a log and does not come here.
//
// Silent under EDGE_NODE_TEST: the test runner sets it, and a test that wants the lines
// installs its own sink with setLogSink.
import { redact, redactError } from './redact';

export type LogLevel = 'error' | 'warn' | 'info';

/** Receives every line, already redacted and prefixed. */
export type LogSink = (level: LogLevel, line: string) => void;

/** stderr for every level: stdout belongs to what the programs print for their users. */
const stderrSink: LogSink = (_level, line) => {
  if (!process.env.EDGE_NODE_TEST) console.error(line);
};

let sink: LogSink = stderrSink;

/** Replaces the sink (null: back to stderr); returns the one it replaced, for tests to restore. */
export function setLogSink(next: LogSink | null): LogSink {
  const previous = sink;
  sink = next ?? stderrSink;
  return previous;
}

function write(level: LogLevel, message: string, error?: unknown): void {
  // The stack of an unexpected error is what county IT sends for support; it is redacted
  // like the rest (an ID number can sit in a message, never in a frame).
  const detail = error === undefined ? '' : `: ${error instanceof Error && error.stack ? redact(error.stack) : redactError(error)}`;
  sink(level, `edge-node: ${redact(message)}${detail}`);
}

export const log = {
  error: (message: string, error?: unknown): void => write('error', message, error),
  warn: (message: string, error?: unknown): void => write('warn', message, error),
  info: (message: string): void => write('info', message),
};
