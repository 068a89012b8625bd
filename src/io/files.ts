import { type FileHandle, mkdir, open, readdir, readlink, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, writeFailure } from '../errors.js';

// Writes files so that a reader, a killed run or a crash never sees half a page: temp file,
// fsync, rename in the same directory. The rename itself is made durable by syncDir, which
// callers batch (one directory fsync covers every rename before it).

const TMP_SUFFIX = '.trialcard-tmp';

/** The running process as the disk sees it: temp files and locks name it. cli.ts supplies it. */
export interface Owner {
  host: string;
  pid: number;
  /** Whether a process of this machine still runs. */
  alive(pid: number): boolean;
}

// Temp names carry their owner (host and pid), so a run cleans only what is its own or dead.
const hostTag = (owner: Owner) => owner.host.replace(/[^A-Za-z0-9-]/g, '').slice(0, 24) || 'host';
const TMP_NAME = /^\..+\.([A-Za-z0-9-]+)~(\d+)\.[0-9a-f]{8}\.trialcard-tmp$/;
/** A dead run's temp file is removed only once it is this old (a clock skew or a slow NFS should not race). */
export const STALE_TEMP_MS = 10 * 60_000;

// A random start and a count: names unique within the process (its pid tells it from others), without the
// system's random source per file (a tenth of a millisecond each, a second per 10,000 trials of a listing).
let tempCount = Math.floor(Math.random() * 2 ** 32);

export function tempPathFor(path: string, owner: Owner): string {
  tempCount = (tempCount + 1) % 2 ** 32;
  const tag = tempCount.toString(16).padStart(8, '0');
  return join(dirname(path), `.${basename(path)}.${hostTag(owner)}~${owner.pid}.${tag}${TMP_SUFFIX}`);
}

/**
 * Temp file, fsync, rename; any failure is a LocalFailure naming `path` and leaves no temp file. `durable: false`
 * skips the fsync, for files whose loss in a power cut is harmless: readers still never see half a file.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Iterable<string>,
  owner: Owner,
  { durable = true } = {},
): Promise<void> {
  const tmp = tempPathFor(path, owner);
  try {
    const fh = await open(tmp, 'wx');
    try {
      if (typeof data === 'string') await fh.writeFile(data, 'utf8');
      else await writePieces(fh, data);
      if (durable) await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw writeFailure(path, err);
  }
}

/** Writes text given in pieces, about 1 MB at a time, so a large file is never one string in memory. */
async function writePieces(fh: FileHandle, pieces: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size < 1 << 20) continue;
    await fh.writeFile(batch.join(''), 'utf8'); // writeFile writes it all, from the position
    batch = [];
    size = 0;
  }
  if (batch.length) await fh.writeFile(batch.join(''), 'utf8');
}

/** Makes the renames into `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    // Some file systems cannot fsync a directory; the files themselves are synced.
    if ((err as NodeJS.ErrnoException).code === 'EINVAL' || (err as NodeJS.ErrnoException).code === 'EISDIR') return;
    throw writeFailure(dir, err);
  }
}

/**
 * Makes sure --out is a writable directory before anything is fetched (it is created if missing).
 * Returns the folders it made, for removeIfEmpty once the run is over.
 */
export async function prepareOutDir(dir: string, owner: Owner, flag = '--out'): Promise<string[]> {
  let made: string[] = [];
  // A symbolic link whose target is gone: stat says "no such file", mkdir says "exists".
  const link = await readlink(dir).catch(() => undefined);
  if (
    link !== undefined &&
    !(await stat(dir).then(
      () => true,
      () => false,
    ))
  )
    throw new UsageError(
      `${flag} ${dir} is a link to ${link}, which does not exist`,
      'choose a directory you can write to',
    );
  try {
    const s = await stat(dir);
    if (!s.isDirectory())
      throw new UsageError(
        `${flag} ${dir} is a file, not a directory`,
        'give a directory path (it is created if missing)',
      );
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw outDirError(flag, dir, err);
    try {
      made = await makeDirs(dir);
    } catch (e) {
      throw outDirError(flag, dir, e);
    }
  }
  // Prove it is writable with a file of our own.
  const probe = join(dir, `.trialcard-write-test.${owner.pid}`);
  try {
    await writeFileAtomic(probe, '', owner);
    await rm(probe, { force: true });
  } catch (err) {
    await removeIfEmpty(made);
    throw outDirError(flag, dir, (err as { cause?: unknown }).cause ?? err);
  }
  return made;
}

