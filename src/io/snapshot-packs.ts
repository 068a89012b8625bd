import { mkdirSync, openSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFailure } from '../errors.js';
import type { Snapshot } from '../listing/diff.js';
import { PACK_NAME, snapshotPlace, snapshotSchema } from '../listing/schema.js';
import { lazyCrypto, sha256 } from '../model/hash.js';
import { type AppendFile, appendFile } from './append-file.js';

// A listing's snapshots (what its change log compares a trial's next version with). Each run appends the
// snapshots it makes to a pack of its own, one line each, and a trial's entry names where its snapshot is
// ("<pack>:<offset>:<length>"). A file per snapshot cost a listing of 10,000 trials 10,000 file creations and
// renames, each waiting on the disk's journal behind the pages' fsyncs. Snapshots are not fsynced: one lost in a
// power cut only costs that trial's next change-log lines, as a snapshot that is missing, cut short or not what its
// hash says reads as none. Listings made by earlier builds kept one file per snapshot (<hash>.json): still read.

export interface SnapshotPacks {
  /** Appends a snapshot to this run's pack; returns where it is. */
  append(json: string): string;
  /** The snapshot at `at` (or, without it, in its own file by `hash`); undefined when missing or not what it was. */
  read(hash: string, at?: string): Promise<Snapshot | undefined>;
  /** Its text, checked against its hash (undefined when lost; an I/O error is thrown): for moving it. */
  readText(hash: string, at: string): Promise<string | undefined>;
  /** Makes this run's pack durable: once it holds snapshots copied from packs that are then removed. */
  sync(): void;
  /** Each pack's size in bytes, this run's included. */
  sizes(): Promise<Map<string, number>>;
  /** Removes the packs and snapshot files `keep` does not name (pack names, and hashes of files). */
  prune(keep: ReadonlySet<string>): Promise<void>;
  /** Whether this run made the folder or a pack in it: their names become durable with the folder's fsync. */
  readonly made: boolean;
  /** This run's pack, once it has one. */
  readonly name: string | undefined;
  close(): void;
}

export function snapshotPacks(dir: string): SnapshotPacks {
  let pack: AppendFile | undefined;
  let name: string | undefined;
  let made = false;
  let scratch = Buffer.alloc(0);
  const opened = () => {
    if (pack) return pack;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw writeFailure(dir, err);
    }
    // Named by the time and a random part: never one an earlier or a concurrent run could have.
    name = `${Date.now().toString(36)}-${lazyCrypto().randomBytes(6).toString('hex')}.pack`;
    made = true;
    pack = appendFile(join(dir, name), (path) => ({ fd: openSync(path, 'ax'), end: 0 }));
    return pack;
  };
  /** Undefined when the snapshot is lost (no pack, cut short, not what its hash says); an I/O error is thrown. */
  const readText = async (hash: string, at: string) => {
    const place = snapshotPlace(at);
    if (!place) return undefined;
    const { pack: file, offset, length } = place;
    let fh: FileHandle;
    try {
      fh = await open(join(dir, file), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      // The length comes from the manifest: checked against the pack before anything is allocated for it.
      if (offset + length > (await fh.stat()).size) return undefined;
      const bytes = Buffer.allocUnsafe(length);
      const { bytesRead } = await fh.read(bytes, 0, bytes.length, offset);
      return bytesRead === bytes.length && sha256(bytes) === hash ? bytes.toString('utf8') : undefined;
    } finally {
      await fh.close();
    }
  };
  return {
    get made() {
      return made;
    },
    get name() {
      return name;
    },
    append(json) {
      const file = opened();
      // Into one buffer kept for the run: a new one per snapshot would wait outside the heap for a collection.
      const length = Buffer.byteLength(json);
      if (scratch.length <= length) scratch = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(length + 1)));
      scratch.write(json, 0, 'utf8');
      scratch[length] = 0x0a;
      return `${name}:${file.append(scratch.subarray(0, length + 1))}:${length}`;
    },
    readText,
    async read(hash, at) {
      const text = at
        ? await readText(hash, at).catch(() => undefined)
        : await readFile(join(dir, `${hash}.json`), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      try {
        const r = snapshotSchema.safeParse(JSON.parse(text));
        if (!r.success) return undefined;
        const { sites } = r.data;
        return { ...r.data, sites: Array.isArray(sites) ? sites : Object.entries(sites) };
      } catch {
        return undefined;
      }
    },
    async sizes() {
      const out = new Map<string, number>();
      for (const file of await readdir(dir).catch(() => [] as string[]))
        if (PACK_NAME.test(file)) out.set(file, (await stat(join(dir, file)).catch(() => undefined))?.size ?? 0);
      return out;
    },
    async prune(keep) {
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        const legacy = /^([0-9a-f]{64})\.json$/.exec(file)?.[1];
        if ((PACK_NAME.test(file) && !keep.has(file)) || (legacy && !keep.has(legacy)))
          await rm(join(dir, file), { force: true }).catch(() => {});
      }
    },
    sync() {
      pack?.sync();
    },
    close() {
      pack?.close();
      pack = undefined;
    },
  };
}
