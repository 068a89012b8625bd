import { ExitCode, TrialcardError } from '../errors.js';
import { fetchBySearch } from '../pipeline/sources.js';
import type { Manifest } from './manifest.js';
import {
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

export interface CreateOptions {
  /** The new manifest; its trials are those of the listing already there, if any. */
  manifest: Manifest;
  /** The listing's manifest before this run (a re-run of `search --out` over it). */
  previous: Manifest | undefined;
  allowEmpty: boolean;
  prune: boolean;
}

/** `search … --out DIR`: every trial the search finds gets a page; then the index and manifest. */
export async function createListing(deps: ListingDeps, o: CreateOptions): Promise<ListingResult> {
  const { manifest, previous } = o;
  const run = startRun(deps, manifest, previous?.templateVersion !== manifest.templateVersion, previous !== undefined);
  const v = await registryVersion(deps, true, 'the manifest will have no data timestamp');
  const stopped = await untilStopped(run, async () => {
    try {
      await fetchBySearch(
        deps.client,
        manifest.params,
        manifest.query.limit,
        handlers(run, () => true),
        deps.batch,
      );
    } finally {
      // Every page in flight lands (or fails) before the run goes on or stops.
      await drain(run);
    }
  });
  if (stopped) return result(run, false, stopped);
  const before = previous ? listed(previous).length : 0;
  if (run.seen.size === 0 && before > 0 && !o.allowEmpty) {
    throw new TrialcardError(
      `the search found no trials where ${deps.store.where('')} lists ${before}; nothing was published`,
      { exitCode: ExitCode.upstream, hint: 'pass --allow-empty if the listing really is empty now' },
    );
  }
  for (const id of [...run.writer.trials.ids()]) if (!run.seen.has(id)) await run.writer.leave(id, o.prune);
  const wrote = await run.writer.finish({
    ...(v ? { apiVersion: v.apiVersion, dataTimestamp: v.dataTimestamp } : {}),
    ...watermarkOf(run.writer.trials),
  });
  return result(run, wrote);
}
