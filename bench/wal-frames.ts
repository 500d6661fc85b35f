// Reads the frame headers of a SQLite WAL file: which page each frame holds, and which frames
// end a commit. SQLite3MC encrypts a frame's page, not its 24-byte header, so this works on
// the node's encrypted WAL without the key (bench/commit-pages.ts counts a commit's pages).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export interface WalFrame {
  page: number;
  /** The commit's last frame carries the database size in pages; the others carry 0. */
  commit: boolean;
}

/**
 * The frames of the WAL's current generation from frame `from` on (0-based). After a
 * checkpoint the log restarts at its beginning with new salts, and frames of the older
 * generation may remain behind the new ones: the log ends at the first of those.
 */
export function walFrames(file: string, from = 0): WalFrame[] {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(WAL_HEADER);
    if (readSync(fd, header, 0, WAL_HEADER, 0) < WAL_HEADER) return [];
    const pageSize = header.readUInt32BE(8);
    const salts = header.subarray(16, 24);
    const frameSize = FRAME_HEADER + pageSize;
    const total = Math.floor((fstatSync(fd).size - WAL_HEADER) / frameSize);
    const frameHeader = Buffer.alloc(FRAME_HEADER);
    const frames: WalFrame[] = [];
    for (let i = from; i < total; i++) {
      readSync(fd, frameHeader, 0, FRAME_HEADER, WAL_HEADER + i * frameSize);
      if (!frameHeader.subarray(8, 16).equals(salts)) break;
      frames.push({ page: frameHeader.readUInt32BE(0), commit: frameHeader.readUInt32BE(4) !== 0 });
    }
    return frames;
  } finally {
    closeSync(fd);
  }
}