/** Folders a run made and left empty (every trial failed) are removed, deepest first; any with a file stays. */
export async function removeIfEmpty(made: readonly string[]): Promise<void> {
  for (const d of [...made].reverse()) {
    const removed = await rmdir(d).then(
      () => true,
      () => false, // not empty: it, and every folder above it, stays
    );
    if (!removed) return;
  }
}

/**
 * Removes temp files that a killed run left: only those whose owner is gone (same host, no such
 * process) and that are older than STALE_TEMP_MS. Another running run's files are never touched.
 */
export async function removeStaleTemps(dir: string, owner: Owner, now = Date.now()): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(TMP_SUFFIX));
  let removed = 0;
  for (const name of names) {
    const m = TMP_NAME.exec(name);
    const pid = Number(m?.[2]);
    const ownerGone = m !== null && m[1] === hostTag(owner) && pid !== owner.pid && !owner.alive(pid);
    if (!ownerGone) continue;
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (!s || now - s.mtimeMs < STALE_TEMP_MS) continue;
    await rm(join(dir, name), { force: true });
    removed += 1;
  }
  return removed;
}

/**
 * mkdir -p, one level at a time from the nearest folder that exists. Not mkdir({ recursive }):
 * on Node 20 it spins forever where a folder cannot be made and reports ENOENT (under /proc), and
 * on a read-only file system it says ENOENT where EROFS is the reason; this reports the real one.
 */
export async function makeDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const s = await stat(at).catch((err: NodeJS.ErrnoException) => err);
    if (!(s instanceof Error)) {
      if (!s.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    if (s.code !== 'ENOENT') throw s;
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  const made: string[] = [];
  for (const d of missing.reverse()) {
    const ok = await mkdir(d).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
        return false;
      },
    );
    if (ok) made.push(d);
  }
  return made;
}

function outDirError(flag: string, dir: string, err: unknown): UsageError {
  return new UsageError(`${flag} ${dir} ${dirProblem(err)}`, 'choose a directory you can write to', err);
}

/** Why a file cannot be read, in words ("does not exist"), from the error that said so. */
export function readProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'is not readable';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot be read (${code ?? String(err)})`;
}

/** Why a folder cannot be written to, in words ("is not writable"), from the error that said so. */
export function dirProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'is not writable';
  if (code === 'ENOTDIR') return 'is inside a file, not a directory';
  if (code === 'ERR_FS_CP_DIR_TO_NON_DIR') return 'is a file, not a directory';
  if (code === 'ENOSPC') return 'is on a full disk';
  return `cannot be used (${code ?? String(err)})`;
}

/**
 * Whether a file can be written into `dir` and renamed there, as pages are: a temp file is
 * created, renamed and removed, and nothing else is left. Returns a reason when it cannot.
 */
export async function probeWritable(dir: string, owner: Owner): Promise<string | undefined> {
  const s = await stat(dir).catch((err: NodeJS.ErrnoException) => err);
  if (s instanceof Error) return s.code === 'ENOENT' ? 'does not exist' : `cannot be read (${s.code})`;
  if (!s.isDirectory()) return 'is not a directory';
  // Both names are temp names a run would clear, should doctor be killed between the steps.
  const tmp = tempPathFor(join(dir, 'trialcard-doctor'), owner);
  const renamed = tempPathFor(join(dir, 'trialcard-doctor-renamed'), owner);
  try {
    const fh = await open(tmp, 'wx');
    await fh.writeFile('trialcard doctor\n');
    await fh.sync();
    await fh.close();
    await rename(tmp, renamed);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? 'is on a read-only file system' : `cannot be written (${code ?? err})`;
  } finally {
    await rm(tmp, { force: true }).catch(() => {});
    await rm(renamed, { force: true }).catch(() => {});
  }
}
