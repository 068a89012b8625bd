import { UsageError } from '../errors.js';
import { readTextInput } from '../io/records.js';
import { idsFromText, parseNctIds } from '../model/nct.js';
import { fetchByIds } from '../pipeline/sources.js';
import { batchOptions, clientOptions, deliver, newDelivery, prepareOutput, withClient } from './common.js';
import type { Ctx } from './context.js';
import type { FetchOptions } from './options.js';

/** `trialcard fetch ID... [--ids-file FILE]`: validate every ID → fetch → normalize → render → write. */
export async function fetchCommand(args: string[], opts: FetchOptions, ctx: Ctx): Promise<number> {
  const inputs = [...args];
  let source = 'argument';
  if (opts.idsFile !== undefined) {
    const text = await readTextInput(opts.idsFile, ctx.io.stdin, '--ids-file');
    const fromFile = idsFromText(text);
    if (fromFile.length === 0 && inputs.length === 0)
      throw new UsageError(
        `--ids-file ${opts.idsFile} lists no NCT IDs`,
        'put one NCT ID per line; # starts a comment',
      );
    inputs.push(...fromFile);
    source =
      inputs.length === fromFile.length ? `--ids-file ${opts.idsFile}` : `arguments and --ids-file ${opts.idsFile}`;
  }
  if (inputs.length === 0)
    throw new UsageError('no NCT IDs given', 'e.g. trialcard fetch NCT07438847, or --ids-file FILE');
  const ids = parseNctIds(inputs, source, (id) => ctx.reporter.warn(`${id} is listed more than once; fetched once`));
  const copts = clientOptions(opts, ctx);
  const batch = batchOptions(opts);
  const out = await prepareOutput(opts, ctx, ids.length > 1);
  const delivery = newDelivery(out, ctx, ids.length, { requested: ids });
  return withClient(copts, (client) =>
    deliver(delivery, ctx, ids.length > 1, () => fetchByIds(client, ids, delivery.handlers, batch)),
  );
}
