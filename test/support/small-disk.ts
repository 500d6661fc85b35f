// A real, small filesystem for disk-full tests: a tmpfs of a fixed size mounted on a
// temporary folder. Writing past its end fails with ENOSPC exactly as a full USB stick or
// system disk does — nothing in the node is told it is a test. Space is taken and given
// back with a filler file, so a test can make the disk full at the moment it chooses.
// Mounting needs root (CI containers and this machine have it); where it is not allowed,
// `mountSmallDisk` returns the reason and the test skips with it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  /** The mount point: a folder on the small filesystem. */
  dir: string;
  /** Free bytes now, as the filesystem reports them. */
  freeBytes(): number;
  /** Takes all free space but `leaveBytes` (rounded to the filesystem's blocks) with a filler file. */
  fill(leaveBytes?: number): void;
  /** Removes the filler: the space is back. */
  release(): void;
  /** Makes the filesystem bigger in place (the data stays). */
  grow(bytes: number): void;
  unmount(): void;
}

export function mountSmallDisk(bytes: number): SmallDisk | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `cannot mount a small tmpfs here (needs root): ${String((error as Error).message).split('\n')[0]}` };
  }
  const filler = join(dir, '.filler');
  const disk: SmallDisk = {
    dir,
    freeBytes() {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
    fill(leaveBytes = 0) {
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      const fd = openSync(filler, 'a');
      try {
        // Bounded by the disk's size: each pass takes a chunk (or the last few blocks).
        for (let i = 0; i < bytes / 4096 + 16; i++) {
          const room = disk.freeBytes() - leaveBytes;
          if (room <= 0) break;
          try {
            writeSync(fd, room >= chunk.length ? chunk : chunk.subarray(0, room));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    release() {
      writeFileSync(filler, '');
      rmSync(filler, { force: true });
    },
    grow(newBytes) {
      execFileSync('mount', ['-o', `remount,size=${newBytes}`, dir], { stdio: 'pipe' });
    },
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return disk;
}

/** A small disk, or null after telling the test runner why the test is skipped here. */
export function smallDiskOrSkip(t: { skip(message: string): void }, bytes: number): SmallDisk | null {
  const disk = mountSmallDisk(bytes);
  if ('unavailable' in disk) {
    t.skip(disk.unavailable);
    return null;
  }
  return disk;
}
