// Studies read off the socket ahead of the caller, up to a bound, so the next page can be asked
// for while the caller still works through this one: fetching overlaps rendering, and memory
// stays bounded however large the page.

/** Thrown to the reader once the caller has stopped: nothing more is wanted. */
class ReaderStopped extends Error {
  constructor() {
    super('the caller stopped reading');
  }
}

export class ReadAhead<T> {
  private readonly items: T[] = [];
  private chars = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private stopped = false;
  private wakeTaker: (() => void) | undefined;
  private wakePutter: (() => void) | undefined;

  /** `limit`: the most held, by `size` (one item more than that is let in, so any item fits). */
  constructor(
    private readonly limit: number,
    private readonly size: (item: T) => number,
  ) {}

  /** The reader's side: resolves once there is room again; rejects with ReaderStopped after stop(). */
  async put(item: T): Promise<void> {
    if (this.stopped) throw new ReaderStopped();
    this.items.push(item);
    this.chars += this.size(item);
    this.wake('taker');
    while (this.chars > this.limit && !this.stopped) await new Promise<void>((r) => (this.wakePutter = r));
    if (this.stopped) throw new ReaderStopped();
  }

  /** The reader is done: what it put is still taken, then take() gives undefined. */
  end(): void {
    this.ended = true;
    this.wake('taker');
  }

  /** The reader failed: what it put before is still taken, then take() throws `error`. */
  fail(error: unknown): void {
    this.failure ??= { error };
    this.wake('taker');
  }

  /** The caller's side: the next item, undefined at the end, or the reader's failure once all is taken. */
  async take(): Promise<T | undefined> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        this.chars -= this.size(item);
        if (this.chars <= this.limit) this.wake('putter');
        return item;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return undefined;
      await new Promise<void>((r) => (this.wakeTaker = r));
    }
  }

  /** The caller stopped (its own failure): the reader's next put rejects, and nothing held is kept. */
  stop(): void {
    this.stopped = true;
    this.items.length = 0;
    this.chars = 0;
    this.wake('putter');
  }

  private wake(who: 'taker' | 'putter'): void {
    const w = who === 'taker' ? this.wakeTaker : this.wakePutter;
    if (who === 'taker') this.wakeTaker = undefined;
    else this.wakePutter = undefined;
    w?.();
  }
}
