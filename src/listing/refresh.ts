import { rawIds } from '../ctgov/schema.js';
import { ExitCode, TrialcardError } from '../errors.js';
import { fetchByIds, fetchBySearch } from '../pipeline/sources.js';
import { type Manifest, withAdvanced, windowStart } from './manifest.js';
import {
  currentMembers,
  drain,
  handlers,
  type ListingDeps,
  type ListingResult,
  listed,
  registryVersion,
  result,
  startRun,
  untilStopped,
  watermarkOf,
} from './run.js';

export interface RefreshOptions {
  allowEmpty: boolean;
  prune: boolean;
  /** Ask for every trial, not only those updated since the watermark. */
  full: boolean;
  /** A checked YYYY-MM-DD overriding the watermark's window. */
  since?: string;
}

/**
 * Re-runs the saved query, asking the registry only for what changed: the members (IDs and
 * update dates), then the trials updated since the watermark, then by ID whatever is still new,
 * updated outside the window or left.
 */
export async function refreshListing(deps: ListingDeps, manifest: Manifest, o: RefreshOptions): Promise<ListingResult> {
  const templateChanged = deps.templates.version !== manifest.templateVersion;
  const run = startRun(deps, manifest, templateChanged, true);
  const v = await registryVersion(deps, o.allowEmpty, 'going on because of --allow-empty');
  const members = await currentMembers(deps, manifest);
  const before = listed(manifest);
  if (members.size === 0 && before.length > 0 && !o.allowEmpty) {
    throw new TrialcardError(
      `the registry answered with no trials where ${deps.store.where('')} lists ${before.length}; nothing was changed`,
      {
        exitCode: ExitCode.upstream,
        hint: 'this is usually a registry fault; pass --allow-empty if the listing really is empty now',
      },
    );
  }
  const h = handlers(run, (id) => members.has(id));
  const full = o.full || templateChanged;
  const since = full ? undefined : (o.since ?? (manifest.watermark ? windowStart(manifest.watermark) : undefined));
  const stopped = await untilStopped(run, async () => {
    try {
      if (full) await fetchBySearch(deps.client, manifest.params, manifest.query.limit, h, deps.batch);
      else if (since) {
        const window = withAdvanced(manifest.params, `AREA[LastUpdatePostDate]RANGE[${since},MAX]`);
        const onStudy: typeof h.onStudy = (hit) =>
          members.has(rawIds(hit.raw).nctId ?? '') ? h.onStudy(hit) : Promise.resolve();
        await fetchBySearch(deps.client, window, undefined, { ...h, onStudy }, deps.batch);
      }
      // New, updated, edited by hand, or back in the search after leaving it (its page says it left).
      const stale = (id: string, date: string | undefined) => {
        const t = run.writer.trials.get(id);
        return !t || t.lastUpdate !== date || t.fileHash === '' || !t.inListing;
      };
      // Entered, updated outside the window, or left (its page gets the latest status): by ID.
      const byId = [
        ...[...members].filter(([id, date]) => !run.seen.has(id) && stale(id, date)).map(([id]) => id),
        ...before.filter((id) => !members.has(id) && !run.seen.has(id)),
      ];
      if (byId.length) await fetchByIds(deps.client, byId, h, deps.batch);
    } finally {
      // Every page in flight lands (or fails) before the run goes on or stops.
      await drain(run);
    }
  });
  // The journal holds what was written; the next run folds it in.
  if (stopped) return result(run, false, stopped);
  // Without --prune only newly departed trials are flagged; with it, every departed page goes.
  for (const id of o.prune ? [...run.writer.trials.ids()] : before)
    if (!members.has(id)) await run.writer.leave(id, o.prune, run.gone.has(id));
  const wrote = await run.writer.finish({
    ...(v ? { apiVersion: v.apiVersion, dataTimestamp: v.dataTimestamp } : {}),
    templateVersion: deps.templates.version,
    ...watermarkOf(run.writer.trials),
  });
  return result(run, wrote);
}
