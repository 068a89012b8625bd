import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayStore, FIXTURES, fixtureRecords, startFakeCtgov } from './support/fake-ctgov.js';
import { runBin } from './support/run-bin.js';

// The built bin, spawned as a user runs it: the same program as run(argv, io), through bin/ and dist/.
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
beforeAll(async () => {
  server = await startFakeCtgov({ store: arrayStore(fixtureRecords()) });
});
afterAll(() => server.close());

describe('trialcard, the binary', () => {
  it('the built bin prints the page with the registry facts in plain words', async () => {
    const r = await runBin(['fetch', 'NCT07438847', '--api-base', server.baseUrl]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const page = r.stdout;
    expect(page).toContain('- **Phase:** Phase 1');
    const body = page.split('\n---\n')[1] ?? '';
    expect(body).toContain('# 177Lu-CTR-FAPI');
    expect(body).not.toMatch(/PHASE1|RECRUITING|INTERVENTIONAL|\bOTHER\b/);
    expect(page).toContain('- **Enrollment:** Plans to include about 12 people');
    expect(page).toContain('- **Ages:** 18 years and up');
    expect(page).toContain('Cancer Institute and Hospital, Chinese Academy of Medical Sciences');
    expect(page).toContain('SUVmax > 10 in more than half');
    expect(page).not.toContain('\\>');
    expect(page).toContain('2 sites in China');
    expect(page).not.toContain('other locations');
    expect(page).toContain('177Lu-CTR-FAPI (drug)');
    const inc = page.split('### Who can join (inclusion criteria)')[1]?.split('###')[0] ?? '';
    const exc = page.split('### Who cannot join (exclusion criteria)')[1]?.split('##')[0] ?? '';
    expect(inc.match(/^- /gm)).toHaveLength(11);
    expect(exc.match(/^- /gm)).toHaveLength(16);
    expect(page).not.toContain('## Study contacts');
  });

  it('the built bin renders the shipped fixture', async () => {
    const r = await runBin(['render', join(FIXTURES, 'studies', 'NCT07438847.json'), '--no-front-matter']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# 177Lu-CTR-FAPI for the Treatment of Thyroid Cancer')).toBe(true);
  });

  // Start-up: node:crypto, node:child_process (commander's, for subcommands trialcard has none of) and node:v8
  // cost ~9 ms to load together; a page to stdout needs none of them. A batch tunes the heap (node:v8).
  it('a page to stdout loads no crypto, child processes or v8; a second page or a listing tunes the heap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-modules-'));
    try {
      const preload = join(dir, 'modules.cjs');
      writeFileSync(
        preload,
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_OUT, " +
          "process.moduleLoadList.join('\\n')));",
      );
      const loaded = async (args: string[]) => {
        const out = join(dir, 'list.txt');
        const r = await runBin(args, {
          env: { NODE_OPTIONS: `--require ${preload}`, MODULES_OUT: out },
        });
        expect(r.code).toBe(0);
        return readFileSync(out, 'utf8').split('\n');
      };
      const one = await loaded(['render', join(FIXTURES, 'studies', 'NCT07438847.json')]);
      expect(one).toContain('NativeModule fs');
      for (const m of ['crypto', 'child_process', 'v8']) expect(one).not.toContain(`NativeModule ${m}`);
      const two = await loaded([
        'render',
        join(FIXTURES, 'studies', 'NCT07438847.json'),
        join(FIXTURES, 'studies', 'NCT03745326.json'),
      ]);
      expect(two).toContain('NativeModule v8');
      // A listing is a batch from its start, whatever it finds.
      const listing = join(dir, 'listing');
      const search = ['search', '--cond', 'x', '--limit', '1', '--out', listing, '--api-base', server.baseUrl, '-q'];
      expect(await loaded(search)).toContain('NativeModule v8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
