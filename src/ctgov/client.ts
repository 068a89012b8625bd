import { EnvHttpProxyAgent, Pool } from 'undici';
import { FetchFailure, UsageError } from '../errors.js';
import { bodyChunks } from './body-chunks.js';
import { type ApiVersion, versionSchema } from './schema.js';
import { ReadAhead } from './read-ahead.js';
import { PageSplitter, type Study, studySize } from './page-splitter.js';
import { type ProxyInUse, proxyFor, proxySettings } from './proxy.js';
import { createThrottle, DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, withRetry } from './retry.js';

export const DEFAULT_API_BASE = 'https://clinicaltrials.gov/api/v2';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The message of a request stopped by an interrupt. */
export const CANCELLED = 'request cancelled';
/**
 * Characters of parsed studies held ahead of the caller: about one record. A parsed study that waits outlives the
 * young generation's collections and is copied into the old one: with 2M characters (~40 records of 54 KB) read
 * ahead, fetching 10,000 trials took 1.17x-1.23x the render of the same records and `search --out` 1.31x-1.34x;
 * with 64K, 1.07x and 1.09x (256K: 1.16x and 1.22x). The bytes still come in while the caller works, into the
 * socket's buffers; what is lost is the start of the next page's request, by the time ~40 records take to render.
 */
const READ_AHEAD = 64 * 1024;
/** Bytes a body may start with before its first character: white space and a byte order mark (EF BB BF). */
const LEADING: ReadonlySet<number> = new Set([32, 9, 10, 13, 0xef, 0xbb, 0xbf]);
/** Ends the reading of a search at its --limit. */
const LIMIT = Symbol('limit reached');

export interface ClientOptions {
  baseUrl?: string;
  /** Where HTTP(S)_PROXY and NO_PROXY are read: the run's environment (else undici reads process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  userAgent?: string;
  retries?: number;
  /** First backoff wait in ms (doubles each retry, capped at 30 s). */
  retryDelayMs?: number;
  /** Requests per second across the whole client. */
  rate?: number;
  signal?: AbortSignal;
  /** Test seams: fake clocks and deterministic jitter. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onRetry?: RetryPolicy['onRetry'];
  /** Counts every HTTP request made (benchmarks, tests). */
  onRequest?: (url: string) => void;
  /** A request unanswered for `seconds` (called every `slowNoticeMs`), and when it is answered. */
  onSlow?: (seconds: number, host: string) => void;
  onAnswer?: () => void;
  /** Default 5000. */
  slowNoticeMs?: number;
  /** How the base URL was given, for messages ("--api-base", "TRIALCARD_API_BASE"). */
  baseUrlSource?: string;
  /** Each study from a /studies page carries the sha256 of its bytes (`Study.digest`), for listings. */
  recordDigests?: boolean;
}

export interface StudyResponse {
  /** The raw study JSON, not yet validated; after a 301 alias, the canonical record (its nctId says which). */
  study: unknown;
}

export interface PageInfo {
  nextPageToken?: string;
  totalCount?: number;
  /** Studies in the page. */
  count: number;
}

/** Marks an error thrown by the caller's handler, so it passes through retries untouched. */
const HANDLER = Symbol('handler');

export type Client = ReturnType<typeof createClient>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The only module that touches the network: Node's global fetch with one undici Agent as
 * dispatcher (keep-alive pool, connect/headers/body timeouts). Global fetch is what nock
 * intercepts, so tests exercise this exact code path.
 */
