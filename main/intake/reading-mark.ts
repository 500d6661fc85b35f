// The "being read" mark of a watch folder: a file `.edge-node-reading.json` in the folder,
// written (and fsynced) before a file is parsed and removed when its import ends, however it
// ends. A mark still there at start-up means the core died while reading that file — a
// hostile or broken file that crashed the parser, or ran it out of memory — so the file is
// set aside instead of being read again (which would crash the core again, in a loop).
//
// Why a file beside the data rather than a database row: the mark must be durable before
// parsing starts and must survive whatever killed the core, including a database that is
// being restored or cannot be opened; it belongs to the folder, not to this node's store
// (a folder moved to another node carries it along). It holds only the file's name and its
// content hash — no row contents. Its name starts with a dot, so the watcher ignores it.
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const READING_MARK = '.edge-node-reading.json';

export interface ReadingMark {
  file: string;
  contentHash: string;
  startedAt: string;
}

export async function writeReadingMark(folder: string, mark: ReadingMark): Promise<void> {
  const path = join(folder, READING_MARK);
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify(mark));
    await handle.sync(); // on disk before parsing starts: a kill a moment later still finds it
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function clearReadingMark(folder: string): Promise<void> {
  await rm(join(folder, READING_MARK), { force: true });
}

/** The mark left by a core that died while reading, or null. A torn mark is treated as none. */
export async function readReadingMark(folder: string): Promise<ReadingMark | null> {
  try {
    const mark = JSON.parse(await readFile(join(folder, READING_MARK), 'utf8')) as Partial<ReadingMark>;
    return typeof mark.file === 'string' && typeof mark.contentHash === 'string' ? { file: mark.file, contentHash: mark.contentHash, startedAt: String(mark.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}
