import { readFileSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ExitCode, TrialcardError, UsageError, writeFailure } from '../errors.js';
import { JOURNAL, LOCK, MANIFEST, type Manifest, sha256, type TrialEntry } from '../listing/manifest.js';
import { writeFileAtomic } from './files.js';

// Disk side of a listing. Pages are written first, the manifest last; between the two, each
// page change is announced in an append-only journal with the file's old and new hash, so a
// run killed at any point can be folded back: the journal entry that matches the file wins.

type JournalLine =
  | { op: 'put'; id: string; entry: TrialEntry; prevFileHash: string | null }
  | { op: 'remove'; id: string; prevFileHash: string | null };

async function fileHash(path: string): Promise<string | null> {
  try {
    return sha256(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

/** The manifest with any journal of an interrupted run folded in; undefined if DIR is no listing. */
export async function loadListing(dir: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${join(dir, MANIFEST)} (${(err as NodeJS.ErrnoException).code})`, 'check the listing directory');
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
    if (manifest.version !== 1 || typeof manifest.trials !== 'object') throw new Error('unknown shape');
  } catch {
    throw new UsageError(`${join(dir, MANIFEST)} is not a trialcard listing manifest`, 'recreate the listing with trialcard search … --out DIR');
  }
  const journal = await readFile(join(dir, JOURNAL), 'utf8').catch(() => '');
  for (const raw of journal.split('\n')) {
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      continue; // a line cut short by a kill: its page write had not started
    }
    const path = join(dir, line.op === 'put' ? line.entry.file : (manifest.trials[line.id]?.file ?? `${line.id}.md`));
    const actual = await fileHash(path);
    if (line.op === 'put' && actual === line.entry.fileHash) manifest.trials[line.id] = line.entry;
    else if (line.op === 'remove' && actual === null) delete manifest.trials[line.id];
    else if (line.op === 'put' && actual !== line.prevFileHash) {
      // Neither old nor new: the file changed outside trialcard. Forget its hash so it is rewritten.
      const entry = manifest.trials[line.id];
      if (entry) entry.fileHash = '';
    }
  }
  return manifest;
}

export class Journal {
  constructor(private readonly dir: string) {}
  async put(id: string, entry: TrialEntry, prevFileHash: string | null): Promise<void> {
    await this.append({ op: 'put', id, entry, prevFileHash });
  }
  async remove(id: string, prevFileHash: string | null): Promise<void> {
    await this.append({ op: 'remove', id, prevFileHash });
  }
  private async append(line: JournalLine): Promise<void> {
    const path = join(this.dir, JOURNAL);
    try {
      await appendFile(path, `${JSON.stringify(line)}\n`);
    } catch (err) {
      throw writeFailure(path, err);
    }
  }
  /** Manifest last, atomically; then the journal it now contains is dropped. */
  async commit(manifest: Manifest): Promise<void> {
    await writeFileAtomic(join(this.dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(join(this.dir, JOURNAL), { force: true });
  }
}

export { fileHash };

/** One run per listing: a lock file naming the process; a dead owner's lock is taken over. */
export async function acquireLock(dir: string, warn: (m: string) => void): Promise<() => Promise<void>> {
  const path = join(dir, LOCK);
  const body = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, body, { flag: 'wx' });
      return async () => {
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot lock ${dir} (${(err as NodeJS.ErrnoException).code})`, 'check that the directory is writable');
      const owner = readOwner(path);
      if (owner && owner.host === hostname() && alive(owner.pid)) {
        throw new TrialcardError(`${dir} is being updated by another trialcard run (pid ${owner.pid}, started ${owner.started})`, {
          exitCode: ExitCode.locked,
          hint: `wait for it to finish; if that process is gone, remove ${path}`,
        });
      }
      warn(`taking over a stale lock on ${dir}${owner ? ` (pid ${owner.pid} is gone)` : ''}`);
      await rm(path, { force: true });
    }
  }
  throw new TrialcardError(`cannot lock ${dir}`, { exitCode: ExitCode.locked, hint: `remove ${path} if no trialcard run is using it` });
}

function readOwner(path: string): { pid: number; host: string; started: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { pid: number; host: string; started: string };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
