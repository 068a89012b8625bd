import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStudy } from '../src/ctgov/schema.js';
import { LABELS } from '../src/model/labels.js';
import { normalize } from '../src/model/normalize.js';
import { gradeSentences, hardestSentences, proseSentences, redactRecordText } from '../src/readability/grade.js';
import { createRenderer } from '../src/index.js';
import { corpus, FIXTURES, makeStudy } from './helpers.js';
import { cli } from './support/cli.js';

const runIn = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) =>
  cli(args, { env: opts.env ?? {}, ...(opts.input !== undefined ? { stdin: opts.input } : {}) });

const records = corpus().map((r) => {
  const p = parseStudy(r.raw);
  if (!p.ok) throw new Error(`${r.name}: ${p.message}`);
  return { name: r.name, trial: normalize(p.study) };
});
const md = createRenderer('md');
const html = createRenderer('html');

// Every enum code the spec lists, except those that are also plain English words on a page.
const RAW_CODES = [...new Set(Object.values(LABELS).flatMap((t) => Object.keys(t)))].filter(
  (c) =>
    /_|\d/.test(c) ||
    [
      'RECRUITING',
      'INTERVENTIONAL',
      'OBSERVATIONAL',
      'COMPLETED',
      'TERMINATED',
      'WITHDRAWN',
      'SUSPENDED',
      'INDUSTRY',
      'OTHER',
      'DRUG',
      'DEVICE',
      'RANDOMIZED',
      'TREATMENT',
      'NONE',
      'ALL',
      'FEMALE',
      'MALE',
      'ADULT',
      'CHILD',
      'ESTIMATED',
      'ACTUAL',
    ].includes(c),
);

describe('every record in the corpus', () => {
  it.each(records.map((r) => [r.name, r.trial] as const))('%s: no raw enum value in the page body', (_n, trial) => {
    for (const page of [md.render(trial, { frontMatter: false }), html.render(trial)]) {
      // Registry text may legitimately contain capitals ("ALL patients"): check only what trialcard wrote.
      const generated = md.render(redactRecordText(trial), { frontMatter: false });
      for (const code of RAW_CODES) expect(generated, code).not.toMatch(new RegExp(`\\b${code}\\b`));
      // The page is a whole page: its trial and the closing line.
      expect(page).toContain(trial.nctId);
      expect(page).toMatch(/Talk with your doctor before you join a trial\./);
    }
  });

  it.each(records.map((r) => [r.name, r.trial] as const))(
    '%s: generated prose reads at grade 8 or below',
    (_n, trial) => {
      const sentences = proseSentences(md.render(redactRecordText(trial), { frontMatter: false }));
      const g = gradeSentences(sentences);
      expect(g.fleschKincaid).toBeLessThanOrEqual(8);
      expect(g.smog).toBeLessThanOrEqual(10);
      // Each generated sentence on its own, not only the page on average.
      const worst = hardestSentences(sentences, 1)[0];
      if (worst) expect(worst.grade, worst.sentence).toBeLessThanOrEqual(8);
    },
  );

  it('renders to Markdown and JSON through the CLI with exit 0', async () => {
    const files = ['studies', 'edited', 'pages'].flatMap((d) =>
      readdirSync(join(FIXTURES, d)).map((f) => join(FIXTURES, d, f)),
    );
    for (const format of ['md', 'json']) {
      const out = mkdtempSync(join(tmpdir(), 'trialcard-corpus-'));
      const r = await runIn(['render', ...files, '--out', out, '--format', format]);
      // Some trials are in a study file and in a search page: each ID is delivered once, with a warning.
      const distinct = new Set(records.map((x) => x.trial.nctId)).size;
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toBe(`trialcard: ${distinct} delivered, 0 not found, 0 failed`);
      expect(
        lines.slice(0, -1).every((l) => / appears more than once in the input; the first copy was used$/.test(l)),
      ).toBe(true);
      expect(lines.length - 1).toBe(records.length - distinct);
      expect(r.code).toBe(0);
      const written = readdirSync(out).filter((f) => f.endsWith(`.${format}`));
      expect(written.length).toBe(new Set(records.map((x) => x.trial.nctId)).size);
      if (format === 'json')
        for (const f of written)
          expect(JSON.parse(readFileSync(join(out, f), 'utf8')).nctId).toBe(f.replace('.json', ''));
    }
  });

  it('trialcard check prints grades ≤ 8 for every page', async () => {
    const r = await runIn([
      'check',
      join(FIXTURES, 'studies', 'NCT07438847.json'),
      join(FIXTURES, 'pages', 'pancrepal_kras_pancreatic_recruiting_page1.json'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { pages: { grade: { fleschKincaid: number } }[] };
    expect(report.pages).toHaveLength(11);
    for (const p of report.pages) expect(p.grade.fleschKincaid).toBeLessThanOrEqual(8);
  });
});

describe('readability formulas', () => {
  it('the redacted trial keeps which places are alike, so its site sentences are those of the page', () => {
    const sites = [
      { facility: 'Mayo Clinic', city: 'Rochester', country: 'United States' },
      { facility: 'mayo clinic', city: 'Rochester', country: 'United States' },
      { facility: 'Research Site', city: 'Oslo', country: 'Norway' },
      { facility: 'Research Site', city: 'Oslo', country: 'Norway' },
    ];
    const t = normalize(makeStudy({ contactsLocationsModule: { locations: sites } }));
    const list = redactRecordText(t).sites.list;
    expect(list.map((s) => s.facility)).toEqual(['Qzqa', 'Qzqa', 'Qzqd', 'Qzqg']);
    expect(list.map((s) => s.city)).toEqual(['Qzqb', 'Qzqb', 'Qzqe', 'Qzqe']);
    expect(redactRecordText(t).sites.summary).toBe('3 sites in Qzqc and Qzqf');
  });
  it.each([
    ['its own words', 'Each person is seen twice.', true],
    ['the summary again', 'The stent  is new.', false],
  ])('a detailed description of %s keeps, or loses, its section on the graded page', (_, detailed, kept) => {
    const t = normalize(
      makeStudy({ descriptionModule: { briefSummary: 'The stent is new.', detailedDescription: detailed } }),
    );
    const graded = md.render(redactRecordText(t), { frontMatter: false });
    expect(graded.includes('More detail from the researchers')).toBe(kept);
  });
  it('match hand-computed values', () => {
    // 2 sentences, 9 words, 12 syllables ("easy"=2), 1 word of 3+ syllables ("family"=3).
    const g = gradeSentences(['The cat sat.', 'My family is easy on me.']);
    expect(g.words).toBe(9);
    expect(g.sentences).toBe(2);
    expect(g.fleschKincaid).toBeCloseTo(0.39 * (9 / 2) + 11.8 * (12 / 9) - 15.59, 1);
    expect(g.smog).toBeCloseTo(1.043 * Math.sqrt((1 * 30) / 2) + 3.1291, 1);
  });
  it('counts only generated sentences: no registry text, labels, headings, names or dates', () => {
    expect(
      proseSentences(
        '- Qzq\n- **Sponsor:** Qzq (company)\n# Qzq heading.\nThis trial tests Qzq in people. Started May 15, ' +
          '2026 on ClinicalTrials.gov.\nNot listed here: 3 sites in Qzqa, 2 in Qzqb and 1 in Qzqc.',
      ),
    ).toEqual(['This trial tests in people.', 'Started on .']);
  });
});
