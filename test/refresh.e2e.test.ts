import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadListing } from '../src/io/listing-store.js';
import { snapshotPacks } from '../src/io/snapshot-packs.js';
import { windowStart } from '../src/listing/manifest.js';
import { sha256 } from '../src/model/hash.js';
import { fixtureRecords, type Rec, startFakeCtgov, syntheticStore } from './support/fake-ctgov.js';
import { cli } from './support/cli.js';
import { BIN } from './support/run-bin.js';

const runIn = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
  cli(args, { env: opts.env ?? {}, ...(opts.input !== undefined ? { stdin: opts.input } : {}) });

// A cron job's view: the built bin against a loopback registry whose records change between runs.
const base = fixtureRecords()
  .filter((r) => !['NCT02513394', 'NCT04267848', 'NCT03793179'].includes(r.id))
  .slice(0, 12);
// biome-ignore lint/suspicious/noExplicitAny: a record is edited freely, as a test fixture
const edit = (r: Rec, f: (s: Record<string, any>) => void): Rec => {
  const s = JSON.parse(r.json);
  f(s);
  return { ...r, json: JSON.stringify(s) };
};

let records: Rec[] = base;
let members: string[] = base.slice(0, 10).map((r) => r.id);
let versionUp = true;
const store = { ids: () => records.map((r) => r.id), get: (id: string) => records.find((r) => r.id === id) };
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
beforeAll(async () => {
  server = await startFakeCtgov({
    store,
    search: () => members,
    version: () => (versionUp ? { apiVersion: '2.0.5', dataTimestamp: '2026-11-26T09:00:00' } : undefined),
  });
});
afterAll(() => server.close());

const api = () => ['--api-base', server.baseUrl, '--rate', '0', '--retries', '0'];
// Every write is temp file + rename, so a rewritten file has a new inode: no clock gap needed to see it.
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).ino]));
const changed = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(b)
    .filter((f) => a[f] !== b[f])
    .sort();

