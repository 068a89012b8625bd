import type { Ctx } from './context.js';
import type { Client, ClientOptions } from '../ctgov/client.js';
import { type ExitCode, quoted, type TrialcardError, UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import type { Place } from '../page/sites.js';
import { prepareOutDir } from '../io/files.js';
import { checkTemplatePaths } from '../io/templates.js';
import { loadOverlays } from '../io/overlays.js';
import type { Overlay } from '../overlays/overlay.js';
import { apiBaseOption, userAgentOption } from './values.js';
import { maskCredentials, proxyProblem } from '../ctgov/proxy.js';
import type { GlobalOptions, NetworkOptions, OutputOptions } from './options.js';
import { exitCodeFor, type RunEnd, summaryLine, summaryObject } from '../outcome.js';
import { createDelivery, type Delivery, untilStopped } from '../pipeline/deliver.js';
import { dirSink, type OutputFormat, type Sink, stdoutSink } from '../pipeline/sinks.js';
import { DEFAULT_BATCH, type BatchOptions } from '../pipeline/sources.js';

/** A client for the duration of `fn`, closed whatever happens. */
export async function withClient<T>(options: ClientOptions, fn: (client: Client) => Promise<T>): Promise<T> {
  const { createClient } = await import('../ctgov/client.js');
  const client = createClient(options);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Network settings shared by fetch, search, refresh and check; bad values fail before any request. */
export function clientOptions(opts: GlobalOptions, ctx: Ctx): ClientOptions {
  const env = ctx.io.env;
  const baseFlag = opts.apiBase !== undefined ? '--api-base' : 'TRIALCARD_API_BASE';
  const baseUrl = apiBaseOption(opts.apiBase ?? env.TRIALCARD_API_BASE, baseFlag);
  checkProxyEnv(env);
  const uaFlag = opts.userAgent !== undefined ? '--user-agent' : 'TRIALCARD_USER_AGENT';
  const userAgent = userAgentOption(opts.userAgent ?? env.TRIALCARD_USER_AGENT, uaFlag) ?? `trialcard/${ctx.version}`;
  return {
    ...(baseUrl ? { baseUrl, baseUrlSource: baseFlag } : {}),
    env,
    timeoutMs: opts.timeout,
    retries: opts.retries,
    retryDelayMs: opts.retryDelay,
    rate: opts.rate,
    userAgent,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    onRetry: (err, attempt, delay) => {
      ctx.reporter.debug(`retry ${attempt} in ${delay} ms: ${err.message}`);
      if (delay > 2000) ctx.reporter.waiting(`retrying in ${Math.round(delay / 1000)} s (${err.message})`);
    },
    onSlow: (seconds, host) => ctx.reporter.waiting(`still waiting for ${host} (${seconds} s) …`),
    onAnswer: () => ctx.reporter.doneWaiting(),
  };
}

/** undici reads these itself; a value it cannot parse would surface as "Invalid URL" mid-run. */
function checkProxyEnv(env: NodeJS.ProcessEnv): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const problem = proxyProblem(value);
    // Never the password: the value is quoted with it masked.
    if (problem)
      throw new UsageError(
        `${name} ${quoted(maskCredentials(value))} ${problem}`,
        `set it to e.g. http://proxy.example.org:3128, or unset ${name}`,
      );
  }
}

