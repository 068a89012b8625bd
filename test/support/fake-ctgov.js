// @ts-check
// A loopback stand-in for the ClinicalTrials.gov v2 API, serving recorded fixtures (or synthetic
// copies of them) with the API's real habits: text/plain errors, 301 for alias IDs, a nextPageToken
// whenever a page is exactly full (so the last page can be empty), and optional injected faults.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/**
 * @typedef {{ id: string, json: string, aliases?: string[], lastUpdate?: string }} Rec
 * @typedef {{ kind: 'status', status: number, body?: string, headers?: Record<string,string> }
 *   | { kind: 'reset' } | { kind: 'stall', ms: number } | { kind: 'truncated' } | { kind: 'html' }
 *   | { kind: 'redirect', to: string }} Fault
 * @typedef {{ path: string, params: URLSearchParams, ids: string[], n: number }} FaultRequest
 */

/** @param {Rec | undefined} rec */
function lastUpdateOf(rec) {
  if (!rec) return undefined;
  return /"lastUpdatePostDateStruct"\s*:\s*\{\s*"date"\s*:\s*"([^"]+)"/.exec(rec.json)?.[1];
}

/** Every recorded study in fixtures/studies, keyed by NCT ID, as raw JSON text. */
export function fixtureRecords() {
  const dir = join(FIXTURES, 'studies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const json = readFileSync(join(dir, f), 'utf8');
      const s = JSON.parse(json);
      const idm = s.protocolSection.identificationModule;
      return /** @type {Rec} */ ({
        id: idm.nctId,
        json,
        aliases: idm.nctIdAliases ?? [],
        lastUpdate: s.protocolSection.statusModule?.lastUpdatePostDateStruct?.date,
      });
    });
}

/** The recorded studies under 100 KB: for tests about counts and pages, not record size. */
export function lightRecords() {
  return fixtureRecords().filter((r) => r.json.length < 100_000);
}

/**
 * N synthetic records: fixture i % k, compacted, with a fresh NCT ID (NCT9xxxxxxx) written into its text (and,
 * past the first k, "Copy 1: " … before its title).
 * Text is generated on demand, so 20,000 records cost only the fixtures' memory.
 * @param {number} n @param {Rec[]} [base]
 */
export function syntheticStore(n, base = fixtureRecords()) {
  // The API sends compact JSON; the recorded fixtures are pretty-printed.
  const compact = base.map((b) => ({ ...b, json: JSON.stringify(JSON.parse(b.json)) }));
  const idAt = (/** @type {number} */ i) => `NCT9${String(i).padStart(7, '0')}`;
  const ids = Array.from({ length: n }, (_, i) => idAt(i));
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    ids: () => ids,
    /** @param {string} id */
    has: (id) => index.has(id),
    /** @param {string} id */
    get(id) {
      const i = index.get(id);
      if (i === undefined) return undefined;
      const b = /** @type {Rec} */ (compact[i % compact.length]);
      const json = b.json.split(b.id).join(id);
      // Each copy after the first gets a title of its own, as real trials have: a listing's snapshot of a trial
      // (named by its content) is then its own file, as it is in a real listing, not one shared by every copy.
      const copy = Math.floor(i / compact.length);
      return { id, json: copy ? json.replace('"briefTitle":"', `"briefTitle":"Copy ${copy}: `) : json };
    },
  };
}

/** @param {Rec[]} recs */
export function arrayStore(recs) {
  let list = recs;
  return {
    ids: () => list.map((r) => r.id),
    /** @param {string} id */
    get: (id) => list.find((r) => r.id === id),
    /** @param {Rec[]} next */
    set(next) {
      list = next;
    },
  };
}

/**
 * @param {{
 *   store: { ids(): string[], get(id: string): Rec | undefined, has?(id: string): boolean },
 *   latencyMs?: number,
 *   fault?: (req: FaultRequest) => Fault | undefined,
 *   search?: (params: URLSearchParams, ids: string[]) => string[],
 *   version?: () => ({ apiVersion: string, dataTimestamp: string } | undefined),
 * }} opts
 */
