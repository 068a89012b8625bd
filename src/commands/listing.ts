import { join, resolve } from 'node:path';
import type { Client } from '../ctgov/client.js';
import type { SearchFlags } from '../ctgov/query.js';
import { rawIds } from '../ctgov/schema.js';
import { ExitCode, FetchFailure, LocalFailure, TrialcardError, UsageError } from '../errors.js';
import { exitCodeFor, failureKind, OutcomeLog, summaryObject, undelivered } from '../outcome.js';
import { prepareOutDir, removeStaleTemps } from '../io/files.js';
import { acquireLock, diskListingStore, loadListing } from '../io/listing-store.js';
import { describeQuery, type Manifest, withAdvanced, windowStart } from '../listing/manifest.js';
import { ListingWriter } from '../listing/writer.js';
import { checkDate } from '../ctgov/query.js';
import { loadOverlays } from '../io/overlays.js';
import { type Overlay, staleOverlay } from '../overlays/overlay.js';
import { untilStopped } from '../pipeline/deliver.js';
import { toTrial } from '../pipeline/to-trial.js';
import { fetchByIds, fetchBySearch, type Handlers } from '../pipeline/sources.js';
import { checkTemplatePaths, readTemplates } from '../io/templates.js';
import { createIndexRenderer, createRenderer, type Renderer, templateVersion } from '../render/engine.js';
import { batchOptions, clientOptions, nearOption, withClient } from './common.js';
import type { Ctx } from './context.js';
import type { RefreshOptions, SearchOptions } from './options.js';

// Listings: `search --out DIR` creates one (pages + index + manifest); `refresh DIR` keeps it
// fresh, asking the registry only for what changed and rewriting only the pages that did.

interface Run {
  dir: string;
  client: Client;
  writer: ListingWriter;
  ctx: Ctx;
  log: OutcomeLog;
}

/** A run over the listing in `dir`: its writer (pages rewritten when `templateChanged`) and outcomes. */
function startRun(
  dir: string,
  client: Client,
  manifest: Manifest,
  t: { renderer: Renderer; renderIndex: (context: object) => string },
  overlays: Map<string, Overlay>,
  templateChanged: boolean,
  ctx: Ctx,
): Run {
  const store = diskListingStore(dir, ctx.owner);
  const writer = new ListingWriter(store, manifest, t.renderer, t.renderIndex, overlays, templateChanged);
  return { dir, client, writer, ctx, log: new OutcomeLog() };
}

/** Parses, normalizes and hands each study to the writer; each trial gets one outcome. */
function handlers(
  run: Run,
  seen: Set<string>,
  inListing: (id: string) => boolean,
  overlays: Map<string, Overlay>,
): Handlers {
  const fail = (id: string, error: TrialcardError) => run.log.record({ id, kind: failureKind(error), error });
  return {
    async onStudy(hit) {
      const r = toTrial(hit.raw, hit.requestedId, (m) => run.ctx.reporter.warn(m));
      if (!r.ok) return fail(hit.requestedId, r.error);
      const trial = r.trial;
      if (seen.has(trial.nctId)) return;
      seen.add(trial.nctId);
      const stale = staleOverlay(overlays, trial);
      if (stale) run.ctx.reporter.warn(stale);
      try {
        const result = await run.writer.put(trial, inListing(trial.nctId));
        if (result !== 'unchanged') run.ctx.reporter.event(result, { nctId: trial.nctId });
        run.log.record({ id: trial.nctId, kind: 'delivered', file: join(run.dir, run.writer.fileOf(trial.nctId)) });
      } catch (err) {
        if (!(err instanceof LocalFailure)) throw err;
        fail(trial.nctId, err);
        if (err.systemic) throw err;
      }
    },
    onMiss(id, error) {
      if (error instanceof FetchFailure && error.kind === 'not-found') return; // handled by the caller (gone)
      fail(id, error);
    },
  };
}

