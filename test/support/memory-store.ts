import type { Manifest, TrialEntry } from '../../src/listing/manifest.js';
import type { Snapshot } from '../../src/listing/diff.js';
import type { ListingStore } from '../../src/listing/store.js';
import { sha256 } from '../../src/model/hash.js';
import { memorySpill } from '../../src/listing/trial-table.js';

/** A listing kept in memory: the listing core's contract without a disk. Counts its writes. */
export function memoryStore(initial?: Manifest) {
  const files = new Map<string, string>();
  const journal: unknown[] = [];
  let manifest = initial ? structuredClone(initial) : undefined;
  let locked = false;
  const writes: string[] = [];
  const snapshots = new Map<string, Snapshot>();
  const snapshotWrites: string[] = [];
  const store: ListingStore = {
    where: (file) => `mem:${file}`,
    load: async () => (manifest ? structuredClone(manifest) : undefined),
    async lock() {
      if (locked) throw new Error('already locked');
      locked = true;
      return async () => {
        locked = false;
      };
    },
    spill: memorySpill,
    hash: async (file) => (files.has(file) ? sha256(files.get(file) as string) : null),
    read: async (file) => files.get(file) ?? null,
    async write(file, content) {
      files.set(file, typeof content === 'string' ? content : [...content].join(''));
      writes.push(file);
    },
    async remove(file) {
      files.delete(file);
      writes.push(`-${file}`);
    },
    async sync() {},
    async journalPut(id: string, entry: TrialEntry, prev: string | null, change?: unknown) {
      journal.push({ op: 'put', id, entry, prev, change });
    },
    async journalRemove(id: string, prev: string | null) {
      journal.push({ op: 'remove', id, prev });
    },
    readSnapshot: async (hash) => snapshots.get(hash),
    writeSnapshot(hash, json) {
      snapshotWrites.push(hash);
      snapshots.set(hash, JSON.parse(json));
      return undefined;
    },
    packsToEmpty: async () => new Set(),
    moveSnapshot: async () => undefined,
    async pruneSnapshots(keep) {
      for (const h of [...snapshots.keys()]) if (!keep.has(h)) snapshots.delete(h);
    },
    async commit(m, trials) {
      manifest = structuredClone({ ...m, trials: Object.fromEntries(trials) });
      writes.push('trialcard.json');
      journal.length = 0;
    },
  };
  return { store, files, writes, journal, snapshots, snapshotWrites, manifest: () => manifest, isLocked: () => locked };
}
