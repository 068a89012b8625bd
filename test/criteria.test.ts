import { describe, expect, it } from 'vitest';
import { parseStudy } from '../src/ctgov/schema.js';
import { type CriteriaEntry, criteriaWords, parseCriteria, words } from '../src/criteria/parse.js';
import { normalize } from '../src/model/normalize.js';
import { unescapeMarkdown } from '../src/model/text.js';
import { createRenderer } from '../src/index.js';
import { corpus } from './helpers.js';

const items = (text: string, kind: 'inclusion' | 'exclusion' | 'other') =>
  parseCriteria(text)
    .sections.filter((s) => s.kind === kind)
    .flatMap((s) => s.entries.filter((e) => e.kind === 'item').map((e) => (e as { text: string }).text));

describe('headings', () => {
  it.each([
    ['Inclusion Criteria:\n\n* a\n\nExclusion Criteria:\n\n* b'],
    ['INCLUSION CRITERIA:\n* a\nEXCLUSION CRITERIA:\n* b'],
    ['Key Inclusion Criteria:\n* a\nKey Exclusion Criteria:\n* b'],
    ['Inclusion Criteria\n1. a\nExclusion Criteria\n1. b'],
    ['Inclusion\n* a\nExclusion\n* b'],
    ['-INCLUSION CRITERIA:\n1. a\nEXCLUSION CRITERIA:\n1. b'],
    ['* INCLUSION CRITERIA:\na\nEXCLUSION CRITERIA:\nb'],
    ['Inclusion Criteria：\n1. a；\nExclusion Criteria:\n1. b；'],
    ['Inclusion Criteria includes:\n* a\nExclusion Criteria includes:\n* b'],
    ['inclusion criteria:\n- a\nexclusion criteri\n- b'],
    ['Subjects must meet all the following inclusion criteria:\n* a\nExclusion Criteria\n* b'],
    ['Inclusion Criteria:-\n\n* a\n\nExclusion Criteria:-\n\n* b'],
  ])('%j splits', (text) => {
    const p = parseCriteria(text);
    expect(p.case).toBe('split');
    expect(items(text, 'inclusion').map((s) => s.replace(/；$/, ''))).toEqual(['a']);
    expect(items(text, 'exclusion').map((s) => s.replace(/；$/, ''))).toEqual(['b']);
  });
  it('keeps inline text after a heading colon', () =>
    expect(items('Inclusion Criteria: adults only\nExclusion Criteria: none', 'inclusion')).toEqual(['adults only']));
  it('joins several blocks of the same kind', () =>
    expect(
      items(
        'Inclusion Criteria (Part A):\n* a\nInclusion Criteria for Part B:\n* b\nExclusion Criteria:\n* c',
        'inclusion',
      ),
    ).toEqual(['a', 'b']));
});

describe('markers', () => {
  it.each([
    ['* one\n* two', ['one', 'two']],
    ['- one\n- two', ['one', 'two']],
    ['• one\n• two', ['one', 'two']],
    ['1. one\n2. two', ['one', 'two']],
    ['1) one\n2) two', ['one', 'two']],
    ['1\\. one\n2\\. two', ['one', 'two']],
    ['* 1\\. one\n* 2\\. two', ['one', 'two']],
    ['* •one\n* •two', ['one', 'two']],
    ['a) one\nb) two', ['one', 'two']],
    ['1)one\n2)two', ['one', 'two']],
    ['i) one\nii) two\niii) three\niv) four', ['one', 'two', 'three', 'four']],
    ['I. one\nII. two\nIII. three', ['one', 'two', 'three']],
  ])('%j', (body, expected) =>
    expect(items(`Inclusion Criteria:\n${body}\nExclusion Criteria:\n* x`, 'inclusion')).toEqual(expected),
  );
  it('does not take "1.5 mg" or "-previously" for a marker', () => {
    const p = parseCriteria('Inclusion Criteria:\n1.5 mg per day\n-previously treated\nExclusion Criteria:\n* x');
    expect(
      items('Inclusion Criteria:\n1.5 mg per day\n-previously treated\nExclusion Criteria:\n* x', 'inclusion'),
    ).toEqual(['1.5 mg per day', '-previously treated']);
    expect(p.case).toBe('split');
  });
});

