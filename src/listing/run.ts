import { CANCELLED, type Client } from '../ctgov/client.js';
import { ExitCode, FetchFailure, LocalFailure, TrialcardError } from '../errors.js';
import { failureKind, type Outcome, OutcomeLog } from '../outcome.js';
import type { Overlay } from '../overlays/overlay.js';
import { trialHandlers } from '../pipeline/to-trial.js';
import { type BatchOptions, fetchBySearch, type Handlers } from '../pipeline/sources.js';
import type { Renderer } from '../render/engine.js';
import type { ChangeEntry, Manifest } from './manifest.js';
import type { ListingStore } from './store.js';
import type { TrialTable } from './trial-table.js';
import { ListingWriter } from './writer.js';

// What listing create and refresh share: their inputs, the handlers that hand each study to
// the writer, the registry's /version, the saved query's members and the run's result.

export interface ListingTemplates {
  renderer: Renderer;
  /** The index in pieces (a 100,000-trial index is never one string). */
  renderIndex: (context: object) => Iterable<string>;
  renderChanges: (m: Manifest) => string;
  /** Changes with any template the listing uses. */
  version: string;
}

export interface ListingDeps {
  client: Client;
  store: ListingStore;
  templates: ListingTemplates;
  overlays: Map<string, Overlay>;
  batch: BatchOptions;
  clock: () => Date;
  warn(message: string): void;
  /** A page added or changed. */
  event(kind: string, data: Record<string, unknown>): void;
}

export interface ListingResult {
  counts: ListingWriter['counts'];
  departed: string[];
  /** Whether the index and manifest were written (false: nothing changed, or the run stopped). */
  wrote: boolean;
  outcomes: Outcome[];
  /** This run's change log entries. */
  changes: ChangeEntry[];
  /** What stopped the run: a local failure, or the registry after some pages were written. */
  stoppedBy?: TrialcardError;
}

export interface Run {
  deps: ListingDeps;
  writer: ListingWriter;
  log: OutcomeLog;
  /** The trials met this run: the intake's set (it also holds IDs that failed when asked for by ID). */
  seen: Set<string>;
  /** Departed trials the registry no longer has (not found by ID). */
  gone: Set<string>;
  /** Page writes in flight, each recording its trial's outcome when it lands. */
  inflight: Promise<void>[];
  /** The first systemic failure of a write in flight: the run stops with it. */
  stop?: LocalFailure;
}

/** Up to this many page writes (with their fsync) in flight while the next pages render. */
const WINDOW = 8;

/** Waits for every page write in flight; throws the failure that stops the run, if one did. */
export async function drain(run: Run): Promise<void> {
  while (run.inflight.length) await run.inflight.shift();
  if (run.stop) throw run.stop;
}

/** `logChanges`: false when the listing is first made (every trial would be "new"). */
export function startRun(deps: ListingDeps, manifest: Manifest, templateChanged: boolean, logChanges: boolean): Run {
  const { store, templates, overlays, clock } = deps;
  const writer = new ListingWriter({
    store,
    manifest,
    renderer: templates.renderer,
    renderIndex: templates.renderIndex,
    renderChanges: templates.renderChanges,
    overlays,
    logChanges,
    templateChanged,
    clock,
  });
  const fileOf = (id: string) => deps.store.where(writer.fileOf(id));
  return { deps, writer, log: new OutcomeLog([], fileOf), seen: new Set(), gone: new Set(), inflight: [] };
}

const isCancel = (err: FetchFailure) => err.message === CANCELLED;

/**
 * The run's work until it ends or is stopped: by a local failure (disk full), or by the registry being unavailable
 * once some pages are written (they are journaled; running the command again finishes). The registry failing
 * before any page stays the run's own error.
 */
export async function untilStopped(run: Run, work: () => Promise<unknown>): Promise<TrialcardError | undefined> {
  try {
    await work();
    return undefined;
  } catch (err) {
    if (err instanceof LocalFailure && err.systemic) return err;
    // The registry unavailable (exit 3), not an interrupt or a request it refused: those stay the run's error.
    const unavailable = err instanceof FetchFailure && err.exitCode === ExitCode.upstream && !isCancel(err);
    if (unavailable && run.writer.counts.checked > 0) return err;
    throw err;
  }
}

