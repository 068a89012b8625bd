import { resolve } from 'node:path';
import type { Client } from '../ctgov/client.js';
import { checkDate, type SearchFlags } from '../ctgov/query.js';
import { type ExitCode, UsageError } from '../errors.js';
import { prepareOutDir, removeIfEmpty } from '../io/files.js';
import { checkListingDir, diskListingStore } from '../io/listing-store.js';
import { loadOverlays } from '../io/overlays.js';
import { readBuildId } from '../io/version.js';
import { checkTemplatePaths, loadTemplates } from '../io/templates.js';
import { changesContext, KIND_WORDS } from '../listing/change-log.js';
import { createListing } from '../listing/create.js';
import { escapeMarkdownInline } from '../render/escape.js';
import { CHANGE_LOG_DEFAULTS, describeQuery, type Manifest } from '../listing/manifest.js';
import { refreshListing } from '../listing/refresh.js';
import type { ListingDeps, ListingResult, ListingTemplates } from '../listing/run.js';
import { dryRunStore, type ListingStore, withLock } from '../listing/store.js';
import { exitCodeFor, summaryObject, undelivered } from '../outcome.js';
import { createIndexRenderer, createRenderer, templateVersion } from '../render/engine.js';
import { batchOptions, clientOptions, nearOption, withClient } from './common.js';
import type { Ctx } from './context.js';
import type { NetworkOptions, RefreshOptions, SearchOptions } from './options.js';

// The shell around listings (`search --out DIR`, `refresh DIR`): options, templates, overlays,
// the disk store and the report. What a run does is in listing/create.ts and listing/refresh.ts.

/**
 * The listing's page and index renderers, and a version that changes with any template they use, with trialcard
 * (its version and build) and with the options that change every page (front matter, --near): a page is rendered
 * again when any of them differs from the run that wrote it.
 */
async function listingTemplates(output: Manifest['output'], version: string): Promise<ListingTemplates> {
  const page = await loadTemplates(output.format, 'trial', output.templates, output.template);
  const index = await loadTemplates(output.format, 'index', output.templates);
  const changes = await loadTemplates(output.format, 'changes', output.templates);
  const renderChanges = createIndexRenderer(output.format, changes);
  const esc = output.format === 'md' ? escapeMarkdownInline : (s: string) => s;
  return {
    renderer: createRenderer(output.format, page),
    renderIndex: createIndexRenderer(output.format, index),
    renderChanges: (m) => [...renderChanges(changesContext(m, esc))].join(''),
    version: templateVersion(
      [page, index, changes],
      [version, readBuildId(), JSON.stringify([output.frontMatter, output.near ?? null])].join('\0'),
    ),
  };
}

async function withDeps<T>(
  store: ListingStore,
  output: Manifest['output'],
  templates: ListingTemplates,
  opts: NetworkOptions & Parameters<typeof clientOptions>[0],
  ctx: Ctx,
  fn: (deps: ListingDeps) => Promise<T>,
): Promise<T> {
  // A listing is a batch from the start: every trial of the search goes through it.
  ctx.io.batch?.();
  const overlays = await loadOverlays(output.overlays);
  // Each record's digest lets the writer tell an unchanged trial without hashing its model (see ListingWriter.put).
  return withClient({ ...clientOptions(opts, ctx), recordDigests: true }, (client: Client) =>
    fn({
      client,
      store,
      templates,
      overlays,
      batch: batchOptions(opts),
      clock: () => new Date(),
      warn: (m) => ctx.reporter.warn(m),
      event: (kind, data) => ctx.reporter.event(kind, data),
    }),
  );
}

/** --changes-days / --changes-max over what the listing kept before (or the defaults). */
function changeLogOption(
  opts: { changesDays?: number | undefined; changesMax?: number | undefined },
  before: Manifest['changeLog'],
): Manifest['changeLog'] {
  if (opts.changesDays === undefined && opts.changesMax === undefined) return before;
  const base = before ?? CHANGE_LOG_DEFAULTS;
  return { days: opts.changesDays ?? base.days, max: opts.changesMax ?? base.max };
}

/** What a dry run found, in the words of changes.md. */
function dryRunReport(r: ListingResult): string {
  if (r.changes.length === 0) return 'No changes.\n';
  const lines = r.changes.flatMap((e) => [
    `${e.nctId} ${e.title} (${KIND_WORDS[e.kind].toLowerCase()})`,
    ...e.changes.map((c) => `  ${c.text}`),
  ]);
  return `${lines.join('\n')}\n`;
}

/** How the run left the listing, for the end of its summary line. */
function ending(r: ListingResult, dryRun: boolean): string {
  if (dryRun) return '; dry run, nothing was written';
  if (r.wrote) return '';
  // The pages written are in the journal; the index and manifest are as before.
  if (r.stoppedBy) return '; the index and manifest were not updated: run the same command again to finish';
  return '; nothing to write';
}

