import type { TrialEntry } from './manifest.js';

// A listing's trials during a run. At 100,000 trials their entries (title, three sha256 hex
// strings, places, status) held as objects cost more than 100 MB of heap, so entries this run
// writes go to a scratch file as JSON and only their place in it stays in memory. Order is the
// manifest's: first set, first listed, as with the plain object it replaces.

/** Where entries wait for the end of the run. `put` returns a reference that `get` takes back. */
export interface Spill {
  put(json: string): number | undefined;
  get(ref: number): string;
}

/** In memory: the same contract, for tests and stores without a disk. */
export function memorySpill(): Spill {
  const texts: string[] = [];
  return {
    put: (json) => texts.push(json) - 1,
    get: (ref) => texts[ref] as string,
  };
}

export class TrialTable {
  /** An entry, or a spill reference to one. */
  private readonly rows = new Map<string, TrialEntry | number>();

  constructor(
    initial: Record<string, TrialEntry> = {},
    private readonly spill?: Spill,
  ) {
    for (const [id, entry] of Object.entries(initial)) this.rows.set(id, entry);
  }

  get size(): number {
    return this.rows.size;
  }

  /** A copy when it comes from the spill: change an entry with set(). */
  get(id: string): TrialEntry | undefined {
    const row = this.rows.get(id);
    return typeof row === 'number' ? (JSON.parse((this.spill as Spill).get(row)) as TrialEntry) : row;
  }

  set(id: string, entry: TrialEntry): void {
    // A spill that cannot take it (too long for a reference) leaves the entry in memory.
    const ref = this.spill?.put(JSON.stringify(entry));
    this.rows.set(id, ref ?? entry);
  }

  delete(id: string): void {
    this.rows.delete(id);
  }

  ids(): IterableIterator<string> {
    return this.rows.keys();
  }

  *entries(): Generator<[string, TrialEntry]> {
    for (const id of this.rows.keys()) yield [id, this.get(id) as TrialEntry];
  }
}
