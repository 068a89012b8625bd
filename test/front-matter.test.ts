import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseStudy } from '../src/ctgov/schema.js';
import { normalize } from '../src/model/normalize.js';
import { frontMatterOf } from '../src/render/engine.js';
import { type FrontMatterValue, frontMatterYaml, ownYaml } from '../src/render/front-matter.js';
import { corpus } from './helpers.js';

// The front matter writer is held to the yaml package's bytes: on every record, and on strings built to hit each
// of its rules (quoting, folding at 80 columns, escapes, words longer than a line).

/** The same bytes; false when the writer handed the fields to the package (then the same by construction). */
const same = (fields: Record<string, FrontMatterValue>): boolean => {
  const want = stringify(fields);
  expect(frontMatterYaml(fields)).toBe(want);
  const own = ownYaml(fields);
  if (own !== undefined) expect(own).toBe(want);
  return own !== undefined;
};

describe('front matter is what the yaml package writes', () => {
  it.each(corpus().map((r) => [r.name, r.raw] as const))('%s', (_name, raw) => {
    const p = parseStudy(raw);
    if (!p.ok) throw new Error(p.message);
    expect(same(frontMatterOf(normalize(p.study)))).toBe(true);
  });

  // A small seeded generator, so a failure names a case that can be run again.
  let seed = 20261202;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pieces = [
    'Study',
    'of',
    'a',
    'Phase',
    '2',
    'Trial:',
    'Drug',
    ': ',
    ' #',
    '#1',
    "'",
    '"',
    '\\',
    '-',
    '- ',
    '? ',
    '[x]',
    '{y}',
    '&',
    '*',
    '!',
    '|',
    '>',
    '%',
    '@',
    '`',
    ',',
    'é',
    '中文',
    '😀',
    'AJCC',
    'v8',
    '  ',
    'Cancer,',
    'x'.repeat(70),
    'https://clinicaltrials.gov/study/NCT00000001',
    'true',
    'null',
    '~',
    '0x1F',
    '1.5',
    '12',
    '-3',
    '.inf',
    '1e5',
  ];
  const phrase = () => {
    const n = rand(40);
    let s = '';
    for (let i = 0; i < n; i++) s += (rand(3) ? ' ' : '') + (pieces[rand(pieces.length)] as string);
    return rand(4) ? s.trim() : s;
  };
  it('on 3,000 built strings, as values, list items and after keys of each length in use', () => {
    let own = 0;
    const shapes = { folded: 0, single: 0, double: 0, broken: 0 };
    for (let i = 0; i < 3000; i++) {
      const value = phrase();
      if (same({ title: value, nct_id: 'NCT00000001', conditions: [value, phrase()], sponsor: phrase(), slug: value }))
        own++;
      same({ last_updated: value, phases: [], status: null });
      const text = stringify({ title: value });
      if (/\n {2}\S/.test(text)) shapes.folded++;
      if (text.startsWith("title: '")) shapes.single++;
      if (text.startsWith('title: "')) shapes.double++;
      if (/\\\n/.test(text)) shapes.broken++;
    }
    // The writer's own rules cover nearly every case, and the cases reach each rule.
    expect(own).toBeGreaterThan(2900);
    for (const n of Object.values(shapes)) expect(n).toBeGreaterThan(30);
  });
  it.each([
    [''],
    ['null'],
    ['true'],
    ['123'],
    ['- x'],
    ['x: y'],
    ['a #b'],
    ['end:'],
    ["it's"],
    ['say "hi"'],
    ['--- x'],
  ])('%j', (value) => {
    same({ title: value, conditions: [value] });
  });
});