describe('search --out DIR, then refresh DIR', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'trialcard-listing-')), 'site');
  const [A, B] = members as [string, string];
  const C = base[11]?.id as string;

  it('creates pages, an index and a manifest', async () => {
    const r = await runIn([
      'search',
      '--cond',
      'cancer',
      '--status',
      'recruiting',
      '--out',
      dir,
      '--title',
      'Cancer trials',
      ...api(),
    ]);
    expect(r.stderr).toBe('trialcard: checked 10, changed 0, added 10, left 0, removed 0, failed 0\n');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(
      [...members.map((id) => `${id}.md`), '.trialcard', 'index.md', 'changes.md', 'feed.xml', 'trialcard.json'].sort(),
    );
    const m = JSON.parse(readFileSync(join(dir, 'trialcard.json'), 'utf8'));
    // One snapshot per trial, for the next refresh's change log, all in the run's one pack.
    const snapshots = join(dir, '.trialcard', 'snapshots');
    expect(readdirSync(snapshots)).toEqual([expect.stringMatching(/\.pack$/)]);
    for (const id of members) {
      const { snapshotHash, snapshotAt } = m.trials[id];
      expect((await snapshotPacks(snapshots).read(snapshotHash, snapshotAt))?.title, id).toBe(m.trials[id].title);
    }
    expect(m.params).toEqual({ 'query.cond': 'cancer', 'filter.overallStatus': 'RECRUITING' });
    expect(m.dataTimestamp).toBe('2026-11-26T09:00:00');
    expect(m.trials[A]).toMatchObject({ file: `${A}.md`, inListing: true });
    expect(m.trials[A].fileHash).toBe(sha256(readFileSync(join(dir, `${A}.md`), 'utf8')));
    const index = readFileSync(join(dir, 'index.md'), 'utf8');
    expect(index).toMatch(/^# Cancer trials\n\n10 trials in this listing\. Registry data as of 2026-11-26\./);
    expect(index.match(/^- \[/gm)).toHaveLength(10);
  });

  it('a second run rewrites exactly the changed, entered and left trials (and the index and manifest)', async () => {
    const before = snapshot(dir);
    records = records.map((r) => {
      if (r.id === A)
        return edit(r, (s) => {
          s.protocolSection.identificationModule.briefTitle = 'A new title';
          s.protocolSection.statusModule.lastUpdatePostDateStruct = { date: '2026-11-25', type: 'ACTUAL' };
        });
      if (r.id === B)
        return edit(r, (s) => {
          s.protocolSection.statusModule.overallStatus = 'COMPLETED';
          s.protocolSection.statusModule.lastUpdatePostDateStruct = { date: '2026-11-25', type: 'ACTUAL' };
        });
      return r;
    });
    members = [...members.filter((id) => id !== B), C];
    // A dry run first: the diff on stdout, the changes as JSON events, and not one file touched.
    const untouched = snapshot(dir);
    const dry = await runIn(['refresh', dir, '--dry-run', '--log', 'json', ...api()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${A} A new title (changed)\n  Title: `);
    expect(dry.stdout).toContain(`${B} `);
    expect(dry.stdout).toContain(`${C} `);
    const events = dry.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.nctId === A)?.changes?.[0]).toMatchObject({ field: 'title', to: 'A new title' });
    expect(events.at(-1)).toMatchObject({ message: 'summary', wrote: false });
    expect(snapshot(dir)).toEqual(untouched);
    const n = server.requests.length;
    const { watermark } = JSON.parse(readFileSync(join(dir, 'trialcard.json'), 'utf8')) as { watermark: string };
    const r = await runIn(['refresh', dir, ...api()]);
    // A (window), the trial on the watermark day (re-checked by the overlap, unchanged), C entered, B left.
    expect(r.stderr).toBe(
      `trialcard: checked 4, changed 2, added 1, left 1, removed 0, failed 0; gone from the search: ${B}\n`,
    );
    expect(r.code).toBe(0);
    expect(changed(before, snapshot(dir))).toEqual(
      [`${A}.md`, `${B}.md`, `${C}.md`, 'index.md', 'changes.md', 'feed.xml', 'trialcard.json'].sort(),
    );
    // /version, the ID-only membership query, the recent-updates window, one by-ID request (B, which left).
    expect(server.requests.slice(n).map((u) => u.split('?')[0])).toEqual([
      '/api/v2/version',
      '/api/v2/studies',
      '/api/v2/studies',
      `/api/v2/studies/${B}`,
    ]);
    expect(server.requests[n + 1]).toContain('fields=NCTId,LastUpdatePostDate');
    expect(decodeURIComponent(server.requests[n + 2] ?? '')).toContain(
      `AREA[LastUpdatePostDate]RANGE[${windowStart(watermark)},MAX]`,
    );
    expect(readFileSync(join(dir, `${A}.md`), 'utf8')).toContain('# A new title');
    expect(readFileSync(join(dir, `${B}.md`), 'utf8')).toContain('- **Status:** Completed');
    const index = readFileSync(join(dir, 'index.md'), 'utf8');
    expect(index).toContain('## No longer in this listing');
    expect(index.split('## No longer in this listing')[1]).toContain(B);
    const m = JSON.parse(readFileSync(join(dir, 'trialcard.json'), 'utf8'));
    expect(m.trials[B]).toMatchObject({ inListing: false, statusCode: 'COMPLETED' });
  });

  it('a third run writes nothing', async () => {
    const before = snapshot(dir);
    const r = await runIn(['refresh', dir, ...api()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/nothing to write\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses to publish an empty answer (exit 3, nothing changed) unless --allow-empty', async () => {
    const before = snapshot(dir);
    const saved = members;
    members = [];
    const r = await runIn(['refresh', dir, ...api()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the registry answered with no trials where .* lists 10; nothing was changed/);
    expect(snapshot(dir)).toEqual(before);
    members = saved;
  });

  it('refuses when /version cannot be read', async () => {
    const before = snapshot(dir);
    versionUp = false;
    const r = await runIn(['refresh', dir, ...api()]);
    versionUp = true;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot read the registry's \/version, so nothing was published/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a second run on a locked listing exits 4; a dead owner's lock is taken over", async () => {
    writeFileSync(
      join(dir, '.trialcard.lock'),
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), started: 'now' }),
    );
    const r = await runIn(['refresh', dir, ...api()]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/is being updated by another trialcard run \(pid \d+/);
    writeFileSync(
      join(dir, '.trialcard.lock'),
      JSON.stringify({ pid: 2 ** 22 + 7, host: (await import('node:os')).hostname(), started: 'then' }),
    );
    const t = await runIn(['refresh', dir, ...api()]);
    expect(t.code).toBe(0);
    expect(t.stderr).toMatch(/taking over a stale lock/);
    expect(existsSync(join(dir, '.trialcard.lock'))).toBe(false);
  });

  it('--prune deletes the pages of trials that left', async () => {
    const r = await runIn(['refresh', dir, '--prune', ...api()]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, `${B}.md`))).toBe(false);
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).not.toContain(B);
  });
});

describe('a refresh killed with SIGKILL', () => {
  it('leaves complete files and a matching manifest; the rerun ends where an uninterrupted run ends', async () => {
    const n = 200;
    const fixtures = fixtureRecords().filter((r) => r.json.length < 60_000);
    let current = syntheticStore(n, fixtures);
    const s = await startFakeCtgov({
      store: { ids: () => current.ids(), get: (id: string) => current.get(id) },
      latencyMs: 5,
    });
    const root = mkdtempSync(join(tmpdir(), 'trialcard-kill-refresh-'));
    const dir = join(root, 'site');
    const args = ['--api-base', s.baseUrl, '--rate', '0', '--page-size', '20'];
    expect((await runIn(['search', '--cond', 'x', '--out', dir, ...args])).code).toBe(0);
    // Every record changes: the refresh has 200 pages to rewrite.
    current = syntheticStore(
      n,
      fixtures.map((r) =>
        edit(r, (x) => {
          const idm = x.protocolSection.identificationModule;
          idm.briefTitle = `Updated ${idm.briefTitle}`;
          x.protocolSection.statusModule.lastUpdatePostDateStruct = { date: '2026-11-26', type: 'ACTUAL' };
        }),
      ),
    );
    const reference = join(root, 'reference');
    cpSync(dir, reference, { recursive: true });

    const child = spawn(process.execPath, [BIN, 'refresh', dir, ...args], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('close', r));
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000) {
      const updated = readdirSync(dir).filter(
        (f) => f.endsWith('.md') && f !== 'index.md' && readFileSync(join(dir, f), 'utf8').includes('# Updated'),
      );
      if (updated.length >= 30) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;

    const check = async () => {
      const m = await loadListing(dir);
      if (!m) throw new Error('no manifest');
      const pages = readdirSync(dir).filter((f) => /^NCT\d{8}\.md$/.test(f));
      for (const f of pages)
        expect(readFileSync(join(dir, f), 'utf8')).toMatch(/Talk with your doctor before you join a trial\.\n$/);
      expect(
        Object.values(m.trials)
          .map((t) => t.file)
          .sort(),
      ).toEqual(pages.sort());
      for (const t of Object.values(m.trials))
        expect(sha256(readFileSync(join(dir, t.file), 'utf8')), t.file).toBe(t.fileHash);
      return m;
    };
    const afterKill = await check();
    expect(Object.values(afterKill.trials).some((t) => t.title.startsWith('Updated'))).toBe(true);

    expect((await runIn(['refresh', dir, ...args])).code).toBe(0);
    expect((await runIn(['refresh', reference, ...args])).code).toBe(0);
    const done = await check();
    const ref = await loadListing(reference);
    // Snapshots are where each run put them: the same snapshots, in packs of their own.
    const snapshotsOf = async (d: string, m: typeof ref) => {
      const packs = snapshotPacks(join(d, '.trialcard', 'snapshots'));
      const out: Record<string, unknown> = {};
      for (const [id, { snapshotAt, ...t }] of Object.entries(m?.trials ?? {}))
        out[id] = { ...t, snapshot: await packs.read(t.snapshotHash ?? '', snapshotAt) };
      return out;
    };
    const withSnapshots = await snapshotsOf(dir, done);
    expect(Object.values(withSnapshots).every((t) => (t as { snapshot?: unknown }).snapshot)).toBe(true);
    expect(withSnapshots).toEqual(await snapshotsOf(reference, ref));
    // The change log too: the killed run's entries came back from its journal, none twice.
    const log = (m: typeof ref) =>
      (m?.changes ?? []).map((e) => [e.nctId, e.kind, e.changes.map((c) => c.text)]).sort();
    expect(log(done)).toEqual(log(ref));
    expect(log(done)).toHaveLength(n);
    for (const f of readdirSync(reference).filter((x) => x.endsWith('.md')))
      expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(reference, f), 'utf8'));
    expect(
      readdirSync(dir)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(
      readdirSync(reference)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    );
    await s.close();
  });
});

describe('search --out again over a listing, with other page options', () => {
  it('renders every page again (front matter dropped), and the manifest keeps the new options', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trialcard-listing-')), 'site');
    const search = (...extra: string[]) =>
      runIn(['search', '--cond', 'cancer', '--out', dir, ...api(), '-q', ...extra]);
    members = base.slice(0, 3).map((r) => r.id);
    records = base;
    expect((await search()).code).toBe(0);
    const [id] = members as [string];
    expect(readFileSync(join(dir, `${id}.md`), 'utf8')).toMatch(/^---\n/);
    const r = await search('--no-front-matter');
    expect(r.code).toBe(0);
    for (const m of members) expect(readFileSync(join(dir, `${m}.md`), 'utf8')).toMatch(/^# /);
    expect(JSON.parse(readFileSync(join(dir, 'trialcard.json'), 'utf8')).output.frontMatter).toBe(false);
  });
});

describe("a listing's snapshots across runs", () => {
  it('a pack mostly of replaced snapshots is emptied into the new one, and the moved ones still diff', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trialcard-listing-')), 'site');
    const search = () => runIn(['search', '--cond', 'cancer', '--out', dir, ...api(), '-q']);
    const rename = (ids: string[], title: (id: string) => string) =>
      records.map((r) =>
        ids.includes(r.id)
          ? edit(r, (s) => {
              s.protocolSection.identificationModule.briefTitle = title(r.id);
            })
          : r,
      );
    records = base;
    members = base.slice(0, 4).map((r) => r.id);
    const [kept, ...others] = members as [string, ...string[]];
    expect((await search()).code).toBe(0);
    const snapshots = join(dir, '.trialcard', 'snapshots');
    const [first] = readdirSync(snapshots);
    records = rename(others, (id) => `Renamed ${id}`);
    expect((await search()).code).toBe(0);
    // Three of its four snapshots replaced: the first pack is gone, the fourth snapshot moved to the new pack.
    const packs = readdirSync(snapshots);
    expect(packs).toEqual([expect.stringMatching(/\.pack$/)]);
    expect(packs).not.toContain(first);
    const before = JSON.parse(readFileSync(join(dir, 'trialcard.json'), 'utf8')).trials[kept].title;
    records = rename([kept], () => 'Renamed at last');
    expect((await search()).code).toBe(0);
    expect(readFileSync(join(dir, 'changes.md'), 'utf8')).toContain(`Title: ${before} → Renamed at last`);
    expect(readdirSync(snapshots)).toHaveLength(2); // three of the second pack's four are still named
  });
});
