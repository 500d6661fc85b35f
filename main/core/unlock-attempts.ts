// Wrong recovery passphrases on a locked node: counted, slowed, and written to the audit log
// once the node opens. A locked node cannot write its audit log (the log is inside the
// database the passphrase opens), so the count waits in a small file in the data folder —
// counts and times only, no secret — and becomes one audit entry the next time the node is
// ready: after the right passphrase, a restore, or a start on which the host key opens again.
// The file also keeps the wait across a restart of the app or of `serve`.
//
// Slowed: the first FREE_FAILURES wrong passphrases are answered at once (typos); after
// that each further attempt must wait, doubling from BASE_WAIT_MS up to MAX_WAIT_MS. An
// attempt made before its time, or while another is being checked, is refused without
// checking the passphrase (and counted as refused).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiFailure } from '../../common/contract/api-failure';
import { WrongPassphraseError } from '../../platform/passphrase-slot';
import type { AuditLog } from '../audit/audit-log';

export const FREE_FAILURES = 3;
export const BASE_WAIT_MS = 2_000;
export const MAX_WAIT_MS = 5 * 60_000;

interface Tally {
  /** Wrong passphrases checked. */
  failures: number;
  /** Attempts refused unchecked: too early, or while another was being checked. */
  refused: number;
  firstAt: string;
  /** The last wrong passphrase: the wait counts from here. */
  lastFailureAt: string;
}

/** How long after the n-th wrong passphrase in a row the next attempt must wait. */
export function waitAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_WAIT_MS * 2 ** (failures - FREE_FAILURES), MAX_WAIT_MS);
}

export class UnlockAttempts {
  private tally: Tally | null;
  private checking = false;
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly now: () => Date,
  ) {
    this.file = join(dataDir, 'unlock-attempts.json');
    this.tally = readTally(this.file);
  }

  /** Runs one passphrase check, or refuses it; a WrongPassphraseError is counted and rethrown. */
  async attempt<T>(check: () => Promise<T>): Promise<T> {
    if (this.checking) {
      this.count('refused');
      throw new ApiFailure('CONFLICT', '正在核对上一次输入的恢复口令，请稍候再试（本次输入未核对）');
    }
    const waitMs = this.remainingWaitMs();
    if (waitMs > 0) {
      this.count('refused');
      throw new ApiFailure('CONFLICT', `恢复口令已连续输错 ${this.tally!.failures} 次。为防止猜测，请在 ${Math.ceil(waitMs / 1000)} 秒后再试（本次输入未核对）`);
    }
    this.checking = true;
    try {
      return await check();
    } catch (error) {
      if (error instanceof WrongPassphraseError) this.count('failure');
      throw error;
    } finally {
      this.checking = false;
    }
  }

  /** Said after a wrong passphrase: how many so far and, once waits apply, how long. */
  hint(): string {
    const failures = this.tally?.failures ?? 0;
    const waitMs = waitAfter(failures);
    if (waitMs === 0) return '';
    return `（已连续输错 ${failures} 次，请在 ${Math.ceil(waitMs / 1000)} 秒后再试）`;
  }

  /**
   * Writes the pending tally to the audit log of the now ready node, then forgets it. Called
   * whenever the node becomes ready; a crash between the two may record it twice, never lose it.
   */
  recordTo(audit: AuditLog): void {
    const tally = this.tally;
    if (!tally) return;
    audit.append({
      actor: '-',
      role: '-',
      action: 'node.unlock',
      target: 'recovery passphrase',
      outcome: 'failure',
      detail: { failures: tally.failures, refused: tally.refused, firstAt: tally.firstAt, lastAt: tally.lastFailureAt },
    });
    this.tally = null;
    rmSync(this.file, { force: true });
  }

  private remainingWaitMs(): number {
    if (!this.tally) return 0;
    const until = Date.parse(this.tally.lastFailureAt) + waitAfter(this.tally.failures);
    return Math.max(0, until - this.now().getTime());
  }

  private count(kind: 'failure' | 'refused'): void {
    const at = this.now().toISOString();
    const tally = this.tally ?? { failures: 0, refused: 0, firstAt: at, lastFailureAt: at };
    if (kind === 'failure') {
      tally.failures += 1;
      tally.lastFailureAt = at;
    } else {
      tally.refused += 1;
    }
    this.tally = tally;
    writeFileSync(this.file, JSON.stringify(tally), { mode: 0o600 });
  }
}

function readTally(file: string): Tally | null {
  try {
    const t = JSON.parse(readFileSync(file, 'utf8')) as Partial<Tally>;
    if (typeof t.failures === 'number' && typeof t.refused === 'number' && typeof t.firstAt === 'string' && typeof t.lastFailureAt === 'string') {
      return { failures: t.failures, refused: t.refused, firstAt: t.firstAt, lastFailureAt: t.lastFailureAt };
    }
  } catch {
    // No file (the usual case) or a damaged one: the data folder is the OS user's own (0700),
    // so whoever could damage it could read the database's files anyway.
  }
  return null;
}
