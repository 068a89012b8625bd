import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

// The only module that writes files. Every write is temp file + rename in the same
// directory, so a reader (or a killed run) never sees half a page.

const TMP_SUFFIX = '.trialcard-tmp';

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`);
  try {
    await writeFile(tmp, data, { encoding: 'utf8', flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Makes sure --out is a writable directory before anything is fetched. */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new UsageError(`--out ${dir} is a file, not a directory`, 'give a directory path (it is created if missing)');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw outDirError(dir, err);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw outDirError(dir, e);
    }
  }
  // Prove it is writable, and clear temp files a killed run may have left.
  try {
    await writeFileAtomic(join(dir, '.trialcard-write-test'), '');
    await rm(join(dir, '.trialcard-write-test'), { force: true });
    await removeStaleTemps(dir);
  } catch (err) {
    throw outDirError(dir, err);
  }
}

export async function removeStaleTemps(dir: string): Promise<number> {
  const names = await readdir(dir);
  const stale = names.filter((n) => n.endsWith(TMP_SUFFIX));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
  return stale.length;
}

function outDirError(dir: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'is not writable' : code === 'ENOTDIR' ? 'is inside a file, not a directory' : `cannot be used (${code ?? String(err)})`;
  return new UsageError(`--out ${dir} ${why}`, 'choose a directory you can write to', err);
}
