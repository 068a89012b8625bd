import { resolve } from 'node:path';
import { DEFAULT_API_BASE } from '../ctgov/client.js';
import { canConnect, resolveHost } from '../ctgov/probe.js';
import { ExitCode, FetchFailure, UsageError } from '../errors.js';
import { probeWritable } from '../io/files.js';
import { inspectListing } from '../io/listing-store.js';
import { readEngines } from '../io/version.js';
import { plural } from '../model/text.js';
import { fetchBySearch } from '../pipeline/sources.js';
import { DEFAULT_BATCH } from '../pipeline/sources.js';
import { clientOptions, withClient } from './common.js';
import type { Ctx } from './context.js';
import type { DoctorOptions } from './options.js';

// `trialcard doctor`: one line per check, each with what to do when it fails, for the operator
// whose nightly run broke. It never writes, except a temp file in --out that it removes.

/** The OpenAPI spec this build of trialcard follows (reference/ctgov-v2-openapi.yaml). */
export const SPEC_VERSION = '2.0.5';

export type Status = 'ok' | 'warn' | 'fail';
export interface Check {
  check: string;
  status: Status;
  detail: string;
  fix?: string;
  /** A failure that means the registry cannot be reached (exit 3). */
  unreachable?: boolean;
}

const MARK: Record<Status, string> = { ok: '✓', warn: '!', fail: '✗' };

/** "20.18.1" against ">=20.18.1" (the only form engines uses here). */
export function satisfies(version: string, range: string): boolean {
  const want = /(\d+)\.(\d+)\.(\d+)/.exec(range);
  const have = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!want || !have) return true;
  for (let i = 1; i <= 3; i++) {
    const d = Number(have[i]) - Number(want[i]);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The registry's API version against the spec trialcard follows: same major.minor ok, newer minor a warning. */
export function compareApiVersion(apiVersion: string, spec = SPEC_VERSION): Status {
  const [a, b] = [apiVersion, spec].map((v) => v.split('.').map(Number));
  if (!a || !b || a[0] !== b[0]) return 'fail';
  return (a[1] ?? 0) > (b[1] ?? 0) ? 'warn' : 'ok';
}

export async function doctorCommand(opts: DoctorOptions, ctx: Ctx): Promise<number> {
  const checks: Check[] = [];
  const add = (c: Check) => {
    checks.push(c);
    if (ctx.reporter.json) ctx.reporter.event('check', { ...c });
    else ctx.io.stdout.write(`${MARK[c.status]} ${c.check}: ${c.detail}${c.fix ? `\n    fix: ${c.fix}` : ''}\n`);
  };
  const engines = readEngines();
  const node = ctx.io.nodeVersion ?? '0.0.0';
  add(
    satisfies(node, engines)
      ? { check: 'node', status: 'ok', detail: `Node.js ${node} (trialcard needs ${engines})` }
      : {
          check: 'node',
          status: 'fail',
          detail: `Node.js ${node} is too old (trialcard needs ${engines})`,
          fix: 'install Node.js 20.18.1 or newer (e.g. from nodejs.org or your package manager)',
        },
  );

  let client: ReturnType<typeof clientOptions>;
  try {
    // Two requests, measured as they are: no retries, no spacing between them.
    client = clientOptions({ ...opts, retries: 0, rate: 0 }, ctx);
  } catch (err) {
    add({ check: 'settings', status: 'fail', detail: (err as Error).message, fix: (err as UsageError).hint ?? '' });
    return end(checks, ctx);
  }
  const base = client.baseUrl ?? DEFAULT_API_BASE;
  const proxied = await proxyChecks(ctx.io.env, new URL(base).protocol, add);
  const host = new URL(base).hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.]+$|:/.test(host)) add({ check: 'dns', status: 'ok', detail: `${host} is an IP address` });
  else {
    const r = await resolveHost(host);
    if ('address' in r) add({ check: 'dns', status: 'ok', detail: `${host} resolves to ${r.address}` });
    else
      add({
        check: 'dns',
        // Behind a proxy the proxy resolves names; this machine may rightly not.
        status: proxied ? 'warn' : 'fail',
        detail: `${host} does not resolve here (${r.error})`,
        fix: proxied
          ? 'fine if the proxy resolves names; otherwise check /etc/resolv.conf'
          : 'check the network and DNS (/etc/resolv.conf), or set HTTPS_PROXY if the web is reached through a proxy',
        unreachable: !proxied,
      });
  }
  await withClient(client, async (c) => {
    let ok = true;
    try {
      const v = await c.version();
      const status = compareApiVersion(v.apiVersion);
      add({
        check: 'registry',
        status,
        detail:
          `${base} answers: API ${v.apiVersion}, data of ${v.dataTimestamp}` +
          (status === 'ok' ? ` (trialcard follows ${SPEC_VERSION})` : ` but trialcard follows API ${SPEC_VERSION}`),
        ...(status === 'ok'
          ? {}
          : {
              fix:
                status === 'warn'
                  ? 'a newer minor version should still work; watch the registry release notes'
                  : 'a new major API version: update trialcard before trusting its pages',
            }),
      });
    } catch (err) {
      ok = false;
      add(registryFailure(err, base, ctx.version));
    }
    if (!ok) return;
    const t0 = Date.now();
    try {
      await fetchBySearch(
        c,
        { 'query.term': 'cancer', fields: 'NCTId', pageSize: '1' },
        1,
        { onStudy: async () => {}, onMiss: () => {} },
        { ...DEFAULT_BATCH, pageSize: 1 },
      );
      const ms = Date.now() - t0;
      add({
        check: 'latency',
        status: ms > 5000 ? 'warn' : 'ok',
        detail: `one small /studies request took ${ms} ms`,
        ...(ms > 5000 ? { fix: 'slow but working; raise --timeout if nightly runs time out' } : {}),
      });
      add({ check: 'user-agent', status: 'ok', detail: `the registry accepts the User-Agent "${client.userAgent}"` });
    } catch (err) {
      add(registryFailure(err, base, ctx.version));
    }
  });
  if (opts.out !== undefined) await folderChecks(resolve(opts.out), ctx, add);
  return end(checks, ctx);
}