function report(r: ListingResult, ctx: Ctx, dryRun = false): ExitCode {
  const c = r.counts;
  const failed = r.outcomes.filter((o) => o.kind !== 'delivered');
  const more = r.departed.length > 20 ? ', …' : '';
  const gone = r.departed.length ? `; gone from the search: ${r.departed.slice(0, 20).join(', ')}${more}` : '';
  const line =
    `checked ${c.checked}, changed ${c.changed}, added ${c.added}, left ${c.left}, removed ${c.removed}, ` +
    `failed ${failed.length}${gone}${ending(r, dryRun)}`;
  const code = exitCodeFor({
    outcomes: r.outcomes,
    interrupted: ctx.io.signal?.aborted === true,
    ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
  });
  if (r.stoppedBy) ctx.reporter.error(`stopped: ${r.stoppedBy.message}`, r.stoppedBy.hint);
  if (failed.length) ctx.reporter.error(`${line}: ${undelivered(r.outcomes)}`);
  else ctx.reporter.info(line);
  ctx.reporter.summary(() => ({
    exitCode: code,
    ...c,
    departed: r.departed,
    wrote: r.wrote && !dryRun,
    changes: r.changes.map((e) => ({ nctId: e.nctId, kind: e.kind, changes: e.changes })),
    ...summaryObject(r.outcomes),
  }));
  return code;
}

/** `search … --out DIR`: pages, index and manifest. */
export async function searchToListing(
  dir: string,
  flags: SearchFlags,
  params: Record<string, string>,
  opts: SearchOptions,
  ctx: Ctx,
): Promise<number> {
  const format = opts.format;
  if (format !== 'md' && format !== 'html')
    throw new UsageError(`--format ${format} cannot be used for a listing`, 'a listing with --out is md or html');
  if (opts.within !== undefined)
    throw new UsageError(
      '--within cannot be used with --out',
      'a listing keeps every trial its search finds; use --near to order and show distances',
    );
  await checkTemplatePaths(opts, format);
  const near = await nearOption(opts);
  // Absolute, so a cron job started elsewhere finds them again.
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(p));
  const [templates, template, overlays] = [abs(opts.templates), abs(opts.template), abs(opts.overlays)];
  const output: Manifest['output'] = {
    format,
    frontMatter: opts.frontMatter,
    ...(templates ? { templates } : {}),
    ...(template ? { template } : {}),
    ...(overlays ? { overlays } : {}),
    ...(near ? { near } : {}),
  };
  // Templates compile before the folder is made: a broken one leaves nothing behind.
  const templateSet = await listingTemplates(output, ctx.version);
  const made = await prepareOutDir(dir, ctx.owner);
  const store = diskListingStore(dir, ctx.owner);
  const warn = (m: string) => ctx.reporter.warn(m);
  // A listing that failed before writing anything leaves no empty folder behind.
  return withLock(store, warn, async () => {
    const previous = await store.load(warn);
    const changeLog = changeLogOption(opts, previous?.changeLog);
    return withDeps(store, output, templateSet, opts, ctx, async (deps) => {
      const manifest: Manifest = {
        version: 1,
        title: opts.title ?? describeQuery(flags),
        query: { ...flags, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) },
        params,
        output,
        templateVersion: deps.templates.version,
        ...(changeLog ? { changeLog } : {}),
        ...(previous?.changes ? { changes: previous.changes } : {}),
        trials: previous?.trials ?? {},
      };
      const r = await createListing(deps, {
        manifest,
        previous,
        allowEmpty: opts.allowEmpty === true,
        prune: opts.prune === true,
      });
      return report(r, ctx);
    });
  }).finally(() => removeIfEmpty(made));
}

/** `trialcard refresh DIR`: re-run the saved query, asking only for what changed. */
export async function refresh(dir: string, opts: RefreshOptions, ctx: Ctx): Promise<number> {
  await checkListingDir(dir);
  const disk = diskListingStore(dir, ctx.owner);
  // A dry run takes no lock and writes nothing, not even a lock file.
  const store = opts.dryRun ? dryRunStore(disk) : disk;
  const warn = (m: string) => ctx.reporter.warn(m);
  return withLock(store, warn, async () => {
    const manifest = await store.load(warn);
    if (!manifest)
      throw new UsageError(
        `${dir} is not a trialcard listing (no trialcard.json)`,
        'create one with trialcard search … --out DIR',
      );
    const log = changeLogOption(opts, manifest.changeLog);
    if (log) manifest.changeLog = log;
    return withDeps(
      store,
      manifest.output,
      await listingTemplates(manifest.output, ctx.version),
      opts,
      ctx,
      async (deps) => {
        const r = await refreshListing(deps, manifest, {
          allowEmpty: opts.allowEmpty === true,
          prune: opts.prune === true,
          full: opts.full === true,
          ...(opts.since !== undefined ? { since: checkDate(opts.since, '--since') } : {}),
        });
        if (opts.dryRun) ctx.io.stdout.write(dryRunReport(r));
        return report(r, ctx, opts.dryRun === true);
      },
    );
  });
}
