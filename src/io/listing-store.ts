import { createHash } from '../model/hash.js';
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ExitCode, TrialcardError, UsageError, writeFailure } from '../errors.js';
import { JOURNAL, LOCK, MANIFEST, type Manifest, manifestText, SNAPSHOTS } from '../listing/manifest.js';
import { type JournalLine, parseJournal, parseManifest } from '../listing/schema.js';
import { mergeChanges } from '../listing/change-log.js';
import type { ListingStore } from '../listing/store.js';
import { appendFile } from './append-file.js';
import { type FileSpill, fileSpill } from './entry-spill.js';
import { snapshotPacks } from './snapshot-packs.js';
import { type Owner, removeStaleTemps, syncDir, tempPathFor, writeFileAtomic } from './files.js';

// Disk side of a listing. Pages are written first, the manifest last; between the two, each
// page change is announced in an append-only journal with the file's old and new hash, so a
// run killed at any point can be folded back: the journal entry that matches the file wins.

/** sha256 of a file's bytes, read in chunks (a 100,000-trial index is tens of MB); null when it cannot be read. */
async function fileHash(path: string): Promise<string | null> {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 16);
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return h.digest('hex');
      h.update(buf.subarray(0, bytesRead));
    }
  } catch {
    return null;
  } finally {
    await fh?.close().catch(() => {});
  }
}

/**
 * The manifest with any journal of an interrupted run folded in; undefined if DIR is no listing.
 * A corrupt journal is set aside (renamed) with a warning, and every page whose file no longer
 * matches the manifest is marked to be rewritten, so the listing heals from manifest and files.
 */
export async function loadListing(dir: string, warn: (m: string) => void = () => {}): Promise<Manifest | undefined> {
  const path = join(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code})`, 'check the listing directory');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(
      `${path} is not a trialcard listing manifest (not JSON)`,
      'restore it from a backup, or recreate the listing with trialcard search … --out DIR',
    );
  }
  const parsed = parseManifest(value);
  if (!parsed.ok)
    throw new UsageError(
      `${path} is not a valid trialcard listing manifest: ${parsed.problem}`,
      'restore it from a backup, or recreate the listing with trialcard search … --out DIR',
    );
  const manifest = parsed.manifest;
  const journalPath = join(dir, JOURNAL);
  const journalText = await readFile(journalPath, 'utf8').catch(() => '');
  const journal = parseJournal(journalText);
  if (!journal.ok) {
    const aside = `${journalPath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(journalPath, aside).catch(() => {});
    warn(
      `${journalPath} is corrupt (${journal.problem}); set aside as ${basename(aside)}, pages are checked ` +
        `against the manifest instead`,
    );
    for (const entry of Object.values(manifest.trials)) {
      if ((await fileHash(join(dir, entry.file))) !== entry.fileHash) entry.fileHash = '';
    }
    return manifest;
  }
  for (const line of journal.lines) {
    const file =
      line.op === 'put' ? line.entry.file : (manifest.trials[line.id]?.file ?? `${line.id}.${manifest.output.format}`);
    const actual = await fileHash(join(dir, file));
    if (line.op === 'put' && actual === line.entry.fileHash) {
      manifest.trials[line.id] = line.entry;
      // The killed run's change log entry: its diff is gone once the new snapshot is in.
      if (line.change)
        manifest.changes = mergeChanges(
          manifest.changes ?? [],
          [line.change],
          new Date(line.change.updated),
          manifest.changeLog,
        );
    } else if (line.op === 'remove' && actual === null) delete manifest.trials[line.id];
    else if (line.op === 'put' && actual !== line.prevFileHash) {
      // Neither old nor new: the file changed outside trialcard. Forget its hash so it is rewritten.
      const entry = manifest.trials[line.id];
      if (entry) entry.fileHash = '';
    }
  }
  return manifest;
}

/**
 * The journal, open to append: a last line a killed run left unfinished is cut off first (this run's first line
 * would else run into it). Its end is where the next line goes.
 */
