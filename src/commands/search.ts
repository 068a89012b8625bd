import { createClient } from '../ctgov/client.js';
import { type SearchFlags, searchParams } from '../ctgov/query.js';
import { UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import { intOption, numberOption } from '../options.js';
import { nearestOpenDistance, type Place } from '../page/sites.js';
import { fetchBySearch } from '../pipeline/sources.js';
import { batchOptions, clientOptions, deliver, newDelivery, prepareOutput } from './common.js';
import type { Ctx } from './context.js';

/** --within N: only trials with an open site at most N units from --near. */
function withinFilter(opts: Record<string, unknown>, near: Place | undefined): ((t: Trial) => boolean) | undefined {
  if (opts.within === undefined) return undefined;
  if (!near) throw new UsageError('--within needs --near', 'e.g. --near 02115 --within 50');
  const max = numberOption('--within', opts.within, 0, 25_000, 0);
  return (t) => {
    const d = nearestOpenDistance(t, near);
    return d !== undefined && d <= max;
  };
}

/** `trialcard search --cond … --status …`: every matching trial to stdout, or a listing in --out DIR. */
export async function searchCommand(opts: Record<string, unknown>, ctx: Ctx): Promise<number> {
  const flags: SearchFlags = {
    ...(typeof opts.cond === 'string' ? { cond: opts.cond } : {}),
    ...(typeof opts.term === 'string' ? { term: opts.term } : {}),
    ...(typeof opts.location === 'string' ? { location: opts.location } : {}),
    ...(typeof opts.intervention === 'string' ? { intervention: opts.intervention } : {}),
    ...(typeof opts.sponsor === 'string' ? { sponsor: opts.sponsor } : {}),
    ...(Array.isArray(opts.status) ? { status: opts.status as string[] } : {}),
    ...(Array.isArray(opts.phase) ? { phase: opts.phase as string[] } : {}),
    ...(typeof opts.updatedSince === 'string' ? { updatedSince: opts.updatedSince } : {}),
  };
  const params = searchParams(flags);
  const limit = opts.limit === undefined ? undefined : intOption('--limit', opts.limit, 1, 1_000_000, 0);
  if (typeof opts.out === 'string') {
    const { createListing } = await import('./listing.js');
    return createListing(opts.out, flags, params, limit, opts, ctx);
  }
  const copts = clientOptions(opts, ctx);
  const batch = batchOptions(opts);
  const out = await prepareOutput(opts, ctx, true);
  const keep = withinFilter(opts, out.near);
  const client = createClient(copts);
  const delivery = newDelivery(out, ctx, limit, keep ? { keep } : {});
  try {
    return await deliver(delivery, ctx, true, async () => {
      await fetchBySearch(client, params, limit, delivery.handlers, batch);
    });
  } finally {
    await client.close();
  }
}
