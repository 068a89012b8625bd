import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import type { Spill } from '../listing/trial-table.js';

// The scratch file behind a listing's trial table. It is unlinked as soon as it is open, so a
// run killed at any point leaves nothing behind (the journal, not this file, makes a run safe).
// Reads and writes are synchronous: a few hundred bytes each, from the page cache.

/** A reference packs the offset and the length: lengths up to 2 MB, offsets up to 2 GB, exact in a double. */
const LENGTH_BITS = 2 ** 21;
const MAX_OFFSET = 2 ** 31;

export interface FileSpill extends Spill {
  readonly path: string;
  close(): void;
}

/** A spill in a new file at `path` (a temp name in the listing, on the same disk as its pages). */
export function fileSpill(path: string): FileSpill {
  const fd = openSync(path, 'wx+');
  let unlinked = true;
  try {
    unlinkSync(path);
  } catch {
    unlinked = false; // some systems cannot unlink an open file: it is removed at close
  }
  let end = 0;
  let closed = false;
  return {
    path,
    put(json) {
      const bytes = Buffer.from(json, 'utf8');
      if (bytes.length >= LENGTH_BITS || end >= MAX_OFFSET) return undefined;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, end + done);
      const ref = end * LENGTH_BITS + bytes.length;
      end += bytes.length;
      return ref;
    },
    get(ref) {
      const length = ref % LENGTH_BITS;
      const offset = (ref - length) / LENGTH_BITS;
      const bytes = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, bytes, done, length - done, offset + done);
        if (n === 0) throw new Error(`the listing's scratch file ended early at ${offset + done}`);
        done += n;
      }
      return bytes.toString('utf8');
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
      if (!unlinked) unlinkSync(path);
    },
  };
}
