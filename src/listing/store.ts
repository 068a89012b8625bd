import type { Snapshot } from './diff.js';
import type { ChangeEntry, Manifest, TrialEntry } from './manifest.js';
import { memorySpill, type Spill } from './trial-table.js';

/**
 * Everything a listing run needs from where the listing lives: its pages, journal, manifest and
 * lock. `io/listing-store.ts` keeps it on disk; tests keep it in memory.
 */
export interface ListingStore {
  /** Where a file of the listing is, for messages and outcomes. */
  where(file: string): string;
  /** The manifest with an interrupted run's journal folded in; undefined when there is no listing. */
  load(warn: (m: string) => void): Promise<Manifest | undefined>;
  /** One run at a time; resolves to the release. Temp files of dead runs are cleared under it. */
  lock(warn: (m: string) => void): Promise<() => Promise<void>>;
  /** Where the run's trial entries wait for the manifest (under the lock; gone at its release). */
  spill(): Spill;
  /** sha256 of a file in the listing, or null when it is missing. */
  hash(file: string): Promise<string | null>;
  read(file: string): Promise<string | null>;
  /** Atomic and fsynced; the rename is durable after sync(). Content may come in pieces. */
  write(file: string, content: string | Iterable<string>): Promise<void>;
  remove(file: string): Promise<void>;
  sync(): Promise<void>;
  journalPut(id: string, entry: TrialEntry, prevFileHash: string | null, change?: ChangeEntry): Promise<void>;
  journalRemove(id: string, prevFileHash: string | null): Promise<void>;
  /** Manifest last, atomically, with `trials` as its trials; then the journal it now contains is dropped. */
  commit(manifest: Manifest, trials: Iterable<[string, TrialEntry]>): Promise<void>;
  /** A trial's snapshot by its hash and where it is (undefined when missing or unreadable: no diff then). */
  readSnapshot(hash: string, at?: string): Promise<Snapshot | undefined>;
  /**
   * Written before the journal names it, in a synchronous call (a LocalFailure when it cannot be). Given as the JSON
   * text its hash was made from, so it is not written out twice. Returns where it is, for the trial's entry.
   */
  writeSnapshot(hash: string, json: string): string | undefined;
  /** Of the packs holding `live` bytes still named (by pack), those worth emptying: most of each is named no more. */
  packsToEmpty(live: ReadonlyMap<string, number>): Promise<ReadonlySet<string>>;
  /** The snapshot at `at`, copied to this run's pack: where it is now (undefined when it cannot be read). */
  moveSnapshot(hash: string, at: string): Promise<string | undefined>;
  /** After a commit: packs and snapshot files the manifest no longer names (`keep`: pack names, hashes) go. */
  pruneSnapshots(keep: ReadonlySet<string>): Promise<void>;
}

/** `fn` under the listing's lock, released whatever happens. */
export async function withLock<T>(store: ListingStore, warn: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  const release = await store.lock(warn);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/**
 * A store that reads from `inner` and writes nothing: refresh --dry-run. Reads see what this run
 * would have written, so the run goes as far as a real one would.
 */
export function dryRunStore(inner: ListingStore): ListingStore {
  const written = new Map<string, string | null>();
  return {
    where: inner.where,
    load: inner.load,
    lock: async () => async () => {},
    spill: memorySpill,
    hash: async (file) => (written.has(file) ? null : inner.hash(file)),
    read: async (file) => (written.has(file) ? (written.get(file) ?? null) : inner.read(file)),
    async write(file, content) {
      written.set(file, typeof content === 'string' ? content : [...content].join(''));
    },
    async remove(file) {
      written.set(file, null);
    },
    async sync() {},
    async journalPut() {},
    async journalRemove() {},
    async commit() {},
    readSnapshot: inner.readSnapshot,
    writeSnapshot: () => undefined,
    packsToEmpty: async () => new Set(),
    moveSnapshot: async () => undefined,
    async pruneSnapshots() {},
  };
}