function registryFailure(err: unknown, base: string, version: string): Check {
  if (err instanceof FetchFailure && err.kind === 'blocked')
    return {
      check: 'user-agent',
      status: 'fail',
      detail: `the registry refused the request (HTTP ${err.status ?? 403}): it may block this User-Agent or address`,
      fix: `set --user-agent (or TRIALCARD_USER_AGENT) to name you, e.g. "trialcard/${version} (ops@example.org)"`,
    };
  if (err instanceof UsageError) return { check: 'registry', status: 'fail', detail: err.message, fix: err.hint ?? '' };
  const e = err as FetchFailure;
  const unreachable =
    !(err instanceof FetchFailure) || ['network', 'timeout', 'server', 'rate-limited'].includes(e.kind);
  return {
    check: 'registry',
    status: 'fail',
    detail: `${base}: ${e.message}`,
    fix: unreachable
      ? 'the registry cannot be reached from here: check the network or proxy, or try later (it may be down)'
      : (e.hint ?? 'check --api-base'),
    unreachable,
  };
}

async function proxyChecks(env: NodeJS.ProcessEnv, apiProtocol: string, add: (c: Check) => void): Promise<boolean> {
  const names = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].filter((n) => env[n]);
  if (names.length === 0) {
    add({ check: 'proxy', status: 'ok', detail: 'no proxy variables set: direct connection' });
    return false;
  }
  for (const name of names) {
    const url = new URL(env[name] as string);
    // HTTPS_PROXY carries https requests, HTTP_PROXY http ones: only the one for the API matters.
    const applies = name.toLowerCase().startsWith(apiProtocol === 'https:' ? 'https' : 'http_');
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const why = await canConnect(url.hostname, port);
    add(
      why
        ? {
            check: 'proxy',
            status: applies ? 'fail' : 'warn',
            detail: `${name} ${url.host}: cannot connect (${why})${applies ? '' : '; the API does not go through it'}`,
            fix: `check that the proxy runs and ${name} names it, or unset ${name}`,
            ...(applies ? { unreachable: true } : {}),
          }
        : { check: 'proxy', status: 'ok', detail: `${name} ${url.host} accepts connections` },
    );
  }
  return true;
}

