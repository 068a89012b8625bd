import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { arrayStore, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';
import { FIXTURES, jsonLines } from './helpers.js';

// Outcomes and bad input through run(argv, io), in-process, against a loopback server and real files.

let server: Awaited<ReturnType<typeof startFakeCtgov>>;
const recs = fixtureRecords();
const rec = (id: string) => {
  const r = recs.find((x) => x.id === id);
  if (!r) throw new Error(`no fixture ${id}`);
  return r;
};
const IDS = ['NCT07438847', 'NCT03745326', 'NCT05438667'];
beforeAll(async () => {
  server = await startFakeCtgov({ store: arrayStore(recs) });
});
afterAll(() => server.close());
const net = () => ['--api-base', server.baseUrl, '--rate', '0', '--retries', '0'];
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `trialcard-${name}-`));
const oneLine = (s: string) => expect(s.trim().split('\n')).toHaveLength(1);

describe('a local failure of one page is isolated and named', () => {
  it('a directory where a page goes: that ID fails locally, the others are delivered, exit 1', async () => {
    const out = tmp('isdir');
    mkdirSync(join(out, 'NCT03745326.md'));
    const r = await cli(['fetch', ...IDS, '--out', out, ...net()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `trialcard: error: 2 delivered, 0 not found, 1 failed: NCT03745326 (cannot write ` +
        `${join(out, 'NCT03745326.md')}: a directory is in the way (EISDIR))\n`,
    );
    expect(readdirSync(out).sort()).toEqual(['NCT03745326.md', 'NCT05438667.md', 'NCT07438847.md']);
  });

  it('a page that cannot be rendered fails alone; the rest of the batch is written', async () => {
    const dir = tmp('tpl');
    // A partial that calls itself while the trial has an official title: a runtime error only on those pages.
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'again.md.hbs'), '{{#if officialTitle}}{{> again}}{{/if}}');
    writeFileSync(join(dir, 'trial.md.hbs'), '# {{title}}\n{{> again}}\n');
    const files = IDS.map((id, i) => {
      const study = JSON.parse(readFileSync(join(FIXTURES, 'studies', `${id}.json`), 'utf8'));
      if (i > 0) delete study.protocolSection.identificationModule.officialTitle;
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(study));
      return join(dir, `${id}.json`);
    });
    const out = tmp('render');
    const r = await cli(['render', ...files, '--templates', dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`^trialcard: error: 2 delivered, 0 not found, 1 failed: NCT07438847 \(the page could not be ` +
          String.raw`rendered \(template trial\.md\.hbs .*Maximum call stack size exceeded\)\)\n$`,
      ),
    );
    expect(readdirSync(out).sort()).toEqual(['NCT03745326.md', 'NCT05438667.md']);
  });

  it('render: two records with one ID give one page, one delivery and a warning', async () => {
    const f = join(FIXTURES, 'studies', 'NCT07438847.json');
    const out = tmp('dup');
    const r = await cli(['render', f, f, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'trialcard: warning: NCT07438847 appears more than once in the input; the first copy was used\ntrialcard: ' +
        '1 delivered, 0 not found, 0 failed\n',
    );
  });

  it("a record that claims another requested trial's ID as an alias does not replace that trial", async () => {
    const real = rec('NCT03745326');
    const claimant = JSON.parse(rec('NCT07438847').json);
    claimant.protocolSection.identificationModule.nctIdAliases = ['NCT03745326'];
    const s = await startFakeCtgov({
      store: arrayStore([{ id: 'NCT07438847', json: JSON.stringify(claimant), aliases: ['NCT03745326'] }, real]),
    });
    try {
      const out = tmp('alias');
      const r = await cli([
        'fetch',
        'NCT07438847',
        'NCT03745326',
        '--out',
        out,
        '--format',
        'json',
        '--api-base',
        s.baseUrl,
        '--rate',
        '0',
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'NCT03745326.json'), 'utf8')).nctId).toBe('NCT03745326');
      expect(r.stderr).not.toMatch(/now lives under/);
    } finally {
      await s.close();
    }
  });
});

