import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/ctgov/client.js';
import { changesContext } from '../src/listing/change-log.js';
import { createListing } from '../src/listing/create.js';
import type { Manifest } from '../src/listing/manifest.js';
import { refreshListing } from '../src/listing/refresh.js';
import type { ListingDeps } from '../src/listing/run.js';
import { withLock } from '../src/listing/store.js';
import { ListingWriter } from '../src/listing/writer.js';
import { DEFAULT_BATCH } from '../src/pipeline/sources.js';
import { createIndexRenderer, createRenderer, templateVersion } from '../src/render/engine.js';
import { loadTemplates } from '../src/io/templates.js';
import { DOMParser } from '@xmldom/xmldom';
import { lightRecords, type Rec, startFakeCtgov } from './support/fake-ctgov.js';
import { memoryStore } from './support/memory-store.js';
import { sha256 } from '../src/model/hash.js';
import { writeFailure } from '../src/errors.js';

// The listing core (listing/create.ts, listing/refresh.ts) against a store in memory, a fixed
// clock and a real client talking to the loopback registry: no disk, no CLI.

const base = lightRecords().slice(0, 6);
let records: Rec[] = base;
let members = base.slice(0, 5).map((r) => r.id);
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
beforeAll(async () => {
  server = await startFakeCtgov({
    store: { ids: () => records.map((r) => r.id), get: (id: string) => records.find((r) => r.id === id) },
    search: () => members,
  });
});
afterAll(() => server.close());

const page = await loadTemplates('md', 'trial');
const index = await loadTemplates('md', 'index');
const changes = createIndexRenderer('md', await loadTemplates('md', 'changes'));
const templates = {
  renderer: createRenderer('md', page),
  renderIndex: createIndexRenderer('md', index),
  renderChanges: (m: Manifest) => [...changes(changesContext(m, (s) => s))].join(''),
  version: templateVersion([page, index], 'test'),
};
const clock = () => new Date('2026-06-15T12:00:00Z');

function deps(store: ListingDeps['store'], events: string[]): ListingDeps & { close(): Promise<void> } {
  // With each record's digest, as the listing commands make their client.
  const client = createClient({ baseUrl: server.baseUrl, rate: 0, retries: 0, recordDigests: true });
  return {
    client,
    store,
    templates,
    overlays: new Map(),
    batch: DEFAULT_BATCH,
    clock,
    warn: () => {},
    event: (kind, data) => events.push(`${kind} ${data.nctId} ${JSON.stringify(data.changes ?? [])}`),
    close: () => client.close(),
  };
}

/** One refresh of the in-memory listing, with a client of its own. */
async function refreshOnce(
  mem: ReturnType<typeof memoryStore>,
  o: { full?: boolean; prune?: boolean; events?: string[] } = {},
) {
  const d = deps(mem.store, o.events ?? []);
  try {
    return await refreshListing(d, (await mem.store.load(() => {})) as Manifest, {
      allowEmpty: false,
      prune: o.prune ?? false,
      full: o.full ?? false,
    });
  } finally {
    await d.close();
  }
}

const manifest = (): Manifest => ({
  version: 1,
  title: 'Test listing',
  query: { cond: 'x' },
  params: { 'query.cond': 'x' },
  output: { format: 'md', frontMatter: false },
  templateVersion: templates.version,
  trials: {},
});

