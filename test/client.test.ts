import { rawIds } from '../src/ctgov/schema.js';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/ctgov/client.js';
import { studyValue } from '../src/ctgov/page-splitter.js';
import { FetchFailure } from '../src/errors.js';
import { arrayStore, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';

// nock intercepts Node's global fetch, which is exactly what the client calls (with an undici
// Agent as dispatcher), so these tests run the production code path.
const BASE = 'https://clinicaltrials.gov/api/v2';
const fast = { rate: 0, retries: 2, sleep: async () => {}, random: () => 0.5 };
const study = { protocolSection: { identificationModule: { nctId: 'NCT07438847', briefTitle: 'x' } } };

describe('client with nock (production fetch path)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return e as FetchFailure;
    }
    throw new Error('expected a failure');
  };

  it('sends Accept and User-Agent and parses the study', async () => {
    const scope = nock(BASE, { reqheaders: { accept: 'application/json', 'user-agent': 'trialcard/9.9' } })
      .get('/studies/NCT07438847')
      .reply(200, study);
    const c = createClient({ ...fast, userAgent: 'trialcard/9.9' });
    expect((await c.getStudy('NCT07438847')).study).toEqual(study);
    scope.done();
  });

  it.each([
    [404, 'Study not found', 'not-found', 'NCT07438847 was not found on ClinicalTrials.gov'],
    [
      400,
      'nctId NCT1 has incorrect format',
      'rejected',
      'ClinicalTrials.gov rejected the request: nctId NCT1 has incorrect format',
    ],
    [403, 'Forbidden', 'blocked', 'ClinicalTrials.gov blocked the request (HTTP 403)'],
  ])('HTTP %i → %s', async (status, body, kind, message) => {
    nock(BASE).get('/studies/NCT07438847').reply(status, body, { 'content-type': 'text/plain' });
    const e = await failure(createClient(fast).getStudy('NCT07438847'));
    expect(e.kind).toBe(kind);
    expect(e.message).toBe(message);
  });

  it('a 200 HTML page is a clear error, after retries', async () => {
    nock(BASE)
      .get('/studies/NCT07438847')
      .times(3)
      .reply(200, '<!DOCTYPE html><html>maintenance</html>', { 'content-type': 'text/html' });
    const e = await failure(createClient(fast).getStudy('NCT07438847'));
    expect(e.kind).toBe('bad-response');
    expect(e.message).toMatch(/HTML page instead of JSON/);
  });

  it.each([
    ['<!DOCTYPE html><html>maintenance</html>'],
    ['\ufeff<html>maintenance</html>'],
    ['\n  <html>maintenance</html>'],
  ])('a 200 HTML search page %j is a clear error, after retries', async (body) => {
    nock(BASE).get('/studies').query(true).times(3).reply(200, body, { 'content-type': 'text/html' });
    const e = await failure(createClient(fast).eachStudy({ 'query.cond': 'x' }, async () => {}));
    expect(e.kind).toBe('bad-response');
    expect(e.message).toMatch(/HTML page instead of JSON/);
  });

  it('a truncated 200 is a clear error', async () => {
    nock(BASE)
      .get('/studies/NCT07438847')
      .times(3)
      .reply(200, '{"protocolSection":{"identif', { 'content-type': 'application/json' });
    const e = await failure(createClient(fast).getStudy('NCT07438847'));
    expect(e.message).toMatch(/truncated or invalid JSON/);
  });

  it('retries 503 and 429 (honouring Retry-After), then succeeds', async () => {
    const waits: number[] = [];
    nock(BASE)
      .get('/studies/NCT07438847')
      .reply(503, 'busy')
      .get('/studies/NCT07438847')
      .reply(429, 'slow down', { 'retry-after': '7' })
      .get('/studies/NCT07438847')
      .reply(200, study);
    const c = createClient({ ...fast, retries: 3, sleep: async (ms) => void waits.push(ms) });
    expect((await c.getStudy('NCT07438847')).study).toEqual(study);
    expect(waits).toEqual([1000, 7000]);
  });

  it('follows a 301 alias to the canonical record', async () => {
    nock(BASE)
      .get('/studies/NCT00000001')
      .reply(301, '', { location: `${BASE}/studies/NCT07438847` })
      .get('/studies/NCT07438847')
      .reply(200, study);
    const r = await createClient(fast).getStudy('NCT00000001');
    expect(rawIds(r.study).nctId).toBe('NCT07438847');
  });

  it('a connection error is a network failure', async () => {
    nock(BASE).get('/studies/NCT07438847').times(3).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const e = await failure(createClient(fast).getStudy('NCT07438847'));
    expect(['network', 'timeout']).toContain(e.kind);
    expect(e.exitCode).toBe(3);
  });
});

