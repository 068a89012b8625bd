import { type SearchFlags, searchParams } from '../ctgov/query.js';
import { UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import { nearestOpenDistance, type Place } from '../page/sites.js';
import { fetchBySearch } from '../pipeline/sources.js';
import { batchOptions, clientOptions, deliver, newDelivery, prepareOutput, withClient } from './common.js';
import type { Ctx } from './context.js';
import type { SearchOptions } from './options.js';

/** --within N: only trials with an open site at most N units from --near. */
function withinFilter(max: number | undefined, near: Place | undefined): ((t: Trial) => boolean) | undefined {
  if (max === undefined) return undefined;
  if (!near) throw new UsageError('--within needs --near', 'e.g. --near 02115 --within 50');
  return (t) => {
    const d = nearestOpenDistance(t, near);
    return d !== undefined && d <= max;
  };
}

/** `trialcard search --cond … --status …`: every matching trial to stdout, or a listing in --out DIR. */
export async function searchCommand(opts: SearchOptions, ctx: Ctx): Promise<number> {
  const { cond, term, location, intervention, sponsor, status, phase, updatedSince } = opts;
  const given = { cond, term, location, intervention, sponsor, status, phase, updatedSince };
  const flags = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as SearchFlags;
  const params = searchParams(flags);
  const limit = opts.limit;
  if (opts.out !== undefined) {
    const { searchToListing } = await import('./listing.js');
    return searchToListing(opts.out, flags, params, opts, ctx);
  }
  // Listing options mean nothing for pages to stdout: refused, as --within without --near is, not ignored.
  const listingOnly = (
    [
      ['--prune', opts.prune],
      ['--allow-empty', opts.allowEmpty],
      ['--changes-days', opts.changesDays],
      ['--changes-max', opts.changesMax],
      ['--title', opts.title],
    ] as const
  ).find(([, v]) => v !== undefined && v !== false);
  if (listingOnly)
    throw new UsageError(`${listingOnly[0]} needs --out`, `it keeps a listing folder up to date, e.g. --out site/`);
  const copts = clientOptions(opts, ctx);
  const batch = batchOptions(opts);
  const out = await prepareOutput(opts, ctx, true);
  const keep = withinFilter(opts.within, out.near);
  const delivery = newDelivery(out, ctx, limit, keep ? { keep } : {});
  return withClient(copts, (client) =>
    deliver(delivery, ctx, true, async () => {
      await fetchBySearch(client, params, limit, delivery.handlers, batch);
    }),
  );
}