describe('temp files are owned', () => {
  it.each([
    ['fetch --out', (out: string) => ['fetch', 'NCT07438847', '--out', out]],
    ['search --out (under the listing lock)', (out: string) => ['search', '--cond', 'x', '--limit', '1', '--out', out]],
  ])(
    "%s: a live run's temp file and a young dead one are kept; an old one of a dead run is removed",
    async (_name, argv) => {
      const out = tmp('temps');
      const live = `.NCT00000001.md.${(await import('node:os'))
        .hostname()
        .replace(/[^A-Za-z0-9-]/g, '')
        .slice(0, 24)}~${process.pid}.0123abcd.trialcard-tmp`;
      const deadYoung = live.replace(`~${process.pid}.`, '~999999.').replace('0123abcd', '0123abce');
      const deadOld = live.replace(`~${process.pid}.`, '~999998.').replace('0123abcd', '0123abcf');
      for (const f of [live, deadYoung, deadOld]) writeFileSync(join(out, f), 'partial');
      const old = new Date(Date.now() - 3_600_000);
      utimesSync(join(out, deadOld), old, old);
      const r = await cli([...argv(out), ...net()]);
      expect(r.code).toBe(0);
      expect(existsSync(join(out, live))).toBe(true);
      expect(existsSync(join(out, deadYoung))).toBe(true);
      expect(existsSync(join(out, deadOld))).toBe(false);
    },
  );
});

