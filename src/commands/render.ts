import { rawIds } from '../ctgov/schema.js';
import { UsageError } from '../errors.js';
import { readTextInput, studiesFromText } from '../io/records.js';
import { deliver, newDelivery, prepareOutput } from './common.js';
import type { Ctx } from './context.js';
import type { RenderOptions } from './options.js';

/** `trialcard render FILE...`: saved v2 records (study, search page or NDJSON; `-` = stdin), offline. */
export async function renderCommand(files: string[], opts: RenderOptions, ctx: Ctx): Promise<number> {
  if (files.length === 0)
    throw new UsageError('no files given', 'e.g. trialcard render fixtures/studies/NCT07438847.json, or - for stdin');
  // Read and split every input first: a bad file fails the run before anything is written.
  const inputs: { source: string; studies: unknown[] }[] = [];
  for (const file of files) {
    const text = await readTextInput(file, ctx.io.stdin, 'file');
    inputs.push({ source: file, studies: studiesFromText(text, file === '-' ? 'stdin' : file) });
  }
  const total = inputs.reduce((n, i) => n + i.studies.length, 0);
  const out = await prepareOutput(opts, ctx, total > 1);
  const hits = inputs.flatMap((input) =>
    input.studies.map((raw, i) => ({ requestedId: rawIds(raw).nctId ?? `${input.source} #${i + 1}`, raw })),
  );
  const delivery = newDelivery(out, ctx, total, { requested: [...new Set(hits.map((h) => h.requestedId))] });
  return deliver(delivery, ctx, total > 1, async () => {
    for (const hit of hits) {
      if (ctx.io.signal?.aborted) return;
      await delivery.handlers.onStudy(hit);
    }
  });
}
