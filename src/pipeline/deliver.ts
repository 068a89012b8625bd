import { LocalFailure, renderFailure, type TrialcardError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import { failureKind, type Outcome, OutcomeLog, type RunEnd } from '../outcome.js';
import { nearInfo, type Place } from '../page/sites.js';
import type { Renderer } from '../render/engine.js';
import type { OutputFormat, Sink } from './sinks.js';
import type { Handlers, Hit } from './sources.js';
import { trialHandlers } from './to-trial.js';
import type { Overlay } from '../overlays/overlay.js';

// Turns raw studies into delivered pages: validate → normalize → render → write. Each ID gets
// one outcome, recorded only once its page is durable; a failure of one trial's page never
// stops or blames the others, and a systemic one (disk full) stops the run.

export interface DeliverContext {
  format: OutputFormat;
  renderer: Renderer | undefined;
  sink: Sink;
  warn: (message: string) => void;
  frontMatter: boolean;
  /** Editors' notes by NCT ID (their stale warnings come from the intake). */
  overlays: ReadonlyMap<string, Overlay>;
  onProgress?: (done: number) => void;
  /** Order sites by distance from here (and add distances to JSON). */
  near?: Place;
  /** Trials for which this is false are skipped, not counted (search --within). */
  keep?: (trial: Trial) => boolean;
  /** IDs asked for up front: each is in the summary even if the run stops before it. */
  requested?: readonly string[];
}

export function renderTrial(
  trial: Trial,
  ctx: Pick<DeliverContext, 'format' | 'renderer' | 'frontMatter' | 'overlays' | 'near'>,
): string {
  const model = ctx.near ? { ...trial, near: nearInfo(trial, ctx.near) } : trial;
  if (ctx.format === 'json') return `${JSON.stringify(model, null, 2)}\n`;
  if (ctx.format === 'ndjson') return `${JSON.stringify(model)}\n`;
  const overlay = ctx.overlays.get(trial.nctId);
  return (ctx.renderer as Renderer).render(trial, {
    frontMatter: ctx.frontMatter,
    ...(overlay ? { overlay } : {}),
    ...(ctx.near ? { near: ctx.near } : {}),
  });
}

/** Pages written but not yet covered by a directory fsync wait here; one fsync settles a group. */
const SYNC_GROUP = 64;

export interface Delivery {
  handlers: Handlers;
  log: OutcomeLog;
  /** Settles pending pages and says how the run ended (`stopped`: the failure that ended it early). */
  end(opts: { interrupted: boolean; stopped?: LocalFailure }): Promise<RunEnd>;
}

/** Runs the work that feeds pages to the disk; a systemic local failure ends it and is returned, not thrown. */
export async function untilStopped(work: () => Promise<unknown>): Promise<LocalFailure | undefined> {
  try {
    await work();
    return undefined;
  } catch (err) {
    if (err instanceof LocalFailure && err.systemic) return err;
    throw err;
  }
}

export function createDelivery(ctx: DeliverContext): Delivery {
  const log = new OutcomeLog(ctx.requested);
  let unsynced: Outcome[] = [];
  let stoppedBy: LocalFailure | undefined;
  const done = () => ctx.onProgress?.(log.size + unsynced.length);
  const settle = async () => {
    if (unsynced.length === 0) return;
    const group = unsynced;
    unsynced = [];
    try {
      await ctx.sink.sync();
      for (const o of group) log.record(o);
    } catch (err) {
      const e = err instanceof LocalFailure ? err : new LocalFailure(String(err), { systemic: true, cause: err });
      for (const o of group) log.record({ id: o.id, kind: 'failed-local', error: e });
      throw stopWith(e);
    }
  };
  const stopWith = (e: LocalFailure) => {
    stoppedBy ??= e;
    return e;
  };
  const fail = (id: string, error: TrialcardError) => {
    log.record({ id, kind: failureKind(error), error });
    done();
  };
  type InFlight = {
    hit: Pick<Hit, 'requestedId' | 'movedTo'>;
    result: Promise<{ file: string | undefined } | { error: unknown }>;
  };
  const inflight: InFlight[] = [];
  const handlers = trialHandlers({
    log,
    warn: ctx.warn,
    overlays: ctx.overlays,
    duplicates: 'input',
    onFailed: done,
    async take(trial, hit) {
      if (ctx.keep && !ctx.keep(trial)) {
        done();
        return;
      }
      let content: string;
      try {
        content = renderTrial(trial, ctx);
      } catch (err) {
        return fail(hit.requestedId, renderFailure(hit.requestedId, err));
      }
      inflight.push({
        // Not the hit itself: its parsed record would be held (and promoted) while the page is written.
        hit: { requestedId: hit.requestedId, ...(hit.movedTo ? { movedTo: hit.movedTo } : {}) },
        result: ctx.sink.put(trial, content).then(
          (file) => ({ file }),
          (error) => ({ error }),
        ),
      });
      // Rendering goes on while up to `window` pages are being written (and fsynced).
      while (inflight.length >= ctx.sink.window) await finishOne(inflight.shift() as InFlight);
    },
  });
  /** A page write that came back: delivered (durable at the next group fsync), or its failure. */
  async function finishOne(f: InFlight): Promise<void> {
    const r = await f.result;
    const id = f.hit.requestedId;
    if ('error' in r) {
      const err = r.error;
      const e =
        err instanceof LocalFailure
          ? err
          : new LocalFailure(`${id}: ${(err as Error)?.message ?? err}`, { systemic: false, cause: err });
      fail(id, e);
      if (e.systemic) {
        stopWith(e);
        // The other pages in flight still end one way or the other before the run stops.
        while (inflight.length) await finishOne(inflight.shift() as InFlight).catch(() => {});
        await settle().catch(() => {});
        throw e;
      }
      return;
    }
    if (f.hit.movedTo)
      ctx.warn(`${id} now lives under ${f.hit.movedTo} on ClinicalTrials.gov; delivered as ${f.hit.movedTo}`);
    unsynced.push({
      id,
      kind: 'delivered',
      ...(r.file ? { file: r.file } : {}),
      ...(f.hit.movedTo ? { movedTo: f.hit.movedTo } : {}),
    });
    done();
    if (unsynced.length >= SYNC_GROUP) await settle();
  }
  return {
    handlers,
    log,
    async end({ interrupted, stopped }) {
      if (stopped) stopWith(stopped);
      try {
        while (inflight.length) await finishOne(inflight.shift() as InFlight);
        await settle();
        await ctx.sink.close();
      } catch (err) {
        if (err instanceof LocalFailure) stopWith(err);
        else throw err;
      }
      const reason = stoppedBy ?? (interrupted ? new LocalFailure('interrupted', { systemic: false }) : undefined);
      return { outcomes: log.list(reason), interrupted, ...(stoppedBy ? { stoppedBy } : {}) };
    },
  };
}
