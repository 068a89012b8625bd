import { closeSync, fdatasyncSync, ftruncateSync, writeSync } from 'node:fs';
import { LocalFailure, writeFailure } from '../errors.js';

// A file a listing run appends to: its journal, its pack of snapshots. One descriptor for the run, and synchronous
// calls of a few KB to the page cache (not fsynced): what is appended is in the file before the call returns, so
// the next file that names it (a journal line, a page) follows it, and it costs the main thread less than awaiting
// asynchronous calls would.

/** Opens the file for appending: its descriptor and where the next bytes go. */
export type Opener = (path: string) => { fd: number; end: number };

export interface AppendFile {
  readonly path: string;
  /** Appends all of `bytes`; returns where they start. */
  append(bytes: Uint8Array): number;
  /** fdatasync: what was appended survives a power cut. */
  sync(): void;
  close(): void;
}

/**
 * The first append that fails stops every later one (the trials still in flight would else write after bytes cut
 * short), and what it wrote is cut off. It is one file for the whole run, so any failure of it stops the run, even
 * one that would cost a page only its own file.
 */
export function appendFile(path: string, open: Opener): AppendFile {
  let file: { fd: number; end: number } | undefined;
  let failed: LocalFailure | undefined;
  const close = () => {
    const fd = file?.fd;
    file = undefined;
    if (fd !== undefined) closeSync(fd);
  };
  return {
    path,
    append(bytes) {
      if (failed) throw failed;
      try {
        file ??= open(path);
        const at = file.end;
        for (let done = 0; done < bytes.length; ) done += writeSync(file.fd, bytes, done, bytes.length - done);
        file.end += bytes.length;
        return at;
      } catch (err) {
        try {
          if (file) ftruncateSync(file.fd, file.end);
        } catch {}
        try {
          close();
        } catch {}
        const failure = writeFailure(path, err);
        failed = failure.systemic
          ? failure
          : new LocalFailure(failure.message, { systemic: true, path, hint: failure.hint, cause: err });
        throw failed;
      }
    },
    sync() {
      if (file) fdatasyncSync(file.fd);
    },
    close,
  };
}