describe('listing core with an in-memory store', () => {
  const mem = memoryStore();
  const events: string[] = [];

  it('create: one page per member, then index and manifest, under the lock', async () => {
    const d = deps(mem.store, events);
    const r = await withLock(
      mem.store,
      () => {},
      async () => {
        expect(mem.isLocked()).toBe(true);
        return createListing(d, { manifest: manifest(), previous: undefined, allowEmpty: false, prune: false });
      },
    );
    await d.close();
    expect(mem.isLocked()).toBe(false);
    expect(r.counts).toMatchObject({ checked: 5, added: 5, changed: 0 });
    expect(r.wrote).toBe(true);
    expect(r.outcomes.map((o) => o.kind)).toEqual(Array(5).fill('delivered'));
    expect([...mem.files.keys()].sort()).toEqual(
      [...members.map((id) => `${id}.md`), 'index.md', 'changes.md', 'feed.xml'].sort(),
    );
    expect(mem.files.get('changes.md')).toContain('No changes recorded yet');
    expect(Object.keys(mem.manifest()?.trials ?? {}).sort()).toEqual([...members].sort());
    expect(events).toHaveLength(5);
  });

  it('refresh with nothing changed writes nothing', async () => {
    mem.writes.length = 0;
    const r = await refreshOnce(mem, { full: true, events: events });
    expect(r.counts).toMatchObject({ changed: 0, added: 0, left: 0 });
    expect(r.wrote).toBe(false);
    expect(mem.writes).toEqual([]);
  });

  it('a record sent again in other bytes but the same content is rendered again and writes nothing', async () => {
    const first = members[0] as string;
    const saved = records;
    // Keys in another order: another digest, the same model.
    records = base.map((rec) => {
      if (rec.id !== first) return rec;
      const { protocolSection, ...rest } = JSON.parse(rec.json);
      const reordered = Object.fromEntries(Object.entries(protocolSection).reverse());
      return { ...rec, json: JSON.stringify({ protocolSection: reordered, ...rest }) };
    });
    const before = mem.manifest()?.trials[first]?.modelHash;
    mem.writes.length = 0;
    mem.snapshotWrites.length = 0;
    const r = await refreshOnce(mem, { full: true });
    expect(r.counts).toMatchObject({ changed: 0, added: 0 });
    expect(r.changes).toEqual([]);
    expect(mem.writes).toEqual(['trialcard.json']);
    expect(mem.snapshotWrites).toEqual([]); // the trial's own snapshot, unchanged, is not written again
    expect(mem.manifest()?.trials[first]?.modelHash).not.toBe(before);
    records = saved;
    await refreshOnce(mem, { full: true });
  });

  it('refresh: a status change and a new site rewrite one page and go into changes.md and feed.xml', async () => {
    mem.writes.length = 0;
    const [first, second] = members as [string, string];
    records = base.map((rec) => {
      if (rec.id !== first) return rec;
      const s = JSON.parse(rec.json);
      s.protocolSection.statusModule.overallStatus = 'ACTIVE_NOT_RECRUITING';
      s.protocolSection.contactsLocationsModule ??= {};
      const clm = s.protocolSection.contactsLocationsModule;
      clm.locations ??= [];
      clm.locations.push({
        facility: 'Changes Hospital',
        city: 'Portland',
        state: 'Oregon',
        country: 'United States',
        status: 'RECRUITING',
      });
      return { ...rec, json: JSON.stringify(s) };
    });
    members = members.filter((id) => id !== second);
    const events: string[] = [];
    const r = await refreshOnce(mem, { full: true, events: events });
    expect(r.counts).toMatchObject({ changed: 1, left: 1 });
    expect(r.departed).toEqual([second]);
    expect(mem.writes).toEqual([`${first}.md`, 'index.md', 'changes.md', 'feed.xml', 'trialcard.json']);
    expect(mem.manifest()?.trials[second]).toMatchObject({ inListing: false, leftOn: '2026-06-15' });
    const changes = mem.files.get('changes.md') ?? '';
    const feed = mem.files.get('feed.xml') ?? '';
    for (const text of [changes, feed]) {
      expect(text).toContain(first);
      expect(text).toMatch(/Status: (Recruiting|Not yet recruiting|Completed|[A-Z][a-z ,]+) → Active, not recruiting/);
      expect(text).toContain('New site: Changes Hospital, Portland, Oregon, United States (recruiting)');
      expect(text).toContain(second);
    }
    expect(changes).toContain('## June 15, 2026');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (_l, m) => void errors.push(m) }).parseFromString(feed, 'text/xml');
    expect(errors).toEqual([]);
    expect(doc.documentElement?.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    expect(doc.getElementsByTagName('entry').length).toBe(2);
    expect(events.find((e) => e.startsWith(`changed ${first}`))).toBeDefined();
    // The same refresh again: nothing changed, nothing is written, no new entry.
    mem.writes.length = 0;
    const again = await refreshOnce(mem, { full: true });
    expect(again.wrote).toBe(false);
    expect(mem.writes).toEqual([]);
  });

  it('a trial back in the search after leaving it is listed again, counted and logged as added', async () => {
    const second = base[1]?.id as string;
    members = [...members, second];
    mem.writes.length = 0;
    const r = await refreshOnce(mem);
    expect(r.counts).toMatchObject({ added: 1, left: 0 });
    const entry = mem.manifest()?.trials[second];
    expect(entry?.inListing).toBe(true);
    expect(entry?.leftOn).toBeUndefined();
    expect(r.changes.map((c) => [c.nctId, c.kind])).toEqual([[second, 'added']]);
    expect(mem.files.get('index.md')).not.toContain('No longer in this listing');
    members = members.filter((id) => id !== second);
  });

  it('a trial the registry no longer has is flagged, not shown as current; found again, the flag goes', async () => {
    const third = base[2]?.id as string;
    const saved = records;
    const page = mem.files.get(`${third}.md`) as string;
    records = records.filter((r) => r.id !== third);
    members = members.filter((id) => id !== third);
    const r = await refreshOnce(mem);
    expect(r.departed).toContain(third);
    expect(mem.manifest()?.trials[third]).toMatchObject({ inListing: false, gone: true });
    // Its page says so itself, for a reader who lands on it from elsewhere; the manifest has the page's new hash.
    const marked = mem.files.get(`${third}.md`) as string;
    expect(marked).toContain('> **ClinicalTrials.gov no longer lists this study (checked on June 15, 2026).');
    expect(marked.endsWith(page.slice(page.indexOf('# ')))).toBe(true);
    expect(mem.manifest()?.trials[third]?.fileHash).toBe(sha256(marked));
    expect(mem.files.get('index.md')).toContain(
      `${third} · no longer on ClinicalTrials.gov; its page shows it as last seen`,
    );
    expect(mem.files.get('changes.md')).toContain('No longer on ClinicalTrials.gov: its page shows it as last seen');
    records = saved;
    members = [...members, third];
    await refreshOnce(mem);
    expect(mem.manifest()?.trials[third]?.gone).toBeUndefined();
    expect(mem.manifest()?.trials[third]?.inListing).toBe(true);
    // Found again, the page is rendered again: as it was, without the notice.
    expect(mem.files.get(`${third}.md`)).toBe(page);
  });

  it('refresh --prune removes the departed page', async () => {
    mem.writes.length = 0;
    const second = base[1]?.id as string;
    const r = await refreshOnce(mem, { prune: true, events: events });
    expect(r.counts.removed).toBe(1);
    expect(mem.files.has(`${second}.md`)).toBe(false);
    expect(mem.manifest()?.trials[second]).toBeUndefined();
  });

  it('an empty answer where trials were listed is refused, and nothing is written', async () => {
    mem.writes.length = 0;
    const saved = members;
    members = [];
    const d = deps(mem.store, events);
    await expect(
      refreshListing(d, (await mem.store.load(() => {})) as Manifest, { allowEmpty: false, prune: false, full: true }),
    ).rejects.toThrow(/no trials where mem: lists 4; nothing was changed/);
    await d.close();
    members = saved;
    expect(mem.writes).toEqual([]);
  });
});

