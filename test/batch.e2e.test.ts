import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lightRecords, startFakeCtgov, syntheticStore } from './support/fake-ctgov.js';
import { runBin } from './support/run-bin.js';

// API scale against a loopback server with synthetic records (fixtures under fresh NCT IDs).
// Light records: this is about counts, requests and pages; record size is tested elsewhere.
const store = syntheticStore(2500, lightRecords());
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
beforeAll(async () => {
  server = await startFakeCtgov({ store });
});
afterAll(() => server.close());

describe('fetch 1,000 IDs', () => {
  it('writes 1,000 complete pages with at most 10 requests, at the default polite rate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-batch-'));
    const ids = store.ids().slice(0, 1000);
    writeFileSync(join(dir, 'ids.txt'), `${ids.join('\n')}\n`);
    const before = server.requests.length;
    const r = await runBin([
      'fetch',
      '--ids-file',
      join(dir, 'ids.txt'),
      '--out',
      join(dir, 'out'),
      '--api-base',
      server.baseUrl,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('trialcard: 1000 delivered, 0 not found, 0 failed\n');
    const used = server.requests.slice(before);
    expect(used.length).toBeLessThanOrEqual(10);
    for (const u of used) expect(u.length).toBeLessThan(8000);
    const files = readdirSync(join(dir, 'out'));
    expect(files.sort()).toEqual(ids.map((id) => `${id}.md`).sort());
    for (const f of files)
      expect(readFileSync(join(dir, 'out', f), 'utf8')).toMatch(
        new RegExp(
          String.raw`This page is for learning only\. It is not medical advice\. Talk with your doctor before you ` +
            String.raw`join a trial\.\n$`,
        ),
      );
  });
});

describe('search with 2,500 matches', () => {
  it('a listing of the first 1,000: ten full pages, no request for the page after --limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-search-'));
    const before = server.requests.length;
    const r = await runBin([
      'search',
      '--cond',
      'cancer [stray',
      '--limit',
      '1000',
      '--page-size',
      '100',
      '--out',
      dir,
      '--api-base',
      server.baseUrl,
      '--rate',
      '10',
    ]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).filter((f) => /^NCT\d{8}\.md$/.test(f))).toHaveLength(1000);
    expect(readdirSync(dir)).toContain('index.md');
    expect(readdirSync(dir)).toContain('trialcard.json');
    // /version for the manifest, then the pages.
    const used = server.requests.slice(before).filter((u) => u !== '/api/v2/version');
    // --limit reached on the 10th full page: no need to ask for the (empty) page after it.
    expect(used).toHaveLength(10);
    expect(used[0]).toContain('query.cond=cancer%20stray');
    for (const u of used.slice(1)) expect(u).toMatch(/query\.cond=cancer%20stray&pageSize=100&pageToken=/);
  });

  it('without --limit it follows the token of an exactly full last page and stops at the empty page', async () => {
    const before = server.requests.length;
    const r = await runBin([
      'search',
      '--cond',
      'cancer',
      '--page-size',
      '250',
      '--format',
      'ndjson',
      '--api-base',
      server.baseUrl,
      '--rate',
      '10',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2500);
    expect(server.requests.length - before).toBe(11);
  });
});
