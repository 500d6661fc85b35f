// The frame the 1,000,000-row benches share: a set-up node in a temporary folder, filled
// while it is closed (not measured), reopened and signed in to; then series of calls timed
// one at a time, each printed as one line of p50 / p95 / max.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openEncryptedDatabase } from '../main/store/database';
import { startSetUpNode, PASSWORDS } from '../test/support/test-node';
import type { Role } from '../common/contract';

export type BenchNode = Awaited<ReturnType<typeof startSetUpNode>>;

/** The value at quantile `p` of ascending `sorted` times (NaN when there are none). */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

export interface SeriesOptions {
  /** Calls at the most in one series. */
  runs: number;
  /** Time budget of one series; the line says when it stopped the series early. */
  seconds: number;
  /** Untimed calls first. */
  warmup?: number;
  /** How the printed line is laid out: label column, `n=` column, decimals and column of the p50 and p95. */
  labelWidth: number;
  countWidth?: number;
  digits?: number;
  msWidth?: number;
}

/** A `series(label, call)` that times `call` one at a time, prints one line and returns the p95 in ms. */
export function timedSeries({ runs, seconds, warmup = 5, labelWidth, countWidth = 0, digits = 1, msWidth = 0 }: SeriesOptions) {
  const ms = (value: number) => value.toFixed(digits).padStart(msWidth);
  return async function series(label: string, call: () => unknown): Promise<number> {
    for (let k = 0; k < warmup; k++) await call();
    const times: number[] = [];
    const stopAt = performance.now() + seconds * 1000;
    // The process's CPU time over the series: under load a call waits for a core as well,
    // so wall time alone does not say whether a change made the call cheaper.
    const cpuBefore = process.cpuUsage();
    for (let k = 0; k < runs && performance.now() < stopAt; k++) {
      const started = performance.now();
      await call();
      times.push(performance.now() - started);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerCall = (cpu.user + cpu.system) / 1000 / Math.max(1, times.length);
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    const partial = times.length < runs ? `  (stopped after ${seconds} s)` : '';
    console.log(`  ${label.padEnd(labelWidth)} n=${String(times.length).padStart(countWidth)}  p50 ${ms(percentile(times, 0.5))} ms  p95 ${ms(p95)} ms  max ${times.at(-1)!.toFixed(1)} ms  cpu ${cpuPerCall.toFixed(2)} ms/call${partial}`);
    return p95;
  };
}

/**
 * The floor under any call that appends an audit entry: one bare 1-row transaction, committed
 * durably, on a fresh encrypted database in a folder beside the node's (same disk, same WAL,
 * synchronous=FULL, same cipher). `use` gets the commit to time; the database is removed after.
 */
export async function withDurableCommitFloor<T>(beside: string, use: (commit: () => void) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(beside, 'floor-'));
  const key = randomBytes(32);
  const db = openEncryptedDatabase(join(dir, 'floor.db'), key);
  key.fill(0);
  try {
    db.exec('CREATE TABLE floor (seq INTEGER PRIMARY KEY, at TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO floor (at) VALUES (?)');
    const commit = db.transaction(() => insert.run(new Date().toISOString()));
    return await use(() => commit.immediate());
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a bench on a set-up node (test/support/test-node.ts): the node is closed while `fill`
 * writes to its data folder (given the time it started; timed and printed with the load
 * average), then reopened, and `role` signs in. `measure` gets that session token and says
 * whether the target was met. Exit code 0 met, 1 missed, 2 the bench failed; the temporary
 * folder is removed in every case.
 */
export function benchOnFilledNode(role: Role, fill: (t: BenchNode, started: number) => Promise<void>, measure: (t: BenchNode, token: string) => Promise<boolean>): void {
  (async () => {
    const t = await startSetUpNode();
    try {
      t.node.close();
      const started = Date.now();
      await fill(t, started);
      console.log(`set up in ${((Date.now() - started) / 1000).toFixed(0)} s; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      await t.reopen();
      const token = await t.login(role, PASSWORDS[role]);
      process.exitCode = (await measure(t, token)) ? 0 : 1;
    } finally {
      t.cleanup();
    }
  })().catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}