async function folderChecks(dir: string, ctx: Ctx, add: (c: Check) => void): Promise<void> {
  const why = await probeWritable(dir, ctx.owner);
  if (why === 'does not exist') {
    // A run makes the missing folders: what matters is the nearest one that exists.
    let parent = resolve(dir, '..');
    while ((await probeWritable(parent, ctx.owner)) === 'does not exist' && parent !== resolve(parent, '..'))
      parent = resolve(parent, '..');
    const up = await probeWritable(parent, ctx.owner);
    add(
      up
        ? {
            check: 'out',
            status: 'fail',
            detail: `${dir} does not exist and ${parent} ${up}`,
            fix: 'create it, or choose another folder',
          }
        : {
            check: 'out',
            status: 'ok',
            detail: `${dir} does not exist yet; ${parent} is writable, so a run will create it`,
          },
    );
    return;
  }
  add(
    why
      ? {
          check: 'out',
          status: 'fail',
          detail: `${dir} ${why}`,
          fix: 'give --out a folder this user can write, on a writable disk',
        }
      : { check: 'out', status: 'ok', detail: `${dir} is writable (a temp file was written, renamed and removed)` },
  );
  const listing = await inspectListing(dir, ctx.owner);
  if (!listing) return;
  if ('problem' in listing) {
    add({
      check: 'listing',
      status: 'fail',
      detail: listing.problem,
      fix: 'restore trialcard.json from a backup, or recreate the listing with trialcard search … --out DIR',
    });
    return;
  }
  add({ check: 'listing', status: 'ok', detail: `a listing of ${listing.trials} trials` });
  if (listing.journalLines)
    add({
      check: 'journal',
      status: 'warn',
      detail: `an interrupted run left ${listing.journalLines} page changes in trialcard.journal`,
      fix: 'nothing to do: the next refresh folds them in',
    });
  const lock = listing.lock;
  if (listing.unreadableLock)
    add({
      check: 'lock',
      status: 'warn',
      detail: 'the lock file cannot be read (empty or damaged); runs refuse it while it is new, then take it over',
      fix: `if no trialcard run is using the listing, remove ${dir}/.trialcard.lock`,
    });
  else if (lock)
    add(
      lock.alive === true
        ? {
            check: 'lock',
            status: 'warn',
            detail: `pid ${lock.pid} is updating it now (since ${lock.started})`,
            fix: 'wait for it to finish',
          }
        : lock.alive === false
          ? {
              check: 'lock',
              status: 'warn',
              detail: `a stale lock of pid ${lock.pid} (gone), from ${lock.started}`,
              fix: 'nothing to do: the next run takes it over',
            }
          : {
              check: 'lock',
              status: 'warn',
              detail: `locked by pid ${lock.pid} on host ${lock.host}, since ${lock.started}`,
              fix: `if that run is gone, remove ${dir}/.trialcard.lock`,
            },
    );
  else add({ check: 'lock', status: 'ok', detail: 'not locked' });
}

function end(checks: Check[], ctx: Ctx): number {
  const failed = checks.filter((c) => c.status === 'fail');
  const code = failed.some((c) => c.unreachable)
    ? ExitCode.upstream
    : failed.length
      ? ExitCode.notDelivered
      : ExitCode.ok;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const line = `${checks.length} checks: ${failed.length} failed, ${plural(warned, 'warning')}`;
  if (failed.length) ctx.reporter.error(line);
  else ctx.reporter.info(line);
  ctx.reporter.summary({ exitCode: code, checks: checks.length, failed: failed.length, warnings: warned });
  return code;
}