async function versionOrRefuse(
  client: Client,
  allowEmpty: boolean,
  ctx: Ctx,
  goingOn = 'going on because of --allow-empty',
) {
  try {
    return await client.version();
  } catch (err) {
    if (allowEmpty) {
      ctx.reporter.warn(`cannot read the registry's /version (${(err as Error).message}); ${goingOn}`);
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
async function currentMembers(
  client: Client,
  params: Record<string, string>,
  limit: number | undefined,
  batch: ReturnType<typeof batchOptions>,
) {
  const members = new Map<string, string | undefined>();
  await fetchBySearch(
    client,
    { ...params, fields: 'NCTId,LastUpdatePostDate' },
    limit,
    {
      async onStudy(hit) {
        const raw = hit.raw as {
          protocolSection?: { statusModule?: { lastUpdatePostDateStruct?: { date?: string } } };
        };
        members.set(hit.requestedId, raw.protocolSection?.statusModule?.lastUpdatePostDateStruct?.date);
      },
      onMiss() {},
    },
    batch,
  );
  return members;
}

function watermarkOf(m: Manifest): string | undefined {
  const dates = Object.values(m.trials)
    .map((t) => t.lastUpdate)
    .filter((d): d is string => Boolean(d));
  return dates.length ? dates.sort().at(-1) : undefined;
}

function summarize(run: Run, ctx: Ctx, wrote: boolean, stoppedBy?: LocalFailure): number {
  const c = run.writer.counts;
  const outcomes = run.log.list(stoppedBy);
  const failed = outcomes.filter((o) => o.kind !== 'delivered');
  const gone = run.writer.departed.length
    ? ` (${run.writer.departed.slice(0, 20).join(', ')}${run.writer.departed.length > 20 ? ', …' : ''})`
    : '';
  const line = `checked ${c.checked}, changed ${c.changed}, added ${c.added}, left ${c.left}, removed ${c.removed}${gone}, failed ${failed.length}${wrote ? '' : '; nothing to write'}`;
  const code = exitCodeFor({
    outcomes,
    interrupted: ctx.io.signal?.aborted === true,
    ...(stoppedBy ? { stoppedBy } : {}),
  });
  if (stoppedBy) ctx.reporter.error(`stopped: ${stoppedBy.message}`, stoppedBy.hint);
  if (failed.length) ctx.reporter.error(`${line}: ${undelivered(outcomes)}`);
  else ctx.reporter.info(line);
  ctx.reporter.summary({ exitCode: code, ...c, departed: run.writer.departed, wrote, ...summaryObject(outcomes) });
  return code;
}

/** The listing's page and index renderers, and a version that changes with any template they use. */
function listingTemplates(
  format: 'md' | 'html',
  templates: string | undefined,
  template: string | undefined,
  version: string,
) {
  const page = readTemplates(format, 'trial', templates, template);
  const index = readTemplates(format, 'index', templates);
  return {
    renderer: createRenderer(format, page),
    renderIndex: createIndexRenderer(format, index),
    version: templateVersion([page, index], version),
  };
}

/** Everything that writes into a listing, temp-file clean-up included, happens under its lock. */
async function withLock<T>(dir: string, ctx: Ctx, fn: () => Promise<T>): Promise<T> {
  const release = await acquireLock(dir, ctx.owner, (m) => ctx.reporter.warn(m));
  try {
    await removeStaleTemps(dir, ctx.owner).catch(() => 0);
    return await fn();
  } finally {
    await release();
  }
}

/** `search … --out DIR`: pages, index and manifest. */
export async function createListing(
  dir: string,
  flags: SearchFlags,
  params: Record<string, string>,
  opts: SearchOptions,
  ctx: Ctx,
): Promise<number> {
  const limit = opts.limit;
  if (opts.format !== 'md' && opts.format !== 'html') {
    throw new UsageError(`--format ${opts.format} cannot be used for a listing`, 'a listing with --out is md or html');
  }
  const format = opts.format;
  await checkTemplatePaths(opts, format);
  // Absolute, so a cron job started elsewhere finds them again.
  const templates = opts.templates === undefined ? undefined : resolve(opts.templates);
  const template = opts.template === undefined ? undefined : resolve(opts.template);
  const overlaysDir = opts.overlays === undefined ? undefined : resolve(opts.overlays);
  const overlays = overlaysDir ? await loadOverlays(overlaysDir) : new Map<string, Overlay>();
  const { renderer, renderIndex, version: tv } = listingTemplates(format, templates, template, ctx.version);
  if (opts.within !== undefined)
    throw new UsageError(
      '--within cannot be used with --out',
      'a listing keeps every trial its search finds; use --near to order and show distances',
    );
  const near = await nearOption(opts);
  await prepareOutDir(dir, ctx.owner);
  return withLock(dir, ctx, async () => {
    const prev = await loadListing(dir, (m) => ctx.reporter.warn(m));
    const manifest: Manifest = {
      version: 1,
      title: opts.title ?? describeQuery(flags),
      query: { ...flags, ...(limit !== undefined ? { limit } : {}) },
      params,
      output: {
        format,
        frontMatter: opts.frontMatter,
        ...(templates ? { templates } : {}),
        ...(template ? { template } : {}),
        ...(overlaysDir ? { overlays: overlaysDir } : {}),
        ...(near ? { near } : {}),
      },
      templateVersion: tv,
      trials: prev?.trials ?? {},
    };
    return withClient(clientOptions(opts, ctx), async (client) => {
      const run = startRun(
        dir,
        client,
        manifest,
        { renderer, renderIndex },
        overlays,
        prev?.templateVersion !== tv,
        ctx,
      );
      const v = await versionOrRefuse(client, true, ctx, 'the manifest will have no data timestamp');
      const seen = new Set<string>();
      const stopped = await untilStopped(() =>
        fetchBySearch(
          client,
          params,
          limit,
          handlers(run, seen, () => true, overlays),
          batchOptions(opts),
        ),
      );
      if (stopped) return summarize(run, ctx, false, stopped);
      const before = Object.values(prev?.trials ?? {}).filter((t) => t.inListing).length;
      if (seen.size === 0 && before > 0 && !opts.allowEmpty) {
        throw new TrialcardError(`the search found no trials where ${dir} lists ${before}; nothing was published`, {
          exitCode: ExitCode.upstream,
          hint: 'pass --allow-empty if the listing really is empty now',
        });
      }
      for (const id of Object.keys(manifest.trials)) if (!seen.has(id)) await run.writer.leave(id, opts.prune === true);
      const wrote = await run.writer.finish({
        ...(v ? { apiVersion: v.apiVersion, dataTimestamp: v.dataTimestamp } : {}),
        ...(watermarkOf(manifest) ? { watermark: watermarkOf(manifest) } : {}),
      });
      return summarize(run, ctx, wrote);
    });
  });
}

/** `trialcard refresh DIR`: re-run the saved query, asking only for what changed. */
export async function refreshListing(dir: string, opts: RefreshOptions, ctx: Ctx): Promise<number> {
  const allowEmpty = opts.allowEmpty === true;
  const prune = opts.prune === true;
  return withLock(dir, ctx, async () => {
    const manifest = await loadListing(dir, (m) => ctx.reporter.warn(m));
    if (!manifest)
      throw new UsageError(
        `${dir} is not a trialcard listing (no trialcard.json)`,
        'create one with trialcard search … --out DIR',
      );
    const { format, templates, template, overlays: overlaysDir } = manifest.output;
    const overlays = overlaysDir ? await loadOverlays(overlaysDir) : new Map<string, Overlay>();
    const { renderer, renderIndex, version: tv } = listingTemplates(format, templates, template, ctx.version);
    const templateChanged = tv !== manifest.templateVersion;
    return withClient(clientOptions(opts, ctx), async (client) => {
      const batch = batchOptions(opts);
      const run = startRun(dir, client, manifest, { renderer, renderIndex }, overlays, templateChanged, ctx);
      const v = await versionOrRefuse(client, allowEmpty, ctx);
      const members = await currentMembers(client, manifest.params, manifest.query.limit, batch);
      const listed = Object.entries(manifest.trials)
        .filter(([, t]) => t.inListing)
        .map(([id]) => id);
      if (members.size === 0 && listed.length > 0 && !allowEmpty) {
        throw new TrialcardError(
          `the registry answered with no trials where ${dir} lists ${listed.length}; nothing was changed`,
          {
            exitCode: ExitCode.upstream,
            hint: 'this is usually a registry fault; pass --allow-empty if the listing really is empty now',
          },
        );
      }
      const seen = new Set<string>();
      const inListing = (id: string) => members.has(id);
      const h = handlers(run, seen, inListing, overlays);
      const full = opts.full === true || templateChanged;
      const since = full
        ? undefined
        : opts.since !== undefined
          ? checkDate(opts.since, '--since')
          : manifest.watermark
            ? windowStart(manifest.watermark)
            : undefined;
      const stopped = await untilStopped(async () => {
        if (full) await fetchBySearch(client, manifest.params, manifest.query.limit, h, batch);
        else if (since)
          await fetchBySearch(
            client,
            withAdvanced(manifest.params, `AREA[LastUpdatePostDate]RANGE[${since},MAX]`),
            undefined,
            { ...h, onStudy: (hit) => (members.has(rawIds(hit.raw).nctId ?? '') ? h.onStudy(hit) : Promise.resolve()) },
            batch,
          );
        // Entered, updated outside the window, or left (its page gets the latest status): by ID.
        const byId = [
          ...[...members]
            .filter(
              ([id, date]) =>
                !seen.has(id) &&
                (!manifest.trials[id] ||
                  manifest.trials[id]?.lastUpdate !== date ||
                  manifest.trials[id]?.fileHash === ''),
            )
            .map(([id]) => id),
          ...listed.filter((id) => !members.has(id) && !seen.has(id)),
        ];
        if (byId.length) await fetchByIds(client, byId, h, batch);
      });
      // The journal holds what was written; the next run folds it in.
      if (stopped) return summarize(run, ctx, false, stopped);
      // Without --prune only newly departed trials are flagged; with it, every departed page goes.
      for (const id of prune ? Object.keys(manifest.trials) : listed)
        if (!members.has(id)) await run.writer.leave(id, prune);
      const wrote = await run.writer.finish({
        ...(v ? { apiVersion: v.apiVersion, dataTimestamp: v.dataTimestamp } : {}),
        templateVersion: tv,
        ...(watermarkOf(manifest) ? { watermark: watermarkOf(manifest) } : {}),
      });
      return summarize(run, ctx, wrote);
    });
  });
}
