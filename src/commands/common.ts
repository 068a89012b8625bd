import type { ClientOptions } from '../ctgov/client.js';
import { ExitCode, UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import type { Place } from '../page/sites.js';
import { prepareOutDir } from '../io/files.js';
import { loadOverlays } from '../overlays/load.js';
import { type Overlay, staleReview } from '../overlays/overlay.js';
import { apiBaseOption, formatOption, intOption, numberOption } from '../options.js';
import { createDelivery, dirSink, type OutputFormat, type Sink, stdoutSink, type Summary, summaryExitCode, summaryLine } from '../pipeline/deliver.js';
import { DEFAULT_BATCH, type BatchOptions } from '../pipeline/sources.js';
import type { Reporter } from '../ui/reporter.js';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface Ctx {
  io: Io;
  reporter: Reporter;
  version: string;
}

/** Network settings shared by fetch, search and check. */
export function clientOptions(opts: Record<string, unknown>, ctx: Ctx): ClientOptions {
  const baseUrl = apiBaseOption(opts.apiBase ?? ctx.io.env.TRIALCARD_API_BASE);
  return {
    ...(baseUrl ? { baseUrl } : {}),
    timeoutMs: intOption('--timeout', opts.timeout, 100, 600_000, 30_000),
    retries: intOption('--retries', opts.retries, 0, 10, 4),
    retryDelayMs: intOption('--retry-delay', opts.retryDelay, 0, 60_000, 1000),
    rate: numberOption('--rate', opts.rate, 0, 1000, 1),
    userAgent: String(opts.userAgent ?? ctx.io.env.TRIALCARD_USER_AGENT ?? `trialcard/${ctx.version}`),
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    onRetry: (err, attempt, delay) => ctx.reporter.debug(`retry ${attempt} in ${delay} ms: ${err.message}`),
  };
}

export function batchOptions(opts: Record<string, unknown>): BatchOptions {
  return {
    ...DEFAULT_BATCH,
    concurrency: intOption('--concurrency', opts.concurrency, 1, 16, DEFAULT_BATCH.concurrency),
    pageSize: intOption('--page-size', opts.pageSize, 1, 1000, DEFAULT_BATCH.pageSize),
  };
}

export interface Output {
  format: OutputFormat;
  sink: Sink;
  frontMatter: boolean;
  renderer: import('../render/engine.js').Renderer | undefined;
  overlays: Map<string, Overlay>;
  near?: Place;
}

/** --near and --units → a resolved place (offline gazetteers), before any request is made. */
export async function nearOption(opts: Record<string, unknown>): Promise<Place | undefined> {
  const units = opts.units === undefined ? undefined : String(opts.units).toLowerCase();
  if (units !== undefined && units !== 'mi' && units !== 'km') throw new UsageError(`--units ${JSON.stringify(String(opts.units))} is not a unit`, 'use mi or km');
  if (opts.near === undefined) {
    if (units !== undefined) throw new UsageError('--units needs --near', 'e.g. --near 02115 --units km');
    return undefined;
  }
  const { resolvePlace } = await import('../geo/place.js');
  return resolvePlace(String(opts.near), units as 'mi' | 'km' | undefined);
}

/** Validates format, templates and --out before any request is made. */
export async function prepareOutput(opts: Record<string, unknown>, ctx: Ctx, many: boolean): Promise<Output> {
  const format = formatOption(opts.format);
  let renderer: Output['renderer'];
  if (format === 'md' || format === 'html') {
    const { createRenderer, BUILTIN_TEMPLATES } = await import('../render/engine.js');
    renderer = createRenderer(format, typeof opts.templates === 'string' ? opts.templates : BUILTIN_TEMPLATES, typeof opts.template === 'string' ? opts.template : undefined);
  }
  const overlays = typeof opts.overlays === 'string' ? await loadOverlays(opts.overlays) : new Map<string, Overlay>();
  const near = await nearOption(opts);
  let sink: Sink;
  if (typeof opts.out === 'string') {
    await prepareOutDir(opts.out);
    sink = dirSink(opts.out, format);
  } else sink = stdoutSink(ctx.io.stdout, format, many);
  return { format, sink, frontMatter: opts.frontMatter !== false, renderer, overlays, ...(near ? { near } : {}) };
}

export function newDelivery(out: Output, ctx: Ctx, total: number | undefined, keep?: (t: Trial) => boolean) {
  return createDelivery({
    ...(out.near ? { near: out.near } : {}),
    ...(keep ? { keep } : {}),
    format: out.format,
    renderer: out.renderer,
    sink: out.sink,
    frontMatter: out.frontMatter,
    warn: (m) => ctx.reporter.warn(m),
    overlayFor: (id) => out.overlays.get(id),
    onTrial: (t) => {
      const o = out.overlays.get(t.nctId);
      const stale = o ? staleReview(t, o) : undefined;
      if (stale) ctx.reporter.warn(stale);
    },
    onProgress: (done) => ctx.reporter.progress(done, total),
  });
}

/** Prints the per-ID outcome and returns the exit code. */
export function finish(summary: Summary, ctx: Ctx, batch: boolean): ExitCode {
  ctx.reporter.endProgress();
  if (ctx.io.signal?.aborted) return ExitCode.interrupted;
  const only = summary.failed[0];
  if (!batch && only && summary.failed.length === 1 && summary.delivered.length === 0) {
    ctx.reporter.error(only.error.message, only.error.hint);
  } else if (batch || summary.failed.length > 0) {
    const line = summaryLine(summary);
    if (summary.failed.length > 0) ctx.reporter.error(line);
    else ctx.reporter.info(line);
  }
  for (const f of summary.failed.slice(0, 3)) ctx.reporter.trace(f.error);
  ctx.reporter.event('summary', { delivered: summary.delivered.length, failed: summary.failed.map((f) => ({ id: f.id, reason: f.error.message })) });
  return summaryExitCode(summary);
}
