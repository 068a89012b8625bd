import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFailure } from '../src/errors.js';
import { diskListingStore } from '../src/io/listing-store.js';
import { snapshotOf } from '../src/listing/diff.js';
import { JOURNAL, SNAPSHOTS, type TrialEntry } from '../src/listing/manifest.js';
import { parseJournal } from '../src/listing/schema.js';
import { sha256 } from '../src/model/hash.js';
import { normalize } from '../src/model/normalize.js';
import { loadStudy } from './helpers.js';

// The listing's disk store on real files: its journal and its snapshots folder.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const listingDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'trialcard-store-'));
  dirs.push(d);
  return d;
};
const owner = { host: 'h', pid: process.pid, alive: (pid: number) => pid === process.pid };
const entry = (id: string): TrialEntry => ({
  file: `${id}.md`,
  modelHash: 'm',
  fileHash: 'f',
  title: id,
  inListing: true,
});
const line = (id: string) => JSON.stringify({ op: 'put', id, entry: entry(id), prevFileHash: null });

describe("a listing's journal", () => {
  it.each([
    ['a line cut short', `${line('NCT00000001')}\n${line('NCT00000002').slice(0, 40)}`, 1],
    ['only a line cut short', line('NCT00000002').slice(0, 40), 0],
    ['whole lines', `${line('NCT00000001')}\n`, 1],
  ])('left by a killed run with %s: the next line starts on a line of its own', async (_what, left, kept) => {
    const dir = listingDir();
    writeFileSync(join(dir, JOURNAL), left);
    const store = diskListingStore(dir, owner);
    await store.journalPut('NCT00000003', entry('NCT00000003'), null);
    await store.journalPut('NCT00000004', entry('NCT00000004'), null);
    const parsed = parseJournal(readFileSync(join(dir, JOURNAL), 'utf8'));
    expect(parsed.ok && parsed.lines.map((l) => l.id)).toEqual([
      ...(kept ? ['NCT00000001'] : []),
      'NCT00000003',
      'NCT00000004',
    ]);
  });

  it('that cannot be written stops the run, even for a cause that costs a page only its own file', async () => {
    const dir = listingDir();
    mkdirSync(join(dir, JOURNAL)); // a directory in the way (EISDIR): per file for a page, not for the one journal
    const store = diskListingStore(dir, owner);
    const first = await store.journalPut('NCT00000001', entry('NCT00000001'), null).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(LocalFailure);
    expect((first as LocalFailure).systemic).toBe(true);
    // The trials still in flight write no line after it: the same failure.
    await expect(store.journalPut('NCT00000002', entry('NCT00000002'), null)).rejects.toBe(first);
  });
});