export function batchOptions(opts: NetworkOptions): BatchOptions {
  return { ...DEFAULT_BATCH, concurrency: opts.concurrency, pageSize: opts.pageSize };
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
export async function nearOption(opts: Pick<OutputOptions, 'near' | 'units'>): Promise<Place | undefined> {
  const units = opts.units?.toLowerCase();
  if (units !== undefined && units !== 'mi' && units !== 'km')
    throw new UsageError(`--units ${JSON.stringify(opts.units)} is not a unit`, 'use mi or km');
  if (opts.near === undefined) {
    if (units !== undefined) throw new UsageError('--units needs --near', 'e.g. --near 02115 --units km');
    return undefined;
  }
  const { resolvePlace } = await import('../geo/place.js');
  return resolvePlace(opts.near, units);
}

/** Validates format, templates and --out before any request is made. */
export async function prepareOutput(opts: OutputOptions, ctx: Ctx, many: boolean): Promise<Output> {
  const format = opts.format;
  await checkTemplatePaths(opts, format);
  let renderer: Output['renderer'];
  if (format === 'md' || format === 'html') {
    const [{ createRenderer }, { loadTemplates }] = await Promise.all([
      import('../render/engine.js'),
      import('../io/templates.js'),
    ]);
    renderer = createRenderer(format, await loadTemplates(format, 'trial', opts.templates, opts.template));
  }
  const overlays = await loadOverlays(opts.overlays);
  const near = await nearOption(opts);
  let sink: Sink;
  if (opts.out !== undefined) {
    sink = dirSink(opts.out, format, ctx.owner, await prepareOutDir(opts.out, ctx.owner));
  } else sink = stdoutSink(ctx.io.stdout, format, many);
  return { format, sink, frontMatter: opts.frontMatter, renderer, overlays, ...(near ? { near } : {}) };
}

export function newDelivery(
  out: Output,
  ctx: Ctx,
  total: number | undefined,
  extra: { keep?: (t: Trial) => boolean; requested?: readonly string[] } = {},
): Delivery {
  let many = false;
  return createDelivery({
    ...(out.near ? { near: out.near } : {}),
    ...extra,
    format: out.format,
    renderer: out.renderer,
    sink: out.sink,
    frontMatter: out.frontMatter,
    warn: (m) => ctx.reporter.warn(m),
    overlays: out.overlays,
    onProgress: (done) => {
      if (done >= 2 && !many) {
        many = true;
        ctx.io.batch?.();
      }
      ctx.reporter.progress(done, total);
    },
  });
}

/** Runs the work that feeds a delivery, then reports every outcome and returns the exit code. */
export async function deliver(
  delivery: Delivery,
  ctx: Ctx,
  batch: boolean,
  work: () => Promise<TrialcardError | undefined | void>,
): Promise<ExitCode> {
  let badInput: TrialcardError | undefined;
  const stopped = await untilStopped(async () => {
    badInput = (await work()) ?? undefined;
  });
  const end = await delivery.end({ interrupted: ctx.io.signal?.aborted === true, ...(stopped ? { stopped } : {}) });
  ctx.reporter.endProgress();
  // What bad input left unread is "not attempted" because of it.
  return reportEnd(badInput ? { ...end, outcomes: delivery.log.list(badInput), badInput } : end, ctx, batch);
}

/**
 * The end of a run on stderr: the failure that stopped it, then one trial's own error or the
 * batch summary line (`summaryOnSuccess`: also when all went well); last, the JSON summary.
 */
export function reportEnd(end: RunEnd, ctx: Ctx, summaryOnSuccess: boolean): ExitCode {
  const code = exitCodeFor(end);
  const failed = end.outcomes.filter((o) => o.kind !== 'delivered');
  const single = end.outcomes.length === 1;
  if (end.stoppedBy) ctx.reporter.error(`stopped: ${end.stoppedBy.message}`, end.stoppedBy.hint);
  // Bad input partway: its own line, and the summary always follows (pages before it were delivered).
  if (end.badInput) ctx.reporter.error(`stopped: ${end.badInput.message}`, end.badInput.hint);
  summaryOnSuccess ||= end.badInput !== undefined;
  // An interrupt says so itself; one stopped trial is fully told by the "stopped" line.
  const told = end.interrupted || (end.stoppedBy !== undefined && single);
  const own = !summaryOnSuccess && single ? failed[0]?.error : undefined;
  if (!told) {
    if (own) ctx.reporter.error(own.message, own.hint);
    else if (failed.length > 0) ctx.reporter.error(summaryLine(end.outcomes));
    else if (summaryOnSuccess) ctx.reporter.info(summaryLine(end.outcomes));
  }
  for (const f of failed.slice(0, 3)) ctx.reporter.trace(f.error);
  ctx.reporter.summary(() => ({ exitCode: code, ...summaryObject(end.outcomes) }));
  return code;
}