describe('nesting and continuations', () => {
  const text = [
    'Inclusion Criteria:',
    '* Active disease defined by',
    '  * BASDAI \\>= 4',
    '  * Pain \\>= 4',
    '    * nested deeper',
    '* Wrapped item that goes on',
    '  on a second line',
    '4. Patients must have:',
    '   * option one',
    '   OR',
    '   -declined standard treatment.',
    'Exclusion Criteria:',
    '* x',
  ].join('\n');
  const inc = parseCriteria(text).sections.find((s) => s.kind === 'inclusion')?.entries ?? [];
  it('nests two-space sub-bullets', () => {
    const first = inc[0] as Extract<CriteriaEntry, { kind: 'item' }>;
    expect(first.children.map((c) => ('text' in c ? c.text : ''))).toEqual(['BASDAI >= 4', 'Pain >= 4']);
    const pain = first.children[1] as Extract<CriteriaEntry, { kind: 'item' }>;
    expect(pain.children).toHaveLength(1);
  });
  it('joins wrapped lines', () =>
    expect((inc[1] as { text: string }).text).toBe('Wrapped item that goes on on a second line'));
  it('keeps lines after sub-items as notes in order', () => {
    const item = inc[2] as Extract<CriteriaEntry, { kind: 'item' }>;
    expect(item.children.map((c) => `${c.kind}:${'text' in c ? c.text : ''}`)).toEqual([
      'item:option one',
      'note:OR',
      'note:-declined standard treatment.',
    ]);
  });
});

describe('a lead-in ending in a colon takes the next items of another list kind as its sub-list', () => {
  /** Items as "text" and sub-items as "> text", in order. */
  const outline = (text: string) => {
    const out: string[] = [];
    const walk = (e: CriteriaEntry, depth: number) => {
      if (e.kind !== 'item') return;
      out.push(`${'> '.repeat(depth)}${e.text}`);
      for (const c of e.children) walk(c, depth + 1);
    };
    for (const s of parseCriteria(text).sections) for (const e of s.entries) walk(e, 0);
    return out;
  };
  it.each([
    // The exceptions belong to the rule that announces them, not to the list of who cannot join.
    [
      '* Progressed on a proteasome inhibitor, except as noted below:.\n\ni) on maintenance are not excluded.' +
        '\n\nii) after 6 months are not excluded.\n\n* Prior mezigdomide.',
      [
        'Progressed on a proteasome inhibitor, except as noted below:.',
        '> on maintenance are not excluded.',
        '> after 6 months are not excluded.',
        'Prior mezigdomide.',
      ],
    ],
    [
      '1. Measurable disease, any of the following:\na) M-protein\nb) urine M-protein\n2. One prior line',
      ['Measurable disease, any of the following:', '> M-protein', '> urine M-protein', 'One prior line'],
    ],
    // In a letter list, "i)" is a letter.
    ['* One of:\nh) eight\ni) nine\nj) ten\n* Next', ['One of:', '> eight', '> nine', '> ten', 'Next']],
    // The same kind of marker: nothing says the items belong to the lead-in, so they stay where they are.
    ['* One of the following:\n* a\n* b', ['One of the following:', 'a', 'b']],
    // No colon: no sub-list.
    ['* A rule.\ni) one\nii) two', ['A rule.', 'one', 'two']],
    // A plain line ends the sub-list.
    [
      '* Lead:\n1. one\nA plain sentence that goes on.\n2. two',
      ['Lead:', '> one', 'A plain sentence that goes on.', 'two'],
    ],
    // A single letter is a letter: in a letter list, "i)" after "h)" is the next item, not a sub-list.
    [
      'h) Signed consent\ni) Measurable disease, any of the following:\nj) ECOG 0-1\nk) Life expectancy',
      ['Signed consent', 'Measurable disease, any of the following:', 'ECOG 0-1', 'Life expectancy'],
    ],
    ['h) Blood counts defined as:\ni) Hemoglobin\nj) ECOG', ['Blood counts defined as:', 'Hemoglobin', 'ECOG']],
    ['H. Labs as follows:\nI. one\nJ. two', ['Labs as follows:', 'one', 'two']],
    // Its list came indented under it: later items of another kind are not its.
    [
      '1. Age 18\n2. Patients must have:\n   - ANC\n   - Plt\n\nA. Signed consent\nB. Able to comply',
      ['Age 18', 'Patients must have:', '> ANC', '> Plt', 'Signed consent', 'Able to comply'],
    ],
    // A third kind after the sub-list ends it too.
    ['* Lead:\n1. one\na) other', ['Lead:', '> one', 'other']],
  ])('%j', (text, expected) => expect(outline(text)).toEqual(expected));
});

