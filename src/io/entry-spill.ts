import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import type { Spill } from '../listing/trial-table.js';

// The scratch file behind a listing's trial table. It is unlinked as soon as it is open, so a
// run killed at any point leaves nothing behind (the journal, not this file, makes a run safe).
// Entries (a few hundred bytes each) are written and read back 64 KiB at a time, in synchronous
// calls to the page cache: one call per entry cost a listing of 10,000 trials ~0.5 s of its main
// thread, as each call here costs tens of microseconds.

const BLOCK = 64 * 1024;
const EMPTY = Buffer.alloc(0);

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
  /** Bytes in the file; entries put after them wait in `pending`, and `end` counts both. */
  let written = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let end = 0;
  /** The last block read, from `cachedAt`: entries are read back mostly in the order they were put. */
  let cached = EMPTY;
  let cachedAt = 0;
  let lastEnd = 0;
  let closed = false;
  /** `length` bytes from `at` in the entries not written yet (each is one of their buffers, found by its offset). */
  const fromPending = (at: number, length: number) => {
    const out = Buffer.allocUnsafe(length);
    let start = 0;
    let copied = 0;
    for (const b of pending) {
      const end = start + b.length;
      if (end > at + copied && copied < length) {
        const from = at + copied - start;
        copied += b.copy(out, copied, from, Math.min(b.length, from + length - copied));
      }
      start = end;
    }
    return out.toString('utf8');
  };
  // One buffer for every block written and read: a new 64 KiB buffer each time lives outside the heap until a
  // collection frees it, and the passes over 100,000 entries at the end of a run left tens of MB of them waiting.
  let block = Buffer.allocUnsafe(2 * BLOCK);
  const blockOf = (size: number) => {
    if (block.length < size) block = Buffer.allocUnsafe(size);
    return block;
  };
  const flush = () => {
    if (pendingBytes === 0) return;
    const bytes = blockOf(pendingBytes).subarray(0, pendingBytes);
    for (let at = 0, i = 0; i < pending.length; i++) at += (pending[i] as Buffer).copy(bytes, at);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, written + done);
    written += bytes.length;
    pending = [];
    pendingBytes = 0;
    cached = EMPTY; // the block it was read into now holds what was written
  };
  return {
    path,
    put(json) {
      if (closed) throw new Error("the listing's scratch file is closed");
      const bytes = Buffer.from(json, 'utf8');
      if (bytes.length >= LENGTH_BITS || end >= MAX_OFFSET) return undefined;
      const ref = end * LENGTH_BITS + bytes.length;
      pending.push(bytes);
      pendingBytes += bytes.length;
      end += bytes.length;
      if (pendingBytes >= BLOCK) flush();
      return ref;
    },
    get(ref) {
      if (closed) throw new Error("the listing's scratch file is closed");
      const length = ref % LENGTH_BITS;
      const offset = (ref - length) / LENGTH_BITS;
      // Not written yet: read from memory (a read never writes, so it cannot fail on a full disk).
      if (offset >= written) return fromPending(offset - written, length);
      if (offset < cachedAt || offset + length > cachedAt + cached.length) {
        // In the order they were put, a block at a time; out of order (a refresh meets trials in the registry's
        // order), only the entry.
        const into = blockOf(length).subarray(0, offset === lastEnd ? Math.max(length, BLOCK) : length);
        let done = 0;
        while (done < length) {
          const n = readSync(fd, into, done, into.length - done, offset + done);
          if (n === 0) throw new Error(`the listing's scratch file ended early at ${offset + done}`);
          done += n;
        }
        // Bytes once written never change: what was read stays true (until the buffer is used again).
        cached = into.subarray(0, done);
        cachedAt = offset;
      }
      lastEnd = offset + length;
      return cached.toString('utf8', offset - cachedAt, offset - cachedAt + length);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
      if (!unlinked) unlinkSync(path);
    },
  };
}
