// One process at a time owns a node's data folder: the desktop app and a CLI command (or
// two app instances on a multi-user PC) must not write the same database behind each
// other's back. The lock file holds the owner's pid; a lock left by a dead process is taken over.
// Beside it, `<lock>.holder` says which program the owner is, so a refused process can tell
// its user what to stop or where to work instead. It is a separate file so that the lock file
// stays a bare pid, as every version reads it.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, writeFileSync, rmSync } from 'node:fs';

/** Which program holds a node: the desktop app, `edge-node serve` (with its address), or another CLI command. */
export type LockHolder = { program: 'app' } | { program: 'serve'; url: string } | { program: 'command'; command: string };

export class NodeBusyError extends Error {
  constructor(
    readonly pid: number,
    /** Null when the owner did not say (an older version, a test, a holder file not yet written). */
    readonly holder: LockHolder | null = null,
  ) {
    super(`本节点的数据正被${holder ? holderName(holder) : '另一个程序'}使用（进程号 ${pid}），请先关闭它再试`);
    this.name = 'NodeBusyError';
  }
}

/** The holder as a person calls it, in a sentence. */
export function holderName(holder: LockHolder): string {
  switch (holder.program) {
    case 'app':
      return '桌面程序';
    case 'serve':
      return ' edge-node serve ';
    case 'command':
      return `另一个命令（edge-node ${holder.command}）`;
  }
}

export interface Lock {
  release(): void;
}

/** Lock files this process holds: its own pid in a lock file does not make it stale. */
const heldHere = new Set<string>();

export function acquireLock(path: string, holder?: LockHolder): Lock {
  if (heldHere.has(path)) throw new NodeBusyError(process.pid, readHolder(path, process.pid));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      writeHolder(path, holder);
      return {
        release: () => {
          if (!heldHere.delete(path)) return;
          rmSync(holderPath(path), { force: true });
          unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw new NodeBusyError(owner, readHolder(path, owner));
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

const holderPath = (lockPath: string) => `${lockPath}.holder`;

/** Best effort: the lock is what protects the data; the holder file only helps the message. */
function writeHolder(lockPath: string, holder: LockHolder | undefined): void {
  try {
    if (holder) writeFileSync(holderPath(lockPath), JSON.stringify({ pid: process.pid, ...holder }), { mode: 0o600 });
    else rmSync(holderPath(lockPath), { force: true }); // a dead owner's, which would name the wrong program
  } catch {
    // a refused process then says "another program", as before
  }
}

/** The holder the owner wrote, if it is this owner's (a dead owner's file names someone else). */
function readHolder(lockPath: string, owner: number): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(holderPath(lockPath), 'utf8')) as { pid?: unknown } & Partial<Record<string, unknown>>;
    if (value.pid !== owner) return null;
    if (value.program === 'app') return { program: 'app' };
    if (value.program === 'serve' && typeof value.url === 'string') return { program: 'serve', url: value.url };
    if (value.program === 'command' && typeof value.command === 'string') return { program: 'command', command: value.command };
    return null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