export function result(run: Run, wrote: boolean, stoppedBy?: TrialcardError): ListingResult {
  return {
    counts: run.writer.counts,
    departed: run.writer.departed,
    wrote,
    outcomes: run.log.list(stoppedBy),
    changes: run.writer.logged,
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}

/** Each study through the shared intake to the writer; each trial gets one outcome. */
export function handlers(run: Run, inListing: (id: string) => boolean): Handlers {
  const { deps, writer, log, seen } = run;
  // A stale overlay's warning waits for the writer: it then names what changed since the last refresh.
  let stale: string | undefined;
  return trialHandlers({
    log,
    warn: deps.warn,
    overlays: deps.overlays,
    onStale: (m) => {
      stale = m;
    },
    duplicates: 'search',
    seen,
    // Not found: the trial left the registry's answer; the caller flags or prunes its page.
    ownMiss: (id, error) => {
      const notFound = error instanceof FetchFailure && error.kind === 'not-found';
      if (notFound) run.gone.add(id);
      return notFound;
    },
    async take(trial, hit) {
      // The writes in flight name the trial by its ID: once this call returns, they do not hold the trial.
      const id = trial.nctId;
      try {
        const review = stale;
        stale = undefined;
        let put: Awaited<ReturnType<typeof writer.put>> | undefined;
        try {
          put = await writer.put(trial, inListing(id), hit.digest);
        } finally {
          const since = put?.change?.changes.map((c) => c.text).join('; ');
          if (review) deps.warn(since ? `${review}; since the last refresh: ${since}` : review);
        }
        if (put.result !== 'unchanged' || put.change)
          deps.event(put.result === 'unchanged' ? 'changed' : put.result, {
            nctId: id,
            ...(put.change ? { changes: put.change.changes } : {}),
          });
        run.inflight.push(
          (put.written ?? Promise.resolve()).then(
            () => log.record({ id, kind: 'delivered' }), // its file: the log's fileOf
            (err: unknown) => {
              const e =
                err instanceof LocalFailure ? err : new LocalFailure(String(err), { systemic: true, cause: err });
              // Its entry no longer claims a page or snapshot that may not be on disk: the next run renders it again.
              // The table may not take the change (its scratch file on the same full disk): the run stops anyway.
              try {
                writer.unwritten(id);
              } catch (err2) {
                run.stop ??= err2 instanceof LocalFailure ? err2 : e;
              }
              log.record({ id, kind: failureKind(e), error: e });
              if (e.systemic) run.stop ??= e;
            },
          ),
        );
        while (run.inflight.length >= WINDOW) await run.inflight.shift();
        if (run.stop) throw run.stop;
      } catch (err) {
        if (!(err instanceof LocalFailure)) throw err;
        // Another trial's failure stopped the run: this trial's writes, in flight, record its own outcome.
        if (err !== run.stop) log.record({ id, kind: failureKind(err), error: err });
        if (err.systemic) throw err;
      }
    },
  });
}

/** The registry's version and data date; without it nothing is published unless `allowEmpty`. */
export async function registryVersion(deps: ListingDeps, allowEmpty: boolean, goingOn: string) {
  try {
    return await deps.client.version();
  } catch (err) {
    if (allowEmpty) {
      deps.warn(`cannot read the registry's /version (${(err as Error).message}); ${goingOn}`);
      return undefined;
    }
    throw new TrialcardError(
      `cannot read the registry's /version, so nothing was published: ${(err as Error).message}`,
      {
        exitCode: ExitCode.upstream,
        hint: 'try again later, or pass --allow-empty to publish anyway',
      },
    );
  }
}

/** Membership of the saved query, cheaply: NCT IDs and update dates only. */
export async function currentMembers(deps: ListingDeps, manifest: Manifest): Promise<Map<string, string | undefined>> {
  const members = new Map<string, string | undefined>();
  const fields = { ...manifest.params, fields: 'NCTId,LastUpdatePostDate' };
  await fetchBySearch(
    deps.client,
    fields,
    manifest.query.limit,
    {
      async onStudy(hit) {
        const raw = hit.raw as {
          protocolSection?: { statusModule?: { lastUpdatePostDateStruct?: { date?: string } } };
        };
        members.set(hit.requestedId, raw.protocolSection?.statusModule?.lastUpdatePostDateStruct?.date);
      },
      onMiss() {},
    },
    deps.batch,
  );
  return members;
}

/** The newest update date among the listing's trials: the next refresh asks from there. */
export function watermarkOf(trials: TrialTable): { watermark?: string } {
  let last: string | undefined;
  for (const [, t] of trials.entries())
    if (t.lastUpdate && (last === undefined || t.lastUpdate > last)) last = t.lastUpdate;
  return last ? { watermark: last } : {};
}

export const listed = (m: Manifest) =>
  Object.entries(m.trials)
    .filter(([, t]) => t.inListing)
    .map(([id]) => id);