export function createClient(opts: ClientOptions = {}) {
  const base = (opts.baseUrl ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // EnvHttpProxyAgent honours HTTP(S)_PROXY and NO_PROXY and otherwise behaves as a plain Agent. Given the
  // run's environment, they are read from it ('' where unset, so undici does not fall back to process.env).
  const env = opts.env;
  const proxy = env ? proxyFor(base, env) : undefined;
  const agent = new EnvHttpProxyAgent({
    ...(env ? proxySettings(env) : {}),
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
    connections: 8,
    // The connection to a proxy and its answer to CONNECT keep to --timeout too (undici's own: 10 s, 300 s).
    proxyTls: { timeout: timeoutMs },
    clientFactory: (origin: URL, o: object) =>
      new Pool(origin, { ...o, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
  });
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? Date.now;
  const throttle = createThrottle(opts.rate ?? 1, { now, sleep });
  const policy: RetryPolicy = {
    retries: opts.retries ?? DEFAULT_RETRY.retries,
    baseMs: opts.retryDelayMs ?? DEFAULT_RETRY.baseMs,
    capMs: DEFAULT_RETRY.capMs,
    sleep,
    random: opts.random ?? Math.random,
    ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
  };
  const headers = {
    accept: 'application/json',
    'user-agent': opts.userAgent ?? 'trialcard',
  };

  const slowMs = opts.slowNoticeMs ?? 5000;
  /** Tells the caller, every `slowMs`, that a request is still unanswered. */
  function watchSlow(url: string): () => void {
    if (!opts.onSlow) return () => {};
    const host = safeHost(url);
    let waited = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      waited += slowMs;
      opts.onSlow?.(Math.round(waited / 1000), host);
      timer = setTimeout(tick, slowMs).unref();
    };
    timer = setTimeout(tick, slowMs).unref();
    return () => {
      clearTimeout(timer);
      if (waited > 0) opts.onAnswer?.();
    };
  }

  /** One throttled, counted, watched GET; network errors as they are. */
  async function send(url: string, signal = opts.signal): Promise<Response> {
    await throttle();
    opts.onRequest?.(url);
    const answered = watchSlow(url);
    try {
      return await fetch(url, {
        headers,
        redirect: 'follow',
        // undici's Agent is the dispatcher global fetch expects; the cast bridges two copies of the typings.
        dispatcher: agent as unknown as NonNullable<RequestInit['dispatcher']>,
        ...(signal ? { signal } : {}),
      } as RequestInit);
    } finally {
      answered();
    }
  }

  /** One attempt: status mapped to a FetchFailure (error bodies are text/plain). */
  async function request(
    url: string,
    notFound: () => FetchFailure | Promise<FetchFailure>,
    signal = opts.signal,
  ): Promise<Response> {
    let res: Response;
    try {
      res = await send(url, signal);
    } catch (err) {
      throw networkFailure(err, url, signal, proxy);
    }
    if (res.status === 404) {
      await res.body?.cancel().catch(() => {});
      throw await notFound();
    }
    if (!res.ok) throw statusFailure(res, await readBody(res, url, opts.signal), url, now());
    return res;
  }

  const baseName = opts.baseUrlSource ?? 'the API base URL';
  const wrongBase = (why: string) =>
    new UsageError(
      `${baseName} ${base} does not answer like the ClinicalTrials.gov v2 API (${why})`,
      'the base URL ends in /api/v2, e.g. https://clinicaltrials.gov/api/v2',
    );
  let baseChecked: Promise<void> | undefined;
  /** On the first 404, asks /version once: a server without it is the wrong base URL, not a missing trial. */
  function checkBase(): Promise<void> {
    baseChecked ??= (async () => {
      let res: Response;
      try {
        res = await send(`${base}/version`);
      } catch {
        return; // cannot tell: let the 404 stand
      }
      const body = await res.text().catch(() => '');
      if (res.status === 404) throw wrongBase('GET /version: HTTP 404');
      if (!res.ok) return;
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw wrongBase('GET /version did not send JSON');
      }
      if (!versionSchema.safeParse(json).success) throw wrongBase('GET /version has no apiVersion');
    })();
    return baseChecked;
  }

  async function getJson(
    url: string,
    notFound: () => FetchFailure | Promise<FetchFailure>,
  ): Promise<{ json: unknown }> {
    return withRetry(
      async () => {
        const res = await request(url, notFound);
        const body = await readBody(res, url, opts.signal);
        if (body.trimStart().startsWith('<')) throw htmlFailure(res, url);
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch (err) {
          throw new FetchFailure(
            'bad-response',
            `ClinicalTrials.gov sent truncated or invalid JSON (${body.length} bytes from ${url})`,
            { status: res.status, url, cause: err },
          );
        }
        return { json };
      },
      policy,
      opts.signal,
    );
  }

  /**
   * Streams one /studies page, handing each study to `onStudy` as soon as its JSON is complete.
   * A retried page skips the studies it already handed over (same parameters, same order).
   */
  async function streamPage(
    params: Record<string, string>,
    onStudy: (study: Study) => Promise<void>,
    signal = opts.signal,
  ): Promise<PageInfo> {
    const url = `${base}/studies?${encodeParams(params)}`;
    let handed = 0;
    return withRetry(
      async () => {
        const res = await request(
          url,
          () => {
            throw wrongBase('GET /studies: HTTP 404');
          },
          signal,
        );
        const splitter = new PageSplitter(undefined, opts.recordDigests);
        let seen = 0;
        let first = true;
        const hand = async (studies: Study[]) => {
          for (const study of studies) {
            seen += 1;
            if (seen <= handed) continue;
            await onStudy(study);
            handed = seen;
          }
        };
        try {
          for await (const chunk of bodyChunks(res.body, signal)) {
            const bytes = chunk as Uint8Array;
            if (first) {
              const at = bytes.findIndex((b) => !LEADING.has(b));
              if (at !== -1) {
                if (bytes[at] === 60) throw htmlFailure(res, url); // "<"
                first = false;
              }
            }
            await hand(splitter.push(bytes));
          }
          const { studies, ...page } = splitter.end();
          await hand(studies);
          return { ...page, count: seen };
        } catch (err) {
          if (err instanceof FetchFailure) throw err;
          if (err instanceof SyntaxError) {
            throw new FetchFailure(
              'bad-response',
              `ClinicalTrials.gov sent a truncated or invalid search page (${err.message}, ${url})`,
              { status: res.status, url, cause: err },
            );
          }
          // Not a network error: a failure in the caller's onStudy must not be retried.
          if ((err as { [HANDLER]?: boolean })?.[HANDLER]) throw (err as { error: unknown }).error;
          throw networkFailure(err, url, signal);
        }
      },
      policy,
      signal,
    );
  }

  return {
    baseUrl: base,

    /** GET /studies/{id}; a 301 alias is followed (the record's own nctId names the canonical trial). */
    async getStudy(nctId: string): Promise<StudyResponse> {
      const url = `${base}/studies/${encodeURIComponent(nctId)}`;
      const { json } = await getJson(url, async () => {
        await checkBase();
        return new FetchFailure('not-found', `${nctId} was not found on ClinicalTrials.gov`, { status: 404, url });
      });
      return { study: json };
    },

    /**
     * Follows nextPageToken to the end, repeating page 1's parameters; an empty page ends it too
     * (the API offers a token after any exactly full page). Studies arrive one by one, in order.
     * Studies are parsed up to READ_AHEAD characters ahead of `onStudy` (the page's bytes keep coming
     * meanwhile), and the next page is asked for as soon as this one is read.
     * With `limit`, no more than that many studies are read.
     */
    async eachStudy(
      params: Record<string, string>,
      onStudy: (study: Study) => Promise<void>,
      limit = Infinity,
    ): Promise<void> {
      const ahead = new ReadAhead<Study>(READ_AHEAD, studySize);
      // The reader's requests and waits end when the caller stops, not only on an interrupt.
      const stopReading = new AbortController();
      const signal = opts.signal ? AbortSignal.any([opts.signal, stopReading.signal]) : stopReading.signal;
      let read = 0;
      const reader = (async () => {
        let token: string | undefined;
        do {
          const page = await streamPage(
            token ? { ...params, pageToken: token } : params,
            async (study) => {
              try {
                await ahead.put(study);
              } catch (error) {
                throw { [HANDLER]: true, error };
              }
              // --limit reached: the rest of this page is not read, and the next one is not asked for.
              if (++read >= limit) throw { [HANDLER]: true, error: LIMIT };
            },
            signal,
          );
          if (page.count === 0) return;
          token = page.nextPageToken;
        } while (token);
      })().then(
        () => ahead.end(),
        (err: unknown) => (err === LIMIT ? ahead.end() : ahead.fail(err)),
      );
      try {
        for (let study = await ahead.take(); study !== undefined; study = await ahead.take()) {
          // An interrupt stops the run at once, not after the studies read ahead.
          if (opts.signal?.aborted) throw networkFailure(opts.signal.reason, `${base}/studies`, opts.signal);
          await onStudy(study);
        }
      } finally {
        // After the caller's own failure (or the reader's), the reader stops: its request is cancelled.
        ahead.stop();
        stopReading.abort();
        await reader;
      }
    },

    async version(): Promise<ApiVersion> {
      const url = `${base}/version`;
      const { json } = await getJson(url, () => {
        throw wrongBase('GET /version: HTTP 404');
      });
      const v = versionSchema.safeParse(json);
      if (!v.success)
        throw new FetchFailure(
          'bad-response',
          `ClinicalTrials.gov /version answered without apiVersion/dataTimestamp`,
          { url },
        );
      return v.data;
    },

    async close(): Promise<void> {
      await agent.close();
    },
  };
}

/** Commas and pipes stay literal: filter.ids lists are long and the API accepts them raw. */
export function encodeParams(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/g, ',').replace(/%7C/g, '|')}`)
    .join('&');
}

async function readBody(res: Response, url: string, signal?: AbortSignal): Promise<string> {
  try {
    return await res.text();
  } catch (err) {
    throw networkFailure(err, url, signal);
  }
}

function htmlFailure(res: Response, url: string): FetchFailure {
  return new FetchFailure('bad-response', `ClinicalTrials.gov sent an HTML page instead of JSON (${url})`, {
    status: res.status,
    url,
  });
}

function statusFailure(res: Response, body: string, url: string, nowMs: number): FetchFailure {
  const text = body.trimStart().startsWith('<') ? '' : body.replace(/\s+/g, ' ').trim().slice(0, 300);
  const s = res.status;
  if (s === 400)
    return new FetchFailure('rejected', `ClinicalTrials.gov rejected the request: ${text || 'HTTP 400'}`, {
      status: s,
      url,
    });
  if (s === 403) {
    return new FetchFailure('blocked', 'ClinicalTrials.gov blocked the request (HTTP 403)', {
      status: s,
      url,
      hint: 'try again later or from another network; a proxy or --user-agent may help',
    });
  }
  if (s === 429) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), nowMs);
    return new FetchFailure('rate-limited', 'ClinicalTrials.gov is limiting requests (HTTP 429)', {
      status: s,
      url,
      hint: 'lower --rate or try again later',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (s >= 500) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), nowMs);
    return new FetchFailure('server', `ClinicalTrials.gov had a server error (HTTP ${s})`, {
      status: s,
      url,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new FetchFailure('bad-response', `ClinicalTrials.gov answered HTTP ${s}${text ? `: ${text}` : ''}`, {
    status: s,
    url,
  });
}

/** Connection errors that, through a proxy, mean the proxy itself could not be reached. */
const PROXY_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const PROXY_BROKEN = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'HTTPParserError', 'HPE_INVALID_CONSTANT']);

/** `proxy`: the one requests to `url` go through, whose failure to connect is then named as the proxy's. */
function networkFailure(err: unknown, url: string, signal?: AbortSignal, proxy?: ProxyInUse): FetchFailure {
  if (signal?.aborted) return new FetchFailure('network', CANCELLED, { url, cause: err });
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  // "Error" and "TypeError" say nothing; a code or a specific name ("TimeoutError") does.
  const specific = (name: string | undefined) => (name && name !== 'Error' && name !== 'TypeError' ? name : undefined);
  const code = e.cause?.code ?? e.code ?? specific(e.cause?.name) ?? specific(e.name) ?? '';
  const host = safeHost(url);
  if (/TIMEOUT|TimeoutError|AbortError/i.test(code)) {
    const via = proxy ? `, through the proxy ${proxy.host} set in ${proxy.variable}` : '';
    return new FetchFailure('timeout', `ClinicalTrials.gov did not answer in time (${host}${via})`, {
      url,
      cause: err,
      hint: 'raise --timeout or try again later',
    });
  }
  const reason = code || e.cause?.message || 'connection failed';
  if (proxy) {
    const refused = causes(err)
      .map((c) => /Proxy response \((\d+)\)/.exec((c as { message?: string }).message ?? '')?.[1])
      .find((status) => status !== undefined);
    // Through a proxy, the only connection made is to the proxy: a failure to connect is the proxy's.
    if (refused)
      return new FetchFailure(
        'network',
        `the proxy ${proxy.host} (${proxy.variable}) would not connect to ${host} (HTTP ${refused})`,
        {
          url,
          cause: err,
          retryLimit: 0, // the proxy's answer does not change on a retry
          hint:
            refused !== '407'
              ? `check the proxy, or unset ${proxy.variable} to connect directly`
              : proxy.credentials
                ? `the proxy refused the user name and password in ${proxy.variable}: check them`
                : `the proxy wants a user name and password: put them in ${proxy.variable} ` +
                  '(http://user:password@host:port)',
        },
      );
    // Reset or garbled: the connection went through the proxy, whichever end broke it.
    if (PROXY_BROKEN.has(code))
      return new FetchFailure('network', `the connection to ${host} through the proxy ${proxy.host} failed (${code})`, {
        url,
        cause: err,
        hint: `check the proxy in ${proxy.variable}, or unset it to connect directly`,
      });
    if (PROXY_UNREACHABLE.has(code))
      return new FetchFailure('network', `cannot reach the proxy ${proxy.host} (${code}), set in ${proxy.variable}`, {
        url,
        cause: err,
        hint: `check ${proxy.variable}, or unset it to connect directly`,
        ...(code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? { retryLimit: 1 } : {}),
      });
  }
  // A name that does not resolve rarely resolves a few seconds later: one retry, not four.
  const dns = code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new FetchFailure('network', `cannot reach ${host} (${reason})`, {
    url,
    cause: err,
    hint: dns
      ? 'check the network connection, DNS or --api-base'
      : 'check the network connection, proxy settings or --api-base',
    ...(dns ? { retryLimit: 1 } : {}),
  });
}

/** An error and its causes (undici nests the proxy's answer two levels down). */
function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let c = err; c && typeof c === 'object' && out.length < 6; c = (c as { cause?: unknown }).cause) out.push(c);
  return out;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
