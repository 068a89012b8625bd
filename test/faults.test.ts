import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLines } from './helpers.js';
import { arrayStore, type Fault, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';
import { cli } from './support/cli.js';

// The fault matrix: the CLI, in-process through run(argv, io), against a loopback server that
// misbehaves on cue. Signals and kills, which need a real process, are in interrupts.e2e.test.ts.
const runIn = (args: string[]) => cli(args, { env: {} });

const recs = fixtureRecords();
const IDS = ['NCT07438847', 'NCT02513394', 'NCT03745326', 'NCT05438667', 'NCT00072579'];
const fast = ['--rate', '0', '--retries', '2', '--retry-delay', '5', '--timeout', '800'];
const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(fault?: Parameters<typeof startFakeCtgov>[0]['fault'], store = arrayStore(recs)) {
  const s = await startFakeCtgov({ store, ...(fault ? { fault } : {}) });
  servers.push(s);
  return s;
}

const complete = (dir: string) => {
  const files = readdirSync(dir);
  for (const f of files.filter((x) => !x.startsWith('.'))) {
    expect(readFileSync(join(dir, f), 'utf8'), f).toMatch(/Talk with your doctor before you join a trial\.\n$/);
  }
  return files;
};

describe('transient faults are retried and the batch completes', () => {
  const transient: [string, Fault][] = [
    ['429 with Retry-After', { kind: 'status', status: 429, headers: { 'retry-after': '0' } }],
    ['429 without Retry-After', { kind: 'status', status: 429 }],
    ['500', { kind: 'status', status: 500 }],
    ['502', { kind: 'status', status: 502 }],
    ['503', { kind: 'status', status: 503 }],
    ['504', { kind: 'status', status: 504 }],
    ['connection reset', { kind: 'reset' }],
    ['stall longer than --timeout', { kind: 'stall', ms: 5000 }],
    ['200 with truncated JSON', { kind: 'truncated' }],
    ['200 with an HTML error page', { kind: 'html' }],
  ];
  it.each(transient)('%s, twice, then fine → every ID delivered, exit 0', async (_name, fault) => {
    const s = await serve(({ n }) => (n <= 2 ? fault : undefined));
    const out = mkdtempSync(join(tmpdir(), 'trialcard-fault-'));
    const r = await runIn(['fetch', ...IDS, '--out', out, '--api-base', s.baseUrl, ...fast]);
    expect(r.stderr).toBe('trialcard: 5 delivered, 0 not found, 0 failed\n');
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(3);
    expect(complete(out).sort()).toEqual(IDS.map((id) => `${id}.md`).sort());
  });

  it('a single fetch retries too', async () => {
    const s = await serve(({ n }) => (n === 1 ? { kind: 'status', status: 503 } : undefined));
    const r = await runIn(['fetch', 'NCT07438847', '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nct_id: NCT07438847');
  });
});

describe('faults that persist', () => {
  it('a record that makes the server fail costs only its own ID: exit 1, the others delivered', async () => {
    const s = await serve(({ ids }) => (ids.includes('NCT03745326') ? { kind: 'status', status: 500 } : undefined));
    const out = mkdtempSync(join(tmpdir(), 'trialcard-fault-'));
    const r = await runIn(['fetch', ...IDS, '--out', out, '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'trialcard: error: 4 delivered, 0 not found, 1 failed: NCT03745326 (ClinicalTrials.gov had a server error ' +
        '(HTTP 500))\n',
    );
    expect(complete(out)).toHaveLength(4);
  });

  it('an upstream that stays down → exit 3, every ID named with the cause', async () => {
    const s = await serve(() => ({ kind: 'status', status: 503 }));
    const r = await runIn(['fetch', ...IDS, '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`^trialcard: error: 0 delivered, 0 not found, 5 failed: NCT\d{8}(, NCT\d{8}){4} ` +
          String.raw`\(ClinicalTrials.gov had a server error \(HTTP 503\)\)\n$`,
      ),
    );
    expect(s.requests).toHaveLength(3);
  });

  it('403 is "blocked", never retried, exit 3', async () => {
    const s = await serve(() => ({ kind: 'status', status: 403, body: 'Forbidden' }));
    const r = await runIn(['fetch', 'NCT07438847', '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'trialcard: error: ClinicalTrials.gov blocked the request (HTTP 403) (try again later or from another ' +
        'network; a proxy or --user-agent may help)\n',
    );
    expect(s.requests).toHaveLength(1);
  });
});

describe('aliases (301)', () => {
  // The registry lists old IDs in identificationModule.nctIdAliases.
  const withAlias = (json: string) =>
    json.replace('"nctId": "NCT07438847"', '"nctId": "NCT07438847", "nctIdAliases": ["NCT00000042"]');
  const aliased = arrayStore(
    recs.map((r) => (r.id === 'NCT07438847' ? { ...r, json: withAlias(r.json), aliases: ['NCT00000042'] } : r)),
  );
  it('a single fetch follows the redirect and says where the trial lives now', async () => {
    const s = await serve(undefined, aliased);
    const out = mkdtempSync(join(tmpdir(), 'trialcard-alias-'));
    const r = await runIn(['fetch', 'NCT00000042', '--out', out, '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'NCT00000042 now lives under NCT07438847 on ClinicalTrials.gov; delivered as NCT07438847',
    );
    expect(readdirSync(out)).toEqual(['NCT07438847.md']);
    expect(s.requests).toEqual(['/api/v2/studies/NCT00000042', '/api/v2/studies/NCT07438847']);
  });
  it('a batch maps the record back to the ID asked for', async () => {
    const s = await serve(undefined, aliased);
    const r = await runIn([
      'fetch',
      'NCT00000042',
      'NCT02513394',
      '--format',
      'ndjson',
      '--api-base',
      s.baseUrl,
      ...fast,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('NCT00000042 now lives under NCT07438847');
  });
});

describe('schema drift', () => {
  it('unknown enum values and modules still render, one warning per unknown value', async () => {
    const base = JSON.parse(recs.find((r) => r.id === 'NCT07438847')?.json ?? '{}');
    base.protocolSection.statusModule.overallStatus = 'PAUSED_FOR_REVIEW';
    base.protocolSection.designModule.phases = ['PHASE1', 'PHASE5'];
    base.protocolSection.futureModule = { something: { new: [1, 2, 3] } };
    base.protocolSection.contactsLocationsModule.locations = [
      { city: 'Beijing', country: 'China', status: 'WAITLISTED' },
      { city: 'Shanghai', country: 'China', status: 'WAITLISTED' },
    ];
    base.newSection = { x: 1 };
    const s = await serve(undefined, arrayStore([{ id: 'NCT07438847', json: JSON.stringify(base) }]));
    const r = await runIn(['fetch', 'NCT07438847', '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- **Status:** Paused for review');
    expect(r.stdout).toContain('- **Phase:** Phase 1/Phase5');
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      'trialcard: warning: NCT07438847: unknown Phase value "PHASE5"; shown as "Phase5"',
      'trialcard: warning: NCT07438847: unknown RecruitmentStatus value "WAITLISTED"; shown as "Waitlisted"',
      'trialcard: warning: NCT07438847: unknown Status value "PAUSED_FOR_REVIEW"; shown as "Paused for review"',
    ]);
  });
  it('a record with the wrong shape is a per-ID failure, not a crash', async () => {
    const s = await serve(
      undefined,
      arrayStore([
        {
          id: 'NCT07438847',
          json: JSON.stringify({
            protocolSection: { identificationModule: { nctId: 'NCT07438847' }, designModule: { phases: 'PHASE1' } },
          }),
        },
      ]),
    );
    const r = await runIn(['fetch', 'NCT07438847', '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'trialcard: error: NCT07438847: record does not match the v2 study schema at ' +
        'protocolSection.designModule.phases: Invalid input: expected array, received string\n',
    );
  });
  it('a record whose nctId is not an NCT ID never names a file', async () => {
    const s = await serve(
      undefined,
      arrayStore([{ id: 'NCT07438847', json: '{"protocolSection":{"identificationModule":{"nctId":"../../evil"}}}' }]),
    );
    const out = mkdtempSync(join(tmpdir(), 'trialcard-evil-'));
    const r = await runIn(['fetch', 'NCT07438847', '--out', out, '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a run that writes nothing leaves no folder it made', () => {
  const always: Fault = { kind: 'status', status: 503 };
  it.each([
    ['fetch', (out: string, base: string) => ['fetch', 'NCT07438847', '--out', out, '--api-base', base, ...fast]],
    [
      'search --out',
      (out: string, base: string) => ['search', '--cond', 'x', '--out', out, '--api-base', base, ...fast],
    ],
  ])('%s: every request failed → the folders it made are gone; one that was there stays', async (_name, args) => {
    const s = await serve(() => always);
    const root = mkdtempSync(join(tmpdir(), 'trialcard-empty-'));
    const r = await runIn(args(join(root, 'new', 'deeper'), s.baseUrl));
    expect(r.code).toBe(3);
    expect(readdirSync(root)).toEqual([]);
    const kept = join(root, 'kept');
    mkdirSync(kept);
    expect((await runIn(args(kept, s.baseUrl))).code).toBe(3);
    expect(readdirSync(root)).toEqual(['kept']);
  });

  it('a folder with a page in it stays, and so does the page', async () => {
    const s = await serve(({ ids }) => (ids.includes('NCT02513394') ? { kind: 'status', status: 500 } : undefined));
    const out = join(mkdtempSync(join(tmpdir(), 'trialcard-empty-')), 'new');
    const r = await runIn(['fetch', 'NCT07438847', 'NCT02513394', '--out', out, '--api-base', s.baseUrl, ...fast]);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual(['NCT07438847.md']);
  });
});

describe('a listing the registry stops partway', () => {
  it('says what was done, and that the index and manifest wait for the next run; at once, one line', async () => {
    const s = await serve(({ params }) => (params.get('pageToken') ? { kind: 'status', status: 503 } : undefined));
    const out = join(mkdtempSync(join(tmpdir(), 'trialcard-stop-')), 'listing');
    const args = ['search', '--cond', 'x', '--out', out, '--page-size', '2', '--api-base', s.baseUrl, ...fast];
    const r = await runIn([...args, '--log', 'json']);
    expect(r.code).toBe(3);
    const lines = jsonLines(r.stderr);
    const said = lines.map((l) => String(l.message)).filter((m) => /^(stopped|checked)/.test(m));
    expect(said[0]).toMatch(/^stopped: ClinicalTrials.gov had a server error \(HTTP 503\)/);
    expect(said[1]).toMatch(
      /^checked 2, changed 0, added 2, .* the index and manifest were not updated: run the same command again/,
    );
    expect(lines.at(-1)).toMatchObject({ exitCode: 3, checked: 2, added: 2, wrote: false });
    // A request the registry refuses (400) partway is still the run's own error, not a stop: exit 2, one line.
    const refused = await serve(({ params }) =>
      params.get('pageToken') ? { kind: 'status', status: 400, body: 'bad pageToken' } : undefined,
    );
    const r400 = await runIn([
      'search',
      '--cond',
      'x',
      '--out',
      `${out}3`,
      '--page-size',
      '2',
      '--api-base',
      refused.baseUrl,
      ...fast,
    ]);
    expect(r400.code).toBe(2);
    expect(r400.stderr.trim().split('\n')).toHaveLength(1);
    // At once: the registry's own error, alone.
    const t = await serve(({ path }) => (path === '/studies' ? { kind: 'status', status: 503 } : undefined));
    const first = await runIn(['search', '--cond', 'x', '--out', `${out}2`, '--api-base', t.baseUrl, ...fast]);
    expect(first.code).toBe(3);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
  });
});