describe("a listing's snapshots folder", () => {
  it('reads back its own snapshots and those of earlier builds, whose sites were an object', async () => {
    const dir = listingDir();
    const store = diskListingStore(dir, owner);
    const snapshot = snapshotOf(normalize(loadStudy('NCT07438847')));
    const json = JSON.stringify(snapshot);
    const at = store.writeSnapshot(sha256(json), json) as string;
    expect(await store.readSnapshot(sha256(json), at)).toEqual(snapshot);
    const older = JSON.stringify({ ...snapshot, sites: Object.fromEntries(snapshot.sites) });
    writeFileSync(join(dir, SNAPSHOTS, `${sha256(older)}.json`), older);
    expect(await store.readSnapshot(sha256(older))).toEqual(snapshot);
    writeFileSync(join(dir, SNAPSHOTS, `${'c'.repeat(64)}.json`), JSON.stringify({ ...snapshot, sites: 'x' }));
    expect(await store.readSnapshot('c'.repeat(64))).toBeUndefined();
  });

  it('reads as none a snapshot that is not what its hash says, cut short, or named outside its folder', async () => {
    const dir = listingDir();
    const store = diskListingStore(dir, owner);
    const json = JSON.stringify(snapshotOf(normalize(loadStudy('NCT07438847'))));
    const at = store.writeSnapshot(sha256(json), json) as string;
    const [pack, offset, length] = at.split(':') as [string, string, string];
    expect(await store.readSnapshot('d'.repeat(64), at)).toBeUndefined();
    expect(await store.readSnapshot(sha256(json), `${pack}:${offset}:${Number(length) + 10}`)).toBeUndefined();
    expect(await store.readSnapshot(sha256(json), `../${pack}:${offset}:${length}`)).toBeUndefined();
    // The pack as a power cut may leave it: shorter than the manifest says.
    const release = await store.lock(() => {});
    await release();
    truncateSync(join(dir, SNAPSHOTS, pack), Number(length) - 1);
    expect(await store.readSnapshot(sha256(json), at)).toBeUndefined();
  });

  it('moves the snapshots still named out of a pack mostly of old ones, then removes that pack', async () => {
    const dir = listingDir();
    const json = (i: number) => JSON.stringify({ ...snapshotOf(normalize(loadStudy('NCT07438847'))), title: `${i} é` });
    const first = diskListingStore(dir, owner);
    const [a0, , a2] = [0, 1, 2].map((i) => first.writeSnapshot(sha256(json(i)), json(i)) as string) as [
      string,
      string,
      string,
    ];
    await (await first.lock(() => {}))();
    const pack = (at: string) => at.split(':')[0] as string;
    const second = diskListingStore(dir, owner);
    const release = await second.lock(() => {});
    const size = (n: number) => n * (Buffer.byteLength(json(0)) + 1);
    // Two of three named: kept. One of three: emptied.
    expect(await second.packsToEmpty(new Map([[pack(a0), size(2)]]))).toEqual(new Set());
    expect(await second.packsToEmpty(new Map([[pack(a0), size(1)]]))).toEqual(new Set([pack(a0)]));
    const moved = (await second.moveSnapshot(sha256(json(2)), a2)) as string;
    expect(pack(moved)).not.toBe(pack(a2));
    expect((await second.readSnapshot(sha256(json(2)), moved))?.title).toBe('2 é');
    // This run's own pack is never emptied, however little of it is named.
    expect(await second.packsToEmpty(new Map())).toEqual(new Set([pack(a0)]));
    await second.pruneSnapshots(new Set([pack(moved)]));
    expect(readdirSync(join(dir, SNAPSHOTS))).toEqual([pack(moved)]);
    await release();
  });

  it("keeps at most 8 packs besides the run's own: smaller ones beyond them are emptied, however named", async () => {
    const dir = listingDir();
    const live = new Map<string, number>();
    for (let i = 1; i <= 10; i++) {
      const store = diskListingStore(dir, owner);
      const release = await store.lock(() => {});
      const json = JSON.stringify({ title: 'x'.repeat(i * 100) });
      const at = store.writeSnapshot(sha256(json), json) as string;
      live.set(at.split(':')[0] as string, Buffer.byteLength(json) + 1);
      await release();
    }
    const bySize = [...live.keys()]; // written smallest first
    const store = diskListingStore(dir, owner);
    const release = await store.lock(() => {});
    expect(await store.packsToEmpty(live)).toEqual(new Set(bySize.slice(0, 2)));
    await release();
  });

  it('a snapshot to move that is lost is none; one that cannot be read just now is an error', async () => {
    const dir = listingDir();
    const store = diskListingStore(dir, owner);
    const json = JSON.stringify({ title: 'kept' });
    const at = store.writeSnapshot(sha256(json), json) as string;
    const [pack, offset, length] = at.split(':') as [string, string, string];
    expect(await store.moveSnapshot(sha256(json), `${pack}:${offset}:${Number(length) + 1}`)).toBeUndefined();
    expect(await store.moveSnapshot('e'.repeat(64), at)).toBeUndefined();
    // A length no pack has is never allocated: read as none.
    expect(await store.moveSnapshot(sha256(json), `${pack}:0:999999999`)).toBeUndefined();
    rmSync(join(dir, SNAPSHOTS, pack));
    expect(await store.moveSnapshot(sha256(json), at)).toBeUndefined();
    mkdirSync(join(dir, SNAPSHOTS, pack)); // EISDIR when read: not lost, so the pack is kept named
    await expect(store.moveSnapshot(sha256(json), at)).rejects.toThrow();
  });

  it('prunes packs and snapshot files nobody names, and leaves other files alone', async () => {
    const dir = listingDir();
    const store = diskListingStore(dir, owner);
    const json = JSON.stringify({ title: 'a' });
    const named = (store.writeSnapshot(sha256(json), json) as string).split(':')[0] as string;
    const unnamed = `${'0'.repeat(8)}-${'1'.repeat(12)}.pack`;
    for (const f of [unnamed, `${'a'.repeat(64)}.json`, `${'b'.repeat(64)}.json`, 'notes.txt'])
      writeFileSync(join(dir, SNAPSHOTS, f), '{}');
    await store.pruneSnapshots(new Set([named, 'a'.repeat(64)]));
    expect(readdirSync(join(dir, SNAPSHOTS)).sort()).toEqual([named, `${'a'.repeat(64)}.json`, 'notes.txt'].sort());
  });

  it("loses the temp file of a dead run once it is 10 minutes old, and keeps a live run's", async () => {
    const dir = listingDir();
    const snapshots = join(dir, SNAPSHOTS);
    mkdirSync(snapshots, { recursive: true });
    const temp = (pid: number) => join(snapshots, `.${'a'.repeat(64)}.json.h~${pid}.0000abcd.trialcard-tmp`);
    const old = (Date.now() - 11 * 60_000) / 1000;
    for (const pid of [999_999_991, process.pid]) {
      writeFileSync(temp(pid), '{"ti');
      utimesSync(temp(pid), old, old);
    }
    const store = diskListingStore(dir, owner);
    const release = await store.lock(() => {});
    await release();
    expect(existsSync(temp(999_999_991))).toBe(false);
    expect(existsSync(temp(process.pid))).toBe(true);
  });
});