function openJournal(path: string): { fd: number; end: number } {
  const fd = openSync(path, 'a+');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(64 * 1024);
    let end = 0;
    for (let pos = size; pos > 0; ) {
      const from = Math.max(0, pos - buf.length);
      const nl = buf.subarray(0, readSync(fd, buf, 0, pos - from, from)).lastIndexOf(0x0a);
      if (nl !== -1) {
        end = from + nl + 1;
        break;
      }
      pos = from;
    }
    if (end < size) ftruncateSync(fd, end);
    return { fd, end };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Packs of snapshots kept besides the run's own, at most (the largest, mostly named). */
const MAX_PACKS = 8;

export function diskListingStore(dir: string, owner: Owner): ListingStore {
  // A page's path goes into its trial's outcome (100,000 of them when a run's outcomes are listed): one shared
  // prefix and the name, not a string path.join builds piece by piece (about 150 bytes of heap per trial).
  const prefix = join(dir, 'x').slice(0, -1); // as join puts it: '' for '.', 'out/' for 'out' and './out/'
  const at = (file: string) => (/^[\w-][\w.-]*$/.test(file) ? prefix + file : join(dir, file));
  // The journal's lines follow one another whole and in order, those of trials in flight together too.
  // Made again for each run (under its lock): a store may serve several runs, and a failure is one run's.
  let journal = appendFile(at(JOURNAL), openJournal);
  const append = async (line: JournalLine) => {
    journal.append(Buffer.from(`${JSON.stringify(line)}\n`, 'utf8'));
  };
  const snapshots = join(dir, SNAPSHOTS);
  let packs = snapshotPacks(snapshots);
  let moved = false;
  let spill: FileSpill | undefined;
  const closeSpill = () => {
    spill?.close();
    spill = undefined;
  };
  return {
    where: at,
    load: (warn) => loadListing(dir, warn),
    async lock(warn) {
      const release = await acquireLock(dir, owner, warn);
      journal = appendFile(at(JOURNAL), openJournal);
      packs = snapshotPacks(snapshots);
      moved = false;
      await removeStaleTemps(dir, owner).catch(() => 0);
      await removeStaleTemps(snapshots, owner).catch(() => 0); // earlier builds wrote a file per snapshot
      return async () => {
        closeSpill();
        journal.close();
        packs.close();
        await release();
      };
    },
    spill() {
      if (!spill) {
        const path = tempPathFor(at('trialcard-entries'), owner);
        try {
          spill = fileSpill(path);
        } catch (err) {
          throw writeFailure(path, err);
        }
      }
      const file = spill;
      // A full disk names the scratch file and stops the run, as a page write would.
      const named = <T>(fn: () => T): T => {
        try {
          return fn();
        } catch (err) {
          throw writeFailure(file.path, err);
        }
      };
      return { put: (json) => named(() => file.put(json)), get: (ref) => named(() => file.get(ref)) };
    },
    hash: (file) => fileHash(at(file)),
    read: (file) => readFile(at(file), 'utf8').catch(() => null),
    write: (file, content) => writeFileAtomic(at(file), content, owner),
    async remove(file) {
      try {
        await rm(at(file), { force: true });
      } catch (err) {
        throw writeFailure(at(file), err);
      }
    },
    async sync() {
      // This run's pack (and its folders) by name. Its contents are not fsynced (see io/snapshot-packs.ts), unless
      // it holds snapshots moved out of packs about to be removed: those were durable, and stay so.
      if (moved) packs.sync();
      if (packs.made) for (const d of [snapshots, dirname(snapshots)]) await syncDir(d);
      await syncDir(dir);
    },
    journalPut: (id, entry, prevFileHash, change) =>
      append({ op: 'put', id, entry, prevFileHash, ...(change ? { change } : {}) }),
    journalRemove: (id, prevFileHash) => append({ op: 'remove', id, prevFileHash }),
    async commit(manifest, trials) {
      await writeFileAtomic(at(MANIFEST), manifestText(manifest, trials), owner);
      journal.close();
      await rm(at(JOURNAL), { force: true });
    },
    readSnapshot: (hash, where) => packs.read(hash, where),
    // Not fsynced, and in a synchronous call: see io/snapshot-packs.ts.
    writeSnapshot: (_hash, json) => packs.append(json),
    async packsToEmpty(live) {
      const others = [...(await packs.sizes())].filter(([pack]) => pack !== packs.name).sort((a, b) => b[1] - a[1]);
      // Not this run's own (it is growing). One less than half named is copied out and removed, and so is any
      // beyond the largest few: packs whose snapshots all stay named would else pile up, one per run.
      return new Set(
        others
          .filter(([pack, size], rank) => rank >= MAX_PACKS || (live.get(pack) ?? 0) * 2 < size)
          .map(([pack]) => pack),
      );
    },
    async moveSnapshot(hash, where) {
      const text = await packs.readText(hash, where);
      if (text === undefined) return undefined;
      moved = true;
      return packs.append(text);
    },
    async pruneSnapshots(keep) {
      await packs.prune(keep);
      await syncDir(snapshots).catch(() => {});
    },
  };
}

/** One run per listing: a lock file naming the process; a dead owner's lock is taken over. */
export async function acquireLock(dir: string, me: Owner, warn: (m: string) => void): Promise<() => Promise<void>> {
  const path = join(dir, LOCK);
  const body = JSON.stringify({ pid: me.pid, host: me.host, started: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, body, { flag: 'wx' });
      return async () => {
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new UsageError(
          `cannot lock ${dir} (${(err as NodeJS.ErrnoException).code})`,
          'check that the directory is writable',
        );
      const owner = readOwner(path);
      const busy = (who: string) =>
        new TrialcardError(`${dir} is being updated by another trialcard run (${who})`, {
          exitCode: ExitCode.locked,
          hint: `wait for it to finish; if that run is gone, remove ${path}`,
        });
      if (owner && owner.host === me.host && me.alive(owner.pid))
        throw busy(`pid ${owner.pid}, started ${owner.started}`);
      // Another machine's process cannot be checked from here: its lock stands until removed by hand.
      if (owner && owner.host !== me.host)
        throw busy(`on host ${owner.host}, pid ${owner.pid}, started ${owner.started}`);
      // A lock still being written reads as empty for a moment.
      if (!owner && lockAgeMs(path) < 10_000) throw busy('its lock file is being written');
      warn(`taking over a stale lock on ${dir}${owner ? ` (pid ${owner.pid} is gone)` : ' (unreadable lock file)'}`);
      try {
        await rm(path, { force: true });
      } catch (e) {
        // A directory, or a file this user may not remove, in the lock's place.
        const code = String((e as NodeJS.ErrnoException).code);
        throw new TrialcardError(`cannot take over the lock ${path} (${/EISDIR/.test(code) ? 'a directory' : code})`, {
          exitCode: ExitCode.locked,
          hint: `remove ${path} by hand if no trialcard run is using it`,
        });
      }
    }
  }
  throw new TrialcardError(`cannot lock ${dir}`, {
    exitCode: ExitCode.locked,
    hint: `remove ${path} if no trialcard run is using it`,
  });
}

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** The lock's owner, or undefined for a lock that is not one trialcard wrote (unreadable, or of another shape). */
function readOwner(path: string): { pid: number; host: string; started: string } | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown; started?: unknown } | null;
    if (!o || !Number.isInteger(o.pid) || typeof o.host !== 'string' || typeof o.started !== 'string') return undefined;
    return o as { pid: number; host: string; started: string };
  } catch {
    return undefined;
  }
}