export async function startFakeCtgov(opts) {
  /** @type {string[]} */
  const requests = [];
  let n = 0;
  const aliasOf = () => {
    /** @type {Map<string,string>} */
    const m = new Map();
    for (const id of opts.store.ids()) for (const a of opts.store.get(id)?.aliases ?? []) m.set(a.toUpperCase(), id);
    return m;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    n += 1;
    /** @type {Fault | undefined} */
    let fault;
    const text = (/** @type {number} */ status, /** @type {string} */ body, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type });
      // A truncated answer: the real body, cut in the middle (some whole studies included).
      if (fault?.kind === 'truncated' && status === 200) return res.end(body.slice(0, Math.floor(body.length / 2)));
      res.end(body);
    };
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    const path = url.pathname.replace(/^\/api\/v2/, '');
    const idMatch = /^\/studies\/([^/]+)$/.exec(path);
    const ids = idMatch
      ? [decodeURIComponent(idMatch[1] ?? '').toUpperCase()]
      : (url.searchParams.get('filter.ids') ?? '')
          .split(/[,|]/)
          .filter(Boolean)
          .map((s) => s.toUpperCase());
    fault = opts.fault?.({ path, params: url.searchParams, ids, n });
    if (fault && fault.kind !== 'truncated') {
      if (fault.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'text/plain', ...(fault.headers ?? {}) });
        return res.end(fault.body ?? `HTTP ${fault.status}`);
      }
      if (fault.kind === 'reset') return req.socket.destroy();
      if (fault.kind === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"protocolSection":');
        return void setTimeout(() => res.end('{}}'), fault.ms).unref();
      }
      if (fault.kind === 'html')
        return text(
          200,
          '<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>',
          'text/html',
        );
      if (fault.kind === 'redirect') {
        res.writeHead(301, { location: fault.to });
        return res.end();
      }
    }
    if (path === '/version') {
      const v = opts.version ? opts.version() : { apiVersion: '2.0.5', dataTimestamp: '2026-11-26T09:00:00' };
      return v ? text(200, JSON.stringify(v), 'application/json') : text(500, 'version unavailable');
    }
    if (idMatch) {
      const id = ids[0] ?? '';
      if (!/^NCT0*[1-9]\d{0,7}$/.test(id)) return text(400, `nctId ${id} has incorrect format`);
      const rec = opts.store.get(id);
      if (rec) return text(200, rec.json, 'application/json');
      const canonical = aliasOf().get(id);
      if (canonical) {
        res.writeHead(301, { location: `/api/v2/studies/${canonical}` });
        return res.end();
      }
      return text(404, `Study ${id} not found`);
    }
    if (path === '/studies') {
      for (const id of ids)
        if (!/^NCT0*[1-9]\d{0,7}$/.test(id)) return text(400, `filter.ids has incorrect format for value ${id}`);
      let matched;
      if (url.searchParams.has('filter.ids')) {
        // The alias map reads every record: made only when an ID is not one of them (the bench asks for 10,000).
        /** @type {Map<string, string> | undefined} */
        let aliases;
        const known = (/** @type {string} */ id) => (opts.store.has ? opts.store.has(id) : !!opts.store.get(id));
        const canonical = (/** @type {string} */ id) => {
          if (known(id)) return id;
          aliases ??= aliasOf();
          return aliases.get(id);
        };
        matched = [...new Set(ids.map(canonical).filter((x) => x !== undefined))];
      } else matched = opts.search ? opts.search(url.searchParams, opts.store.ids()) : opts.store.ids();
      // The one Essie clause the tests need: AREA[LastUpdatePostDate]RANGE[date,MAX].
      const since = /AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),MAX\]/.exec(
        url.searchParams.get('filter.advanced') ?? '',
      )?.[1];
      if (since) matched = matched.filter((id) => (lastUpdateOf(opts.store.get(id)) ?? '') >= since);
      const pageSize = Math.min(1000, Number(url.searchParams.get('pageSize') || 10) || 10);
      const offset = Number(Buffer.from(url.searchParams.get('pageToken') ?? 'MA==', 'base64').toString()) || 0;
      const slice = matched.slice(offset, offset + pageSize);
      // Like the real API: a token whenever the page is exactly full, even if nothing follows.
      const token = slice.length === pageSize ? Buffer.from(String(offset + pageSize)).toString('base64') : undefined;
      // fields=NCTId,LastUpdatePostDate: only those pieces, as the API does.
      const idOnly = (url.searchParams.get('fields') ?? '') !== '';
      const json = (/** @type {string} */ id) => {
        const rec = opts.store.get(id);
        if (!idOnly) return rec?.json ?? 'null';
        return JSON.stringify({
          protocolSection: {
            identificationModule: { nctId: id },
            statusModule: { lastUpdatePostDateStruct: { date: lastUpdateOf(rec) } },
          },
        });
      };
      const tail = `]${token ? `,"nextPageToken":"${token}"` : ''}}`;
      if (fault?.kind === 'truncated')
        return text(200, `{"studies":[${slice.map(json).join(',')}${tail}`, 'application/json');
      // Streamed study by study, as a server sends a large page: the first bytes leave before the last study is read.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"studies":[');
      for (const [i, id] of slice.entries()) {
        if (res.destroyed) return;
        if (!res.write(i ? `,${json(id)}` : json(id)))
          await new Promise((r) => {
            const go = () => {
              res.off('drain', go);
              res.off('close', go);
              r(undefined);
            };
            res.on('drain', go);
            res.on('close', go);
          });
      }
      return res.end(tail);
    }
    return text(404, '<html><body>404 Not Found</body></html>', 'text/html');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${addr.port}`;
  return {
    origin,
    baseUrl: `${origin}/api/v2`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
