import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayStore, FIXTURES, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';
import { cli } from './support/cli.js';

// What an editor or a cron job sees, against a loopback server started here, in-process through
// run(argv, io); test/bin.e2e.test.ts runs the built bin itself.
const runIn = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
  cli(args, { env: opts.env ?? {}, ...(opts.input !== undefined ? { stdin: opts.input } : {}) });
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
const recs = fixtureRecords();
const tmp = () => mkdtempSync(join(tmpdir(), 'trialcard-'));

beforeAll(async () => {
  server = await startFakeCtgov({ store: arrayStore(recs) });
});
afterAll(() => server.close());

const api = () => ['--api-base', server.baseUrl, '--rate', '0'];

describe('trialcard fetch NCT07438847', () => {
  it.each([['nct07438847'], [' NCT07438847 ']])('accepts %j', async (id) => {
    const r = await runIn(['fetch', id, ...api()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nct_id: NCT07438847');
  });

  it('takes the API base from TRIALCARD_API_BASE', async () => {
    const r = await runIn(['fetch', 'NCT07438847', '--rate', '0'], { env: { TRIALCARD_API_BASE: server.baseUrl } });
    expect(r.code).toBe(0);
  });

  it('--format json prints the normalized model', async () => {
    const r = await runIn(['fetch', 'NCT07438847', '--format', 'json', ...api()]);
    const t = JSON.parse(r.stdout);
    expect(t.phases).toEqual({ codes: ['PHASE1'], label: 'Phase 1' });
    expect(t.enrollment).toEqual({ count: 12, kind: 'estimated' });
    expect(t.eligibility.case).toBe('split');
  });
});

describe('exit codes and one-line errors', () => {
  it.each([['NCT123'], ['12345678'], ['NCT0743884X']])('%s → exit 2 before any request', async (id) => {
    const before = server.requests.length;
    const r = await runIn(['fetch', id, 'NCT07438847', ...api()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"${id}"`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(server.requests.length).toBe(before);
  });

  it('unknown ID → exit 1 with the not-found message', async () => {
    const r = await runIn(['fetch', 'NCT09999999', ...api()]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('trialcard: error: NCT09999999 was not found on ClinicalTrials.gov');
  });

  it('no network → exit 3, one line, no stack', async () => {
    const r = await runIn(['fetch', 'NCT07438847', '--api-base', 'http://127.0.0.1:9/api/v2', '--retries', '0']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot reach 127\.0\.0\.1:9/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['fetch', 'NCT07438847', '--bogus'], /unknown option '--bogus'/],
    [['fetch', 'NCT07438847', '--format', 'pdf'], /--format "pdf" is not supported/],
    [['fetch', 'NCT07438847', '--concurrency', 'many'], /--concurrency "many" is not a whole number/],
    [['fetch', 'NCT07438847', '--retries', '-1'], /--retries -1 is out of range \(use a number from 0 to 10\)/],
    [['fetch', 'NCT07438847', '--api-base', 'not a url'], /--api-base "not a url" is not a URL/],
    [['fetch', 'NCT07438847', '--api-base', ''], /--api-base is empty \(give a URL/],
    [['fetch', 'NCT07438847', '--api-base', 'http://u:p@127.0.0.1:9/api/v2'], /holds a user name or password/],
    [['search', '--cond', 'x', '--prune'], /--prune needs --out/],
    [['search', '--cond', 'x', '--allow-empty'], /--allow-empty needs --out/],
    [['search', '--cond', 'x', '--changes-days', '5'], /--changes-days needs --out/],
    [['search', '--cond', 'x', '--changes-max', '5'], /--changes-max needs --out/],
    [['search', '--cond', 'x', '--title', 'T'], /--title needs --out/],
    [['fetch'], /no NCT IDs given/],
    [['fetch', '--ids-file', '/nonexistent/ids.txt'], /--ids-file \/nonexistent\/ids.txt does not exist/],
    [['render', '/nonexistent.json'], /file \/nonexistent.json does not exist/],
    // Node 20's recursive mkdir spins forever under /proc; trialcard makes folders one level at a time.
    [['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--out', '/proc/x'], /--out \/proc\/x cannot be used/],
    [['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--out', '/etc/passwd/x'], /is inside a file/],
    [['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--out', ''], /--out: give a path, not an empty string/],
    [['fetch', '--ids-file', ''], /--ids-file: give a path, not an empty string/],
    [['check', '/bin/sh'], /file \/bin\/sh is not a text file/],
    [['fetch', '--ids-file', '/bin/sh'], /--ids-file \/bin\/sh is not a text file \(give a UTF-8 text file\)/],
    [['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--out', '-'], /--out: pages go to stdout without/],
    // A long junk value is quoted in part, with its length: the line stays short.
    [['fetch', 'x'.repeat(100_000)], /"x{57}…" \(100,000 characters\)/],
  ])('%j → exit 2', async (args, message) => {
    const r = await runIn([...args, '--rate', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a list of things that are not studies: each is its own failure, none a duplicate of another', async () => {
    const file = join(tmp(), 'arr.json');
    writeFileSync(file, '[1,2,3]');
    const r = await runIn(['render', file, '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('appears more than once');
    expect(r.stderr).toContain('0 delivered, 0 not found, 3 failed');
    expect(r.stderr).toContain(`${file}:1 (item 3)`);
  });

  it('duplicate IDs are fetched once, with a warning', async () => {
    const r = await runIn(['fetch', 'NCT07438847', 'nct07438847', '--format', 'ndjson', ...api()]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('trialcard: warning: NCT07438847 is listed more than once; fetched once\n');
  });

  it.each([
    [
      'an empty --ids-file',
      (d: string) => {
        writeFileSync(join(d, 'ids.txt'), '# nothing yet\n\n');
        return ['fetch', '--ids-file', join(d, 'ids.txt')];
      },
      /--ids-file .*ids.txt lists no NCT IDs/,
    ],
    ['an --ids-file that is a directory', (d: string) => ['fetch', '--ids-file', d], /--ids-file .* is a directory/],
    [
      '--out inside a file',
      (d: string) => {
        writeFileSync(join(d, 'f'), '');
        return ['fetch', 'NCT07438847', '--out', join(d, 'f', 'out')];
      },
      /--out .*f\/out is inside a file, not a directory/,
    ],
    [
      'a malformed ID in --ids-file',
      (d: string) => {
        writeFileSync(join(d, 'ids.txt'), 'NCT07438847\nNCT1234\n');
        return ['fetch', '--ids-file', join(d, 'ids.txt')];
      },
      /not an NCT ID \(--ids-file .*\): "NCT1234"/,
    ],
  ])('%s → exit 2, one line', async (_name, args, message) => {
    const before = server.requests.length;
    const r = await runIn([...args(tmp()), ...api()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(server.requests.length).toBe(before);
  });

  it('--out that is a file → exit 2, nothing written', async () => {
    const dir = tmp();
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    const r = await runIn(['fetch', 'NCT07438847', '--out', file, ...api()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a file, not a directory/);
  });

  it('--verbose shows the stack of an unexpected failure only when asked', async () => {
    const r = await runIn([
      'fetch',
      'NCT07438847',
      '--api-base',
      'http://127.0.0.1:9/api/v2',
      '--retries',
      '0',
      '--verbose',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('batches', () => {
  it('--ids-file to --out: one file per delivered trial, exit 1 and a summary naming the missing ID', async () => {
    const dir = tmp();
    const ids = join(dir, 'ids.txt');
    writeFileSync(ids, `# corpus\n${recs.map((r) => r.id).join('\n')}\nNCT09999999\n\n${recs[0]?.id}\n`);
    const out = join(dir, 'out');
    const before = server.requests.length;
    const r = await runIn(['fetch', '--ids-file', ids, '--out', out, ...api()]);
    expect(r.code).toBe(1);
    expect(readdirSync(out).sort()).toEqual(recs.map((x) => `${x.id}.md`).sort());
    expect(r.stderr).toMatch(
      new RegExp(
        `${recs.length} delivered, 1 not found, 0 failed: NCT09999999 \\(was not found on ClinicalTrials.gov\\)`,
      ),
    );
    expect(server.requests.length - before).toBe(1);
  });

  it('--ids-file - reads stdin; ndjson prints one model per line', async () => {
    const r = await runIn(['fetch', '--ids-file', '-', '--format', 'ndjson', ...api()], {
      input: 'NCT07438847\nNCT02513394\n',
    });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { nctId: string });
    expect(lines.map((l) => l.nctId).sort()).toEqual(['NCT02513394', 'NCT07438847']);
  });
});

describe('trialcard render (offline)', () => {
  it('renders a search page from stdin into files', async () => {
    const dir = tmp();
    const page = readFileSync(join(FIXTURES, 'pages', 'pancrepal_kras_pancreatic_recruiting_page1.json'), 'utf8');
    const r = await runIn(['render', '-', '--out', dir, '--format', 'html'], { input: page });
    expect(r.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.html'))).toHaveLength(10);
  });

  it('bad JSON partway: the pages before it stand, the run stops there with a summary, exit 2', async () => {
    const dir = tmp();
    const one = (id: string) =>
      JSON.stringify(JSON.parse(readFileSync(join(FIXTURES, 'studies', `${id}.json`), 'utf8')));
    const file = join(tmp(), 'bad.ndjson');
    writeFileSync(file, `${one('NCT07438847')}\n${one('NCT02513394')}\n{"bad": tru}\n${one('NCT02513394')}\n`);
    const r = await runIn(['render', file, '--out', dir]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['NCT02513394.md', 'NCT07438847.md']);
    expect(r.stderr).toBe(
      `trialcard: error: stopped: ${file}:3 is not valid JSON ` +
        '(give a saved v2 study, a search page {"studies": [...]} or NDJSON)\n' +
        `trialcard: error: 2 delivered, 0 not found, 0 failed, 1 not attempted: the rest of ${file} ` +
        `(not attempted: the run stopped (${file}:3 is not valid JSON))\n`,
    );
  });

  it('bad JSON as the second record is partway too: the first page stands', async () => {
    const dir = tmp();
    const file = join(tmp(), 'one-bad.ndjson');
    const one = JSON.stringify(JSON.parse(readFileSync(join(FIXTURES, 'studies', 'NCT07438847.json'), 'utf8')));
    writeFileSync(file, `${one}\n{bad\n`);
    const r = await runIn(['render', file, '--out', dir]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['NCT07438847.md']);
    expect(r.stderr).toContain(`1 delivered, 0 not found, 0 failed, 1 not attempted: the rest of ${file}`);
  });

  it('an empty search page: exit 0 with a warning; an unreadable device: exit 2 naming it', async () => {
    const file = join(tmp(), 'empty.json');
    writeFileSync(file, '{"studies": []}');
    const r = await runIn(['render', file]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: `trialcard: warning: no studies in ${file}\n` });
    const dev = await runIn(['render', '/proc/self/mem']);
    expect(dev).toMatchObject({
      code: 2,
      stderr: 'trialcard: error: /proc/self/mem cannot be read (EIO) (check the file)\n',
    });
  });
});

describe('options are read as commander parsed them', () => {
  it('"--user-agent -q" is a User-Agent, not --quiet: warnings still show', async () => {
    const r = await runIn(['fetch', 'NCT07438847', 'NCT07438847', '--user-agent', '-q', ...api()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('trialcard: warning: NCT07438847 is listed more than once; fetched once\n');
  });
  it('--quiet after the command silences warnings', async () => {
    const r = await runIn(['fetch', 'NCT07438847', 'NCT07438847', '--quiet', ...api()]);
    expect(r.stderr).toBe('');
  });
  it.each(['HTML', 'Md', 'JSON'])('--format %s is read case-insensitively, for a listing too', async (format) => {
    const r = await runIn(['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--format', format]);
    expect(r.code).toBe(0);
    if (format !== 'JSON') {
      const l = await runIn(['search', '--cond', 'x', '--limit', '1', '--out', tmp(), '--format', format, ...api()]);
      expect(l.code).toBe(0);
    }
  });
});