describe('a tampered or broken listing', () => {
  async function listing() {
    const dir = tmp('listing');
    const r = await cli(['search', '--cond', 'cancer', '--limit', '3', '--out', dir, ...net()]);
    expect(r.code).toBe(0);
    return dir;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the manifest is tampered with freely
  type Json = Record<string, any>;
  const editManifest = (dir: string, edit: (m: Json) => void) => {
    const m = JSON.parse(readFileSync(join(dir, 'trialcard.json'), 'utf8'));
    edit(m);
    writeFileSync(join(dir, 'trialcard.json'), JSON.stringify(m));
  };

  it('a page file outside the listing is refused, and nothing is deleted', async () => {
    const dir = await listing();
    const victim = join(dir, '..', `victim-${process.pid}`);
    writeFileSync(victim, 'keep me');
    editManifest(dir, (m) => {
      const id = Object.keys(m.trials)[0] as string;
      m.trials[id].file = `../victim-${process.pid}`;
      m.trials[id].inListing = false;
    });
    const r = await cli(['refresh', dir, '--prune', ...net()]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`trialcard\.json is not a valid trialcard listing manifest: trials\.NCT\d{8}\.file: a page file ` +
          String.raw`is NCT00000000\.md or \.html`,
      ),
    );
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it.each([
    [
      'a template that is not a .hbs file',
      (m: Json) => void Object.assign(m.output, { template: '/etc/passwd' }),
      /output\.template: must be an absolute path ending in \.\(md\|html\)\.hbs/,
    ],
    [
      'a relative templates folder',
      (m: Json) => void Object.assign(m.output, { templates: 'elsewhere' }),
      /output\.templates: must be an absolute path/,
    ],
    [
      'an empty object',
      (m: Json) => {
        for (const k of Object.keys(m)) delete m[k];
      },
      /is not a valid trialcard listing manifest: version/,
    ],
  ])('%s → exit 2, one line', async (_name, edit, message) => {
    const dir = await listing();
    editManifest(dir, edit);
    const r = await cli(['refresh', dir, ...net()]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(message);
  });

  it('a corrupt journal is set aside with a warning and the listing heals from the manifest and files', async () => {
    const dir = await listing();
    const page = readdirSync(dir).find((f) => /^NCT\d{8}\.md$/.test(f)) as string;
    writeFileSync(join(dir, page), 'edited by hand');
    writeFileSync(join(dir, 'trialcard.journal'), 'null\n{"op":"put"}\n');
    const r = await cli(['refresh', dir, ...net()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: .*trialcard\.journal is corrupt \(line 1: .*\); set aside as trialcard\.journal\.corrupt-/,
    );
    expect(readFileSync(join(dir, page), 'utf8')).toMatch(/^---\n/);
    expect(readdirSync(dir).some((f) => f.startsWith('trialcard.journal.corrupt-'))).toBe(true);
    expect(existsSync(join(dir, 'trialcard.journal'))).toBe(false);
  });

  it("another machine's lock is not taken over: exit 4", async () => {
    const dir = await listing();
    writeFileSync(
      join(dir, '.trialcard.lock'),
      JSON.stringify({ pid: 1, host: 'another-host', started: '2026-12-01T00:00:00Z' }),
    );
    const r = await cli(['refresh', dir, ...net()]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/is being updated by another trialcard run \(on host another-host, pid 1/);
  });
});

describe('bad input: one line, the right exit code, before any request', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, number, RegExp]>([
    [
      'HTTPS_PROXY that is no URL',
      ['fetch', 'NCT07438847'],
      { HTTPS_PROXY: 'garbage' },
      2,
      /^trialcard: error: HTTPS_PROXY "garbage" is not a proxy URL \(set it to e\.g\. http/,
    ],
    [
      'User-Agent with CR/LF',
      ['fetch', 'NCT07438847', '--user-agent', 'bot\r\nX-Evil: 1'],
      {},
      2,
      /--user-agent "bot\\r\\nX-Evil: 1" is not a valid User-Agent/,
    ],
    [
      'TRIALCARD_USER_AGENT with a newline',
      ['fetch', 'NCT07438847'],
      { TRIALCARD_USER_AGENT: 'a\nb' },
      2,
      /TRIALCARD_USER_AGENT "a\\nb" is not a valid User-Agent/,
    ],
    [
      'TRIALCARD_API_BASE that is no URL',
      ['fetch', 'NCT07438847'],
      { TRIALCARD_API_BASE: 'nope' },
      2,
      /^trialcard: error: TRIALCARD_API_BASE "nope" is not a URL \(e\.g\. TRIALCARD_API_BASE=https/,
    ],
    [
      '--templates folder that does not exist',
      ['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--templates', '/no/such/dir'],
      {},
      2,
      /--templates \/no\/such\/dir does not exist/,
    ],
    [
      '--template with --format json',
      [
        'render',
        join(FIXTURES, 'studies', 'NCT07438847.json'),
        '--template',
        join(FIXTURES, 'README.md'),
        '-f',
        'json',
      ],
      {},
      2,
      /--template cannot be used with --format json/,
    ],
  ])('%s → exit %i', async (_name, argv, env, code, message) => {
    const before = server.requests.length;
    const r = await cli([...argv, ...(env.TRIALCARD_API_BASE ? [] : ['--api-base', server.baseUrl]), '--rate', '0'], {
      env,
    });
    expect(r.code).toBe(code);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(message);
    expect(server.requests.length).toBe(before);
  });

  it('an overlay folder with NCT….yaml and NCT….yml for one trial → exit 2 naming both', async () => {
    const dir = tmp('overlays');
    writeFileSync(join(dir, 'NCT07438847.yaml'), 'title: a\n');
    writeFileSync(join(dir, 'nct07438847.yml'), 'title: b\n');
    const r = await cli(['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--overlays', dir]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/two overlays for NCT07438847: .*NCT07438847\.yaml and .*nct07438847\.yml/);
  });

  it('a base URL that does not answer like the v2 API: exit 2 on the first 404, not "not found" per ID', async () => {
    const r = await cli(['fetch', 'NCT07438847', '--api-base', `${server.origin}/wrong`, '--rate', '0']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`--api-base http:\/\/127\.0\.0\.1:\d+\/wrong does not answer like the ClinicalTrials\.gov v2 API ` +
          String.raw`\(GET \/version: HTTP 404\)`,
      ),
    );
    const batch = await cli(['fetch', ...IDS, '--api-base', `${server.origin}/wrong`, '--rate', '0']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/does not answer like the ClinicalTrials\.gov v2 API \(GET \/studies: HTTP 404\)/);
  });

  it('a trial that really is missing is still "not found" (the base answers /version)', async () => {
    const r = await cli(['fetch', 'NCT09999999', ...net()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('trialcard: error: NCT09999999 was not found on ClinicalTrials.gov\n');
  });

  it('check: an ID listed twice is checked once, with a warning, as fetch does', async () => {
    const r = await cli(['check', 'NCT07438847', 'nct07438847', ...net()]);
    expect(r.stderr).toContain('NCT07438847 is listed more than once; checked once');
    expect(r.stderr).not.toContain('failed');
    expect(r.stdout.match(/NCT07438847/g)?.length).toBe(1);
  });

  it.each([
    [['check', '-', '-'], '', 'trialcard: error: - (stdin) is given twice (give it once)\n'],
    [['check', '-'], '', 'trialcard: error: stdin is empty (give a saved v2 study, a search page or NDJSON)\n'],
  ])('check %j names stdin as render does', async (argv, stdin, said) => {
    const r = await cli(argv, { stdin });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(said);
  });

  it('check with the registry unreachable: exit 3, one line, no empty table', async () => {
    const closed = await startFakeCtgov({ store: arrayStore([]) });
    await closed.close(); // a port that refuses connections
    const r = await cli(['check', 'NCT07438847', '--api-base', closed.baseUrl, '--rate', '0', '--retries', '0']);
    expect(r.code).toBe(3);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(r.stdout).toBe('');
  });
});

describe('--log json: every line is JSON and the last is the summary', () => {
  it.each<[string, string[], number]>([
    ['a batch', ['fetch', ...IDS, 'NCT09999999'], 1],
    ['a usage error from commander', ['fetch', '--no-such-flag'], 2],
    ['a usage error from trialcard', ['fetch', 'NCT1'], 2],
    ['a listing', ['search', '--cond', 'x', '--limit', '2', '--out', '__DIR__'], 0],
    // Help shown for a mistake is one event, not lines of text.
    ['no command', [], 2],
    ['help for a command that does not exist', ['help', 'nosuch'], 2],
    ['a command group without its command', ['templates'], 2],
  ])('%s', async (_name, argv, code) => {
    const r = await cli([...argv.map((a) => (a === '__DIR__' ? tmp('json') : a)), '--log', 'json', ...net()]);
    expect(r.code).toBe(code);
    const all = jsonLines(r.stderr);
    expect(all.at(-1)).toMatchObject({ level: 'info', message: 'summary', exitCode: code });
    expect(all.filter((l) => l.message === 'summary')).toHaveLength(1);
  });

  it('an interrupt is a JSON line too', async () => {
    const slow = await startFakeCtgov({ store: arrayStore(recs), latencyMs: 3000 });
    const controller = new AbortController();
    const p = cli(['fetch', ...IDS, '--log', 'json', '--api-base', slow.baseUrl, '--rate', '0'], {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const r = await p;
    await slow.close();
    expect(r.code).toBe(130);
    const all = jsonLines(r.stderr);
    expect(all.some((l) => l.level === 'error' && String(l.message).startsWith('interrupted'))).toBe(true);
    expect(all.at(-1)).toMatchObject({ message: 'summary', exitCode: 130 });
  });
});

describe('drift warnings: once per trial and value, whatever the path', () => {
  it.each([
    ['fetch, one ID', (base: string) => ['fetch', 'NCT07438847', '--api-base', base]],
    ['fetch, a batch', (base: string) => ['fetch', 'NCT07438847', 'NCT03745326', '--api-base', base]],
    ['check', (base: string) => ['check', 'NCT07438847', '--api-base', base]],
    [
      'search --out and refresh',
      (base: string) => ['search', '--cond', 'x', '--out', tmp('drift'), '--api-base', base],
    ],
  ])('%s', async (_name, argv) => {
    const base = JSON.parse(rec('NCT07438847').json);
    base.protocolSection.statusModule.overallStatus = 'PAUSED\x1b[2J';
    const s = await startFakeCtgov({
      store: arrayStore([{ id: 'NCT07438847', json: JSON.stringify(base) }, rec('NCT03745326')]),
    });
    try {
      const args = argv(s.baseUrl);
      const r = await cli([...args, '--rate', '0']);
      const warnings = r.stderr.split('\n').filter((l) => l.includes('unknown Status value'));
      expect(warnings).toEqual([
        'trialcard: warning: NCT07438847: unknown Status value "PAUSED[2J"; shown as "Paused 2j"',
      ]);
      if (args[0] === 'search') {
        const again = await cli(['refresh', args[4] as string, '--full', '--api-base', s.baseUrl, '--rate', '0']);
        expect(again.stderr.split('\n').filter((l) => l.includes('unknown Status value'))).toHaveLength(1);
      }
    } finally {
      await s.close();
    }
  });
});