describe('sub-cohort headings and notes', () => {
  const text =
    'Inclusion Criteria:\nFor adolescent participants:\n* a\nFor parent participants:\n* b\nExclusion ' +
    'Criteria:\n* c\nNote: Other protocol defined criteria may apply';
  const p = parseCriteria(text);
  it('keeps them in order', () => {
    expect(p.sections.find((s) => s.kind === 'inclusion')?.entries.map((e) => e.kind)).toEqual([
      'heading',
      'item',
      'heading',
      'item',
    ]);
    expect(p.sections.find((s) => s.kind === 'exclusion')?.entries.map((e) => e.kind)).toEqual(['item', 'note']);
  });
});

describe('closing remarks are notes, not rules', () => {
  it.each([
    ['* Other protocol-defined Inclusion/Exclusion criteria apply.', 'note'],
    ['* Other protocol-defined inclusion/exclusion criteria may apply', 'note'],
    ["The above information is not intended to contain all considerations relevant to a patient's …", 'note'],
    ['* Other cancers within 5 years', 'item'],
    ['* Additional criteria: adults only', 'item'],
    ['* Additional criteria apply for Cohort B:', 'item'],
  ])('%j is a %s', (line, kind) => {
    const p = parseCriteria(`Inclusion Criteria:\n* a\nExclusion Criteria:\n* b\n\n${line}`);
    expect(p.sections.find((s) => s.kind === 'exclusion')?.entries.at(-1)?.kind).toBe(kind);
  });
});

describe('when it cannot split with confidence', () => {
  it.each([
    [
      'DISEASE CHARACTERISTICS:\n* Histologically confirmed CML\nPATIENT CHARACTERISTICS:\nAge\n* 18 and over',
      'not labeled',
    ],
    ['Exclusion Criteria:\n* a', 'no inclusion heading'],
    ['Inclusion Criteria:\n* a\n* b\nExclusion Criteria:\n* a\n* b', 'repeats the inclusion list'],
    ['Patients must be adults who can give consent.', 'not labeled'],
  ])('%j → as written', (text, reason) => {
    const p = parseCriteria(text);
    expect(p.case).toBe('as-written');
    expect(p.reason).toMatch(reason);
  });
  it('an inclusion list alone is not a guess', () =>
    expect(parseCriteria('Inclusion Criteria:\n* a').case).toBe('inclusion-only'));
  it('an "Eligibility criteria:" block before "Exclusion criteria:" is the inclusion list', () => {
    const p = parseCriteria('Eligibility criteria:\n* a\nExclusion criteria:\n* b');
    expect(p.case).toBe('split');
    expect(p.reason).toMatch(/Eligibility criteria/);
  });
  it('empty text', () => expect(parseCriteria('').case).toBe('empty'));
});

describe('corpus invariant: every word of the criteria is in the model once, in order, and on the page', () => {
  const md = createRenderer('md');
  const html = createRenderer('html');
  const records = corpus();
  it('has the whole corpus', () => expect(records.length).toBeGreaterThanOrEqual(50));
  it.each(records.map((r) => [r.name, r.raw] as const))('%s', (_name, raw) => {
    const parsed = parseStudy(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    const source = parsed.study.protocolSection.eligibilityModule?.eligibilityCriteria ?? '';
    const trial = normalize(parsed.study);
    expect(criteriaWords(trial.eligibility)).toEqual(words(unescapeMarkdown(source)));
    // Rendering keeps every item, sub-item and note: their words appear in order in the page.
    const texts: string[] = [];
    const walk = (e: CriteriaEntry) => {
      texts.push(e.text);
      if (e.kind === 'item') e.children.forEach(walk);
    };
    for (const s of trial.eligibility.sections) for (const e of s.entries) walk(e);
    for (const page of [md.render(trial), html.render(trial)]) {
      const pageWords = words(
        page
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&#x27;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&#x3D;/g, '=')
          .replace(/&#x60;/g, '`'),
      );
      let at = 0;
      for (const w of texts.flatMap(words)) {
        const next = pageWords.indexOf(w, at);
        expect(next, `"${w}" missing after word ${at}`).toBeGreaterThanOrEqual(0);
        at = next + 1;
      }
    }
  });
});