describe('the index of a listing with a study of past records', () => {
  it('puts an open study of past records under its own heading, not under "Taking people now or soon"', async () => {
    const past = lightRecords().find((r) => r.id === 'NCT06036394') as Rec; // retrospective, recruiting
    const open = lightRecords().find((r) => r.id !== past.id && /"overallStatus": "RECRUITING"/.test(r.json)) as Rec;
    records = [past, open];
    members = [past.id, open.id];
    const mem = memoryStore();
    const d = deps(mem.store, []);
    await createListing(d, { manifest: manifest(), previous: undefined, allowEmpty: false, prune: false });
    await d.close();
    expect(mem.manifest()?.trials[past.id]?.recordsOnly).toBe(true);
    expect(mem.manifest()?.trials[open.id]?.recordsOnly).toBeUndefined();
    const sections = (mem.files.get('index.md') ?? '').split(/^## /m).slice(1);
    expect(sections.map((s) => [s.split('\n')[0], s.includes(past.id), s.includes(open.id)])).toEqual([
      ['Taking people now or soon (1 trial)', false, true],
      ['Using past health records: there may be nothing to join (1 trial)', true, false],
    ]);
  });
});

describe('a write that fails in a listing run', () => {
  /** A memory store whose page write of `failing` fails with `code` (after the others' writes begin). */
  const failingStore = (failing: string, code: string) => {
    const mem = memoryStore();
    const write = mem.store.write.bind(mem.store);
    mem.store.write = async (file, content) => {
      if (file === `${failing}.md`) throw writeFailure(`mem:${file}`, Object.assign(new Error(code), { code }));
      return write(file, content);
    };
    return mem;
  };
  /** A listing of five trials made over a store where the page of the trial at `at` fails with `code`. */
  const create = async (at: number, code: string) => {
    records = base;
    members = base.slice(0, 5).map((r) => r.id);
    const failing = members[at] as string;
    const mem = failingStore(failing, code);
    const d = deps(mem.store, []);
    try {
      const r = await createListing(d, { manifest: manifest(), previous: undefined, allowEmpty: false, prune: false });
      return { mem, failing, outcomes: r.outcomes };
    } finally {
      await d.close();
    }
  };

  it('a full disk stops the run: only the trial that failed is told as failed, not the others', async () => {
    const { mem, failing, outcomes } = await create(1, 'ENOSPC');
    expect(outcomes.filter((o) => o.kind !== 'delivered').map((o) => o.id)).toEqual([failing]);
    for (const o of outcomes.filter((o) => o.kind === 'delivered')) expect(mem.files.has(`${o.id}.md`)).toBe(true);
    expect(mem.manifest()).toBeUndefined();
  });

  it('a page that alone cannot be written keeps no page hash in the manifest, so the next run writes it', async () => {
    const { mem, failing, outcomes } = await create(2, 'EISDIR');
    expect(outcomes.find((o) => o.id === failing)?.kind).not.toBe('delivered');
    const trials = mem.manifest()?.trials ?? {};
    expect(trials[failing]?.fileHash).toBe('');
    for (const id of members.filter((id) => id !== failing)) expect(trials[id]?.fileHash).not.toBe('');
  });
});

describe('emptying packs of snapshots, at the end of a run', () => {
  it('moves the snapshots of an emptied pack; drops one lost; keeps the place of one not read just now', async () => {
    const mem = memoryStore();
    const old = `${'0'.repeat(8)}-${'0'.repeat(12)}.pack`;
    const fresh = `${'1'.repeat(8)}-${'1'.repeat(12)}.pack`;
    const entry = (i: number) => ({
      file: `NCT0000000${i}.md`,
      modelHash: 'm',
      fileHash: 'f',
      title: `Trial ${i}`,
      inListing: true,
      snapshotHash: String(i).repeat(64),
      snapshotAt: `${old}:${i * 10}:9`,
    });
    const store: ListingDeps['store'] = {
      ...mem.store,
      packsToEmpty: async (live) => {
        expect(live).toEqual(new Map([[old, 30]]));
        return new Set([old]);
      },
      moveSnapshot: async (hash, at) => {
        if (hash.startsWith('1')) throw new Error('EIO');
        return hash.startsWith('2') ? undefined : `${fresh}:${at.split(':')[1]}:9`;
      },
    };
    const m = { ...manifest(), trials: { NCT00000001: entry(1), NCT00000002: entry(2), NCT00000003: entry(3) } };
    const writer = new ListingWriter({
      ...templates,
      store,
      manifest: m,
      overlays: new Map(),
      templateChanged: true,
      clock,
      logChanges: true,
    });
    expect(await writer.finish({})).toBe(true);
    const trials = mem.manifest()?.trials ?? {};
    expect(trials.NCT00000001).toEqual(entry(1));
    const { snapshotHash: _h, snapshotAt: _a, ...lost } = entry(2);
    expect(trials.NCT00000002).toEqual(lost);
    expect(trials.NCT00000003).toEqual({ ...entry(3), snapshotAt: `${fresh}:30:9` });
  });
});