describe('the same client against a loopback server', () => {
  let server: Awaited<ReturnType<typeof startFakeCtgov>>;
  const recs = fixtureRecords();
  beforeAll(async () => {
    server = await startFakeCtgov({
      store: arrayStore(recs.map((r) => (r.id === 'NCT07438847' ? { ...r, aliases: ['NCT00000042'] } : r))),
    });
  });
  afterAll(() => server.close());

  it('gets a study over real HTTP', async () => {
    const c = createClient({ ...fast, baseUrl: server.baseUrl });
    const r = await c.getStudy('NCT07438847');
    expect((r.study as typeof study).protocolSection.identificationModule.nctId).toBe('NCT07438847');
    await c.close();
  });

  it('follows the alias redirect', async () => {
    const c = createClient({ ...fast, baseUrl: server.baseUrl });
    const r = await c.getStudy('NCT00000042');
    expect(rawIds(r.study).nctId).toBe('NCT07438847');
    await c.close();
  });

  it('pages to the end, stopping at the empty page after an exactly full one', async () => {
    const c = createClient({ ...fast, baseUrl: server.baseUrl });
    const before = server.requests.length;
    let n = 0;
    await c.eachStudy({ 'query.cond': 'x', pageSize: String(recs.length / 2) }, async (s) => {
      expect((studyValue(s) as typeof study).protocolSection.identificationModule.nctId).toMatch(/^NCT\d{8}$/);
      n += 1;
    });
    expect(recs.length % 2).toBe(0);
    expect(n).toBe(recs.length);
    expect(server.requests.length - before).toBe(3);
    // Every page repeats page 1's parameters.
    for (const r of server.requests.slice(before)) expect(r).toContain(`query.cond=x&pageSize=${recs.length / 2}`);
    await c.close();
  });

  it('the next page is asked for while the caller still works through this one', async () => {
    const c = createClient({ ...fast, baseUrl: server.baseUrl });
    const before = server.requests.length;
    const half = recs.length / 2;
    const asked: number[] = [];
    const requests = () => server.requests.length - before;
    await c.eachStudy({ 'query.cond': 'x', pageSize: String(half) }, async () => {
      await new Promise((r) => setTimeout(r, 5)); // a caller slower than the loopback registry
      // On the last study of page 1 the caller stays busy (up to a second, so a loaded machine cannot fail it)
      // until page 2 is asked for: a reader that waits for the caller to finish the page never asks meanwhile.
      if (asked.length === half - 1)
        for (const t0 = Date.now(); requests() < 2 && Date.now() - t0 < 1000; )
          await new Promise((r) => setTimeout(r, 5));
      asked.push(requests());
    });
    expect(asked).toHaveLength(recs.length);
    // While the caller still worked on the last study of page 1, page 2 was asked for.
    expect(asked[half - 1]).toBeGreaterThanOrEqual(2);
    await c.close();
  });

  it('a failure of the caller stops the reading and is thrown as it is, not as a fetch failure', async () => {
    const c = createClient({ ...fast, baseUrl: server.baseUrl });
    const before = server.requests.length;
    const disk = new Error('disk full');
    let n = 0;
    await expect(
      c.eachStudy({ 'query.cond': 'x', pageSize: '5' }, async () => {
        if (++n === 3) throw disk;
      }),
    ).rejects.toBe(disk);
    expect(n).toBe(3);
    // Reading ahead stops at the caller's failure: at most the page after the first is asked for.
    expect(server.requests.length - before).toBeLessThanOrEqual(2);
    await c.close();
  });

  it("a caller's failure cancels the reader's request in flight instead of waiting for it", async () => {
    let pages = 0;
    const stalled = await startFakeCtgov({
      store: arrayStore(recs),
      // Page 2 starts and then hangs far longer than the test may run.
      fault: ({ path }) => (path === '/studies' && ++pages === 2 ? { kind: 'stall', ms: 60_000 } : undefined),
    });
    const c = createClient({ ...fast, baseUrl: stalled.baseUrl });
    const disk = new Error('disk full');
    await expect(
      c.eachStudy({ 'query.cond': 'x', pageSize: '5' }, async () => {
        while (stalled.requests.length < 2) await new Promise((r) => setTimeout(r, 5));
        throw disk; // the reader is now waiting on the stalled page 2
      }),
    ).rejects.toBe(disk);
    await c.close();
    await stalled.close();
  });

  it('an interrupt stops the caller at once, not after the studies read ahead', async () => {
    const controller = new AbortController();
    const c = createClient({ ...fast, baseUrl: server.baseUrl, signal: controller.signal });
    let n = 0;
    const run = c.eachStudy({ 'query.cond': 'x', pageSize: String(recs.length) }, async () => {
      n += 1;
      if (n === 1) {
        await new Promise((r) => setTimeout(r, 50)); // the whole page is read ahead meanwhile
        controller.abort();
      }
    });
    await expect(run).rejects.toThrow(/request cancelled/);
    expect(n).toBe(1);
    await c.close();
  });

  it('a page cut short mid-stream is retried and no study is handed over twice', async () => {
    let calls = 0;
    const cut = await startFakeCtgov({
      store: arrayStore(recs),
      fault: ({ path }) => (path === '/studies' && ++calls === 1 ? { kind: 'truncated' } : undefined),
    });
    const ids: string[] = [];
    let handedBeforeRetry = 0;
    const c2 = createClient({
      ...fast,
      baseUrl: cut.baseUrl,
      onRetry: () => {
        handedBeforeRetry = ids.length;
      },
    });
    await c2.eachStudy(
      { 'query.cond': 'x', pageSize: '100' },
      async (s) => void ids.push((studyValue(s) as typeof study).protocolSection.identificationModule.nctId),
    );
    expect(ids).toHaveLength(recs.length);
    expect(new Set(ids).size).toBe(recs.length);
    expect(handedBeforeRetry).toBeGreaterThan(0);
    expect(cut.requests).toHaveLength(2);
    await c2.close();
    await cut.close();
  });

  it('a refused connection is a network failure with exit code 3', async () => {
    // A port that was just listening and is now closed: the connection is really refused.
    const gone = await startFakeCtgov({ store: arrayStore([]) });
    await gone.close();
    const c = createClient({ ...fast, retries: 0, baseUrl: gone.baseUrl });
    const e = await c.getStudy('NCT07438847').catch((x: unknown) => x as FetchFailure);
    await c.close();
    expect(e).toBeInstanceOf(FetchFailure);
    expect((e as FetchFailure).exitCode).toBe(3);
    expect((e as FetchFailure).message).toMatch(/^cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });
});
