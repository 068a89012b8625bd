import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/fake-ctgov.js';
import { cli } from './support/cli.js';

const runIn = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
  cli(args, { env: opts.env ?? {}, ...(opts.input !== undefined ? { stdin: opts.input } : {}) });

const STUDY = join(FIXTURES, 'studies', 'NCT07438847.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'trialcard-tpl-'));

describe('custom templates', () => {
  it('--template FILE renders with the documented context, escaped for Markdown', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'card.md.hbs'),
      '{{nctId}}|{{title}}|{{#each facts}}{{label}}={{value}};{{/each}}|{{criteria.sections.length}}\n',
    );
    const r = await runIn(['render', STUDY, '--template', join(dir, 'card.md.hbs')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^NCT07438847\|177Lu-CTR-FAPI for the Treatment of Thyroid Cancer\|Phase=Phase 1;.*\|2\n$/,
    );
  });

  it('templates eject copies the built-ins, and --templates DIR uses an edited copy', async () => {
    const dir = join(tmp(), 'tpl');
    const e = await runIn(['templates', 'eject', dir]);
    expect(e.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'changes.html.hbs',
      'changes.md.hbs',
      'index.html.hbs',
      'index.md.hbs',
      'partials',
      'trial.html.hbs',
      'trial.md.hbs',
    ]);
    const footer = join(dir, 'partials', 'footer.md.hbs');
    writeFileSync(footer, `${readFileSync(footer, 'utf8')}Edited by the Tuesday team.\n`);
    const r = await runIn(['render', STUDY, '--templates', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().endsWith('Edited by the Tuesday team.')).toBe(true);
    const again = await runIn(['templates', 'eject', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds templates/);
  });

  it('a partial called as a block renders the block where it says {{> @partial-block}}', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'box.md.hbs'), '<<{{> @partial-block}}>>');
    writeFileSync(join(dir, 'trial.md.hbs'), '{{#> box}}{{nctId}}{{/box}}');
    const r = await runIn(['render', STUDY, '--templates', dir, '--no-front-matter']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('<<NCT07438847>>\n');
  });

  it('{{> @partial-block}} guarded by {{#if @partial-block}} is not refused, in the page or a partial', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'box.md.hbs'), '<{{#if @partial-block}}{{> @partial-block}}{{/if}}>');
    writeFileSync(
      join(dir, 'trial.md.hbs'),
      '{{#> box}}{{nctId}}{{/box}}{{> box}}{{#if @partial-block}}{{> @partial-block}}{{/if}}',
    );
    const r = await runIn(['render', STUDY, '--templates', dir, '--no-front-matter']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a partial-only directory falls back to the built-in page', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'trial.md.hbs'), readFileSync(join(FIXTURES, '..', 'templates', 'trial.md.hbs')));
    writeFileSync(join(dir, 'partials', 'why.md.hbs'), '## Why it matters\n\nOur own words.\n');
    const r = await runIn(['render', STUDY, '--templates', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Why it matters\n\nOur own words.');
    expect(r.stdout).toContain('## Quick facts');
  });

  it.each([
    [
      '{{#each facts}}\n{{label}\n{{/each}}',
      /card\.md\.hbs \(.*card\.md\.hbs:2:8\): found "}" where "}}" or "}}}" or a name was expected/,
    ],
    ['{{#if title}}\nno end', /card\.md\.hbs:2:7\): a block is not closed: each {{#name}} needs its {{\/name}}/],
    ['{{title\n', /card\.md\.hbs:2:1\): the template ends inside a {{ tag/],
    ['x\n{{/if}}', /card\.md\.hbs:2:1\): a {{\/name}} closes a block that was not opened/],
    ['{{{title}}', /card\.md\.hbs:1:9\): found "}}" where "}}}" or a name or a quoted text was expected/],
    ['x\n  {{#if a}}y{{/each}}', /card\.md\.hbs:2:\d+\): {{\/each}} closes {{#if}}: a block ends with its own name/],
    ['line one\n  {{> nope}}\n', /card\.md\.hbs \(.*card\.md\.hbs:2:3\): the partial "nope" does not exist/],
    [
      '{{title}}{{myHelper title}}',
      /card\.md\.hbs:1:10\): "myHelper" is not a helper templates can use \(they have if, unless, each, with and/,
    ],
    ['hello {{title', /card\.md\.hbs:1\): the template ends inside a {{ tag/],
    ['{{if title}}', /card\.md\.hbs:1:1\): if wraps a block: write {{#if value}} … {{\/if}}/],
    ['x {{#each facts}}{{each this}}{{/each}}', /card\.md\.hbs:1:18\): each wraps a block/],
    [
      '{{#*inline "mine"}}IN{{/inline}}{{> mine}}',
      /decorators and inline partials \({{#\*inline}}\) are not supported/,
    ],
    ['{{helperMissing "x"}}', /"helperMissing" is not a helper templates can use/],
    ['{{log title level="error"}}', /"log" is not a helper templates can use/],
    // The built-in helpers' own errors would come per page, at render time: they are found before any record.
    ['{{#if}}x{{/if}}', /card\.md\.hbs:1:1\): if needs one value to test, as in {{#if value}}/],
    ['{{#if a b}}x{{/if}}', /card\.md\.hbs:1:1\): if needs one value to test/],
    ['a\n {{#each}}{{/each}}', /card\.md\.hbs:2:2\): each needs one list to go through, as in {{#each list}}/],
    ['{{lookup}}', /card\.md\.hbs:1:1\): lookup needs a value and a key, as in {{lookup value key}}/],
    ['{{#with}}{{/with}}', /card\.md\.hbs:1:1\): with needs one value, as in {{#with value}}/],
    ['{{#unless (lookup a)}}{{/unless}}', /card\.md\.hbs:1:11\): lookup needs a value and a key/],
    // Both failed page by page, each trial with Handlebars' own words and no place.
    ['x\n{{> @partial-block}}', /card\.md\.hbs:2:1\): {{> @partial-block}} is only for a partial called as a block/],
    [
      '{{#if @partial-block}}x{{/if}}{{> @partial-block}}',
      /card\.md\.hbs:1:31\): {{> @partial-block}} is only for a partial called as a block/,
    ],
    ['{{> (lookup . "kind")}}', /card\.md\.hbs:1:1\): a partial named by an expression is not supported/],
  ])('broken template %j → exit 2 naming file, line and column', async (source, message) => {
    const dir = tmp();
    writeFileSync(join(dir, 'card.md.hbs'), source);
    const r = await runIn(['render', STUDY, '--template', join(dir, 'card.md.hbs')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['{{#each facts as |if|}}[{{if.label}}]{{/each}}', '[Phase]'],
    ['{{#with title as |lookup|}}<{{lookup}}>{{/with}}', '<177Lu-CTR-FAPI'],
    ['{{#if title}}a{{else if nctId}}b{{else}}c{{/if}}', 'a'],
    ['{{#each facts}}{{#if @first}}{{lookup this "label"}}{{/if}}{{/each}}', 'Phase'],
  ])('a valid template %j is not refused by the checks', async (source, shown) => {
    const dir = tmp();
    writeFileSync(join(dir, 'card.md.hbs'), source);
    const r = await runIn(['render', STUDY, '--template', join(dir, 'card.md.hbs'), '--no-front-matter']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(shown);
  });

  it.each([
    ['{{#if a}}x{{else}}y{{else}}z{{/if}}'],
    ['{{.foo}}'],
    ['{{title as |b|}}'],
    ['{{#each facts as ||}}{{/each}}'],
    ['{{#if x'],
    ['{{! x'],
    ['\u0000\u0001{{'],
  ])('a broken template %j is told without the parser’s own words', async (source) => {
    const dir = tmp();
    writeFileSync(join(dir, 'card.md.hbs'), source);
    const r = await runIn(['render', STUDY, '--template', join(dir, 'card.md.hbs')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trialcard: error: template card\.md\.hbs \(/);
    expect(r.stderr).not.toMatch(/INVERSE|SEP|BLOCK_PARAMS|INVALID|OPEN|CLOSE|knownHelpers|options\.fn|undefined/);
  });

  it.each([
    [
      (d: string) => ['templates', 'eject', join(d, 'afile')],
      'cannot write templates to {d}/afile: it is a file, not a directory (choose a directory you can write to)',
    ],
    [() => ['templates', 'eject', ''], 'no directory given (e.g. trialcard templates eject my-templates)'],
    [
      (d: string) => ['render', STUDY, '--templates', join(d, 'tdir')],
      'cannot read template {d}/tdir/trial.md.hbs: it is a directory ' +
        '(check the path given with --template or --templates)',
    ],
    [
      (d: string) => ['render', STUDY, '--out', join(d, 'dangling')],
      '--out {d}/dangling is a link to {d}/nowhere/x, which does not exist (choose a directory you can write to)',
    ],
  ])('%#: a path that cannot be used is told in words, not by its error code', async (args, said) => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), '');
    mkdirSync(join(dir, 'tdir', 'trial.md.hbs'), { recursive: true });
    symlinkSync(join(dir, 'nowhere', 'x'), join(dir, 'dangling'));
    const r = await runIn(args(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trialcard: error: ${said.replaceAll('{d}', dir)}\n`);
  });

  it.each([
    [Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]), /template .*card\.md\.hbs is not UTF-8 text \(save it as UTF-8\)/],
    [Buffer.alloc(1024 * 1024 + 1, 'x'), /template .*card\.md\.hbs is 1\.0 MB; a template is at most 1 MB/],
  ])(
    '%#: a template that is not text, or too big to be a layout, is refused before any record',
    async (bytes, said) => {
      const dir = tmp();
      writeFileSync(join(dir, 'card.md.hbs'), bytes);
      const r = await runIn(['render', STUDY, '--template', join(dir, 'card.md.hbs')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(said);
    },
  );

  it('a missing template → exit 2', async () => {
    const r = await runIn(['render', STUDY, '--template', '/nonexistent/page.md.hbs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'trialcard: error: --template /nonexistent/page.md.hbs does not exist (give a template file, e.g. ' +
        'my-templates/trial.md.hbs)\n',
    );
  });
});

describe('overlays', () => {
  it('fill the editorial sections and show the review line', async () => {
    const r = await runIn(['render', STUDY, '--overlays', join(FIXTURES, 'overlays')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# 177Lu-CTR-FAPI for thyroid cancer');
    expect(r.stdout).toContain('**Good fit:** Ideal candidates');
    expect(r.stdout).toContain('Last reviewed 2026-05-15 by the Find a Trial editorial team.');
  });

  it.each([
    ['title: [unclosed\n', /overlay .*NCT07438847\.yaml:\d+:\d+ is not valid YAML/],
    ['title: x\ngood_fitt: typo\n', /overlay .*NCT07438847\.yaml: unknown key "good_fitt"/],
    ['reviewed_on: May 2026\n', /overlay .*NCT07438847\.yaml: reviewed_on: use YYYY-MM-DD/],
  ])('%j → exit 2 naming the file', async (yaml, message) => {
    const dir = tmp();
    writeFileSync(join(dir, 'NCT07438847.yaml'), yaml);
    const r = await runIn(['render', STUDY, '--overlays', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a review older than the record warns and names what changed', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'NCT07438847.yaml'),
      'summary: Plain words.\nreviewed_on: 2026-01-01\nreviewed_by: Ana\nreviewed_record:\n  status: ' +
        'NOT_YET_RECRUITING\n  sites: 2\n',
    );
    const r = await runIn(['render', STUDY, '--overlays', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'trialcard: warning: NCT07438847: overlay reviewed 2026-01-01, record updated 2026-05-15: status ' +
        'NOT_YET_RECRUITING → RECRUITING\n',
    );
    const c = await runIn(['check', STUDY, '--overlays', dir]);
    expect(c.stdout).toContain('stale overlay: NCT07438847: overlay reviewed 2026-01-01');
  });
});