/** A listing's state as it is, read only (doctor): its manifest, an unfinished journal, its lock. */
export async function inspectListing(
  dir: string,
  me: Owner,
): Promise<
  | undefined
  | { problem: string }
  | {
      trials: number;
      journalLines: number;
      lock?: { pid: number; host: string; started: string; alive?: boolean };
      unreadableLock?: true;
    }
> {
  const text = await readFile(join(dir, MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `${MANIFEST} is not JSON` };
  }
  const parsed = parseManifest(value);
  if (!parsed.ok) return { problem: `${MANIFEST} is not valid: ${parsed.problem}` };
  const journal = await readFile(join(dir, JOURNAL), 'utf8').catch(() => '');
  const owner = readOwner(join(dir, LOCK));
  const lockThere = await stat(join(dir, LOCK)).then(
    () => true,
    () => false,
  );
  return {
    ...(lockThere && !owner ? { unreadableLock: true as const } : {}),
    trials: Object.keys(parsed.manifest.trials).length,
    journalLines: journal.split('\n').filter(Boolean).length,
    ...(owner ? { lock: { ...owner, ...(owner.host === me.host ? { alive: me.alive(owner.pid) } : {}) } } : {}),
  };
}

/** `refresh DIR` on something that is no folder: said plainly, before any lock is tried. */
export async function checkListingDir(dir: string): Promise<void> {
  const s = await stat(dir).catch((err: NodeJS.ErrnoException) => err);
  const hint = 'give a listing made by trialcard search … --out DIR';
  if (s instanceof Error)
    throw new UsageError(s.code === 'ENOENT' ? `${dir} does not exist` : `${dir} cannot be read (${s.code})`, hint);
  if (!s.isDirectory()) throw new UsageError(`${dir} is a file, not a listing folder`, hint);
}
