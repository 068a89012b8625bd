import { rawIds } from '../ctgov/schema.js';
import { UsageError } from '../errors.js';
import { openRecords, recordsFromChunks, type SavedRecord } from '../io/records.js';
import { deliver, newDelivery, prepareOutput } from './common.js';
import type { Ctx, Io } from './context.js';
import type { RenderOptions } from './options.js';

/**
 * `trialcard render FILE...`: saved v2 records (study, search page or NDJSON; `-` = stdin),
 * offline. Inputs stream: one record is in memory at a time, whatever their size.
 */
export async function renderCommand(files: string[], opts: RenderOptions, ctx: Ctx): Promise<number> {
  if (files.length === 0)
    throw new UsageError('no files given', 'e.g. trialcard render fixtures/studies/NCT07438847.json, or - for stdin');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('- (stdin) is given twice', 'give it once');
  // Every file is opened before anything is written: a missing one fails the run at once.
  const sources = await Promise.all(
    files.map(async (file) => ({ name: file === '-' ? 'stdin' : file, chunks: await chunksOf(file, ctx.io) })),
  );
  const unread = new Set(sources.map((s) => s.name));
  const records = (async function* () {
    for (const s of sources) {
      yield* recordsFromChunks(s.chunks, s.name);
      unread.delete(s.name);
    }
  })();
  // One record of look-ahead tells one page (a JSON object on stdout) from many (an array).
  const first = await records.next();
  // Bad JSON as the second record is bad JSON partway, as anywhere later: the first page still stands.
  let badAhead: UsageError | undefined;
  let second: IteratorResult<SavedRecord> = first;
  if (!first.done)
    try {
      second = await records.next();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      badAhead = err;
      second = { done: true, value: undefined };
    }
  const many = files.length > 1 || !second.done || badAhead !== undefined;
  if (first.done) ctx.reporter.warn(`no studies in ${sources.map((s) => s.name).join(', ')}`);
  const out = await prepareOutput(opts, ctx, many);
  const delivery = newDelivery(out, ctx, undefined);
  const hit = (r: SavedRecord) => ({ requestedId: rawIds(r.raw).nctId ?? r.at, raw: r.raw });
  return deliver(delivery, ctx, many, async () => {
    try {
      for (const r of [first, second]) if (!r.done) await delivery.handlers.onStudy(hit(r.value));
      if (badAhead) return badAhead;
      if (second.done) return;
      for (;;) {
        if (ctx.io.signal?.aborted) return;
        let r: IteratorResult<SavedRecord>;
        try {
          r = await records.next();
        } catch (err) {
          // Bad JSON partway: the pages before it stand; the run stops there and says so.
          if (err instanceof UsageError) return err;
          throw err;
        }
        if (r.done) return;
        await delivery.handlers.onStudy(hit(r.value));
      }
    } finally {
      // A run that stopped early names the inputs it did not finish reading.
      for (const name of unread) delivery.log.expect(`the rest of ${name}`);
    }
  });
}

async function chunksOf(file: string, io: Io): Promise<AsyncIterable<string | Buffer> | string[]> {
  if (file !== '-') return openRecords(file);
  if (io.stdinChunks) return io.stdinChunks();
  const text = await io.stdin();
  return [text];
}
