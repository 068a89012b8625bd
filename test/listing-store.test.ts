import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFailure } from '../src/errors.js';
import { diskListingStore } from '../src/io/listing-store.js';
import { snapshotOf } from '../src/listing/diff.js';
import { JOURNAL, SNAPSHOTS, type TrialEntry } from '../src/listing/manifest.js';
import { parseJournal } from '../src/listing/schema.js';
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
    await store.writeSnapshot('a'.repeat(64), JSON.stringify(snapshot));
    expect(await store.readSnapshot('a'.repeat(64))).toEqual(snapshot);
    const older = { ...snapshot, sites: Object.fromEntries(snapshot.sites) };
    writeFileSync(join(dir, SNAPSHOTS, `${'b'.repeat(64)}.json`), JSON.stringify(older));
    expect(await store.readSnapshot('b'.repeat(64))).toEqual(snapshot);
    writeFileSync(join(dir, SNAPSHOTS, `${'c'.repeat(64)}.json`), JSON.stringify({ ...snapshot, sites: 'x' }));
    expect(await store.readSnapshot('c'.repeat(64))).toBeUndefined();
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
