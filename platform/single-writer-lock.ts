// One process at a time owns a node's data folder: the desktop app and a CLI command (or
// two app instances on a multi-user PC) must not write the same database behind each
// other's back. The lock file holds the owner's pid; a lock left by a dead process is taken over.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';

export class NodeBusyError extends Error {
  constructor(pid: number) {
    super(`本节点的数据正被另一个程序使用（进程号 ${pid}），请先关闭它再试`);
    this.name = 'NodeBusyError';
  }
}

export interface Lock {
  release(): void;
}

/** Lock files this process holds: its own pid in a lock file does not make it stale. */
const heldHere = new Set<string>();

export function acquireLock(path: string): Lock {
  if (heldHere.has(path)) throw new NodeBusyError(process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return {
        release: () => {
          if (!heldHere.delete(path)) return;
          unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw new NodeBusyError(owner);
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
