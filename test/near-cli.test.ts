import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { arrayStore, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';

// --near, --units and --within through run(argv, io), in-process, against a loopback server.
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
beforeAll(async () => {
  server = await startFakeCtgov({ store: arrayStore(fixtureRecords()) });
});
afterAll(() => server.close());

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run([...argv, '--api-base', server.baseUrl, '--rate', '0', '--retries', '0'], {
    stdout: {
      write: (s: string, done?: () => void) => {
        stdout += s;
        done?.();
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: async () => '',
    env: {},
  });
  return { code, stdout, stderr };
}

describe('fetch --near', () => {
  it.each(['02115', 'Boston, MA'])(
    'NCT04267848 --near %j lists a Boston-area site first with its distance',
    async (place) => {
      const r = await cli('fetch', 'NCT04267848', '--near', place);
      expect(r.code).toBe(0);
      const where = r.stdout.split('## Where this trial is running')[1] ?? '';
      expect(where).toMatch(/Nearest open site: .*Boston, Massachusetts — \d+ miles? from /);
      expect(where.split('\n').find((l) => l.startsWith('- '))).toMatch(
        /Boston, Massachusetts, United States — Recruiting — \d+ miles?$/,
      );
    },
  );
  it('--format json adds the distances, --units km switches the unit', async () => {
    const r = await cli('fetch', 'NCT04267848', '--near', '02115', '--units', 'km', '--format', 'json');
    const model = JSON.parse(r.stdout) as {
      near: { unit: string; distances: (number | null)[]; nearestOpenSite: number };
    };
    expect(model.near.unit).toBe('km');
    expect(model.near.distances).toHaveLength(1148);
    expect(model.near.distances[model.near.nearestOpenSite]).toBeLessThan(5);
  });
  it.each([
    [['--near', 'nowhere'], /--near "nowhere" is not a place/],
    [['--near', 'Bostn, MA'], /no city "Bostn" in MA \(did you mean Boston/],
    [['--units', 'km'], /--units needs --near/],
    [['--near', '02115', '--units', 'furlongs'], /--units "furlongs" is not a unit/],
  ])('%j → exit 2 with one line, before any request', async (args, message) => {
    const before = server.requests.length;
    const r = await cli('fetch', 'NCT04267848', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(server.requests.length).toBe(before);
  });
});

describe('search --within', () => {
  it('keeps only trials with an open site within N miles', async () => {
    const r = await cli('search', '--cond', 'cancer', '--near', '02115', '--within', '25', '--format', 'ndjson');
    const ids = r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { nctId: string }).nctId);
    expect(ids).toContain('NCT04267848');
    for (const l of r.stdout.trim().split('\n').filter(Boolean)) {
      const m = JSON.parse(l) as { near: { distances: (number | null)[]; nearestOpenSite: number } };
      expect(m.near.distances[m.near.nearestOpenSite]).toBeLessThanOrEqual(25);
    }
    expect(ids.length).toBeLessThan(fixtureRecords().length);
  });
  it('needs --near, and cannot shape a listing', async () => {
    expect((await cli('search', '--cond', 'x', '--within', '5')).stderr).toMatch(/--within needs --near/);
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-near-'));
    const r = await cli('search', '--cond', 'x', '--near', '02115', '--within', '5', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--within cannot be used with --out/);
  });
  it('a listing with --near shows the nearest distance in its index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-near-'));
    const r = await cli('search', '--cond', 'cancer', '--near', '02115', '--out', dir);
    expect(r.code).toBe(0);
    const index = readFileSync(join(dir, 'index.md'), 'utf8');
    expect(index).toMatch(/^## Taking people now or soon \(\d+ trials?\)$/m);
    expect(index).toMatch(/NCT04267848\.md\): Recruiting · nearest site \d+ miles? ·/);
  });
});
