import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudiesSplitter } from '../src/ctgov/studies-stream.js';
import { FIXTURES } from './helpers.js';

function split(text: string, chunk: number) {
  const s = new StudiesSplitter();
  const studies: unknown[] = [];
  for (let i = 0; i < text.length; i += chunk)
    studies.push(...s.push(text.slice(i, i + chunk)).map((t) => JSON.parse(t)));
  return { studies, rest: s.end() };
}

describe('StudiesSplitter', () => {
  const pages = [
    'pancrepal_kras_pancreatic_recruiting_page1.json',
    'kylevogeler_sampleResponse.json',
    'hrishikesh_comparison_nivolumab_arm_fields_filtered.json',
    'cyanheads_studies_2025-06-17T11-16-37-179Z.json',
  ];
  it.each(pages.flatMap((p) => [1, 7, 4096, 1e9].map((c) => [p, c] as const)))(
    '%s in chunks of %i equals JSON.parse',
    (page, chunk) => {
      const text = readFileSync(join(FIXTURES, 'pages', page), 'utf8');
      const whole = JSON.parse(text) as { studies: unknown[]; nextPageToken?: string; totalCount?: number };
      const { studies, rest } = split(text, chunk);
      expect(studies).toEqual(whole.studies);
      expect(rest).toEqual({
        ...(whole.nextPageToken ? { nextPageToken: whole.nextPageToken } : {}),
        ...(whole.totalCount !== undefined ? { totalCount: whole.totalCount } : {}),
      });
    },
  );
  it.each([
    ['{"studies":[]}', 0, {}],
    [
      '{"totalCount":3,"studies":[{"a":"]}\\"["},{"b":[1,{"c":2}]}],"nextPageToken":"x"}',
      2,
      { totalCount: 3, nextPageToken: 'x' },
    ],
    ['{"nextPageToken":"studies","studies":[{"studies":[1]}]}', 1, { nextPageToken: 'studies' }],
    // Items that are not objects come out too (to be refused as records, not dropped).
    ['{"studies":[ 1 ,"a,]\\"",null,{"b":1},[2],-3e2 ],"nextPageToken":"t"}', 6, { nextPageToken: 't' }],
  ])('%s', (text, n, rest) => {
    for (const chunk of [1, 3, 100]) {
      const r = split(text, chunk);
      expect(r.studies).toHaveLength(n);
      expect(r.rest).toEqual(rest);
    }
  });
  it.each([['{"studies":[{"a":1},{"b"'], ['{"studies":[{"a":1}]'], ['{"other":1}'], ['<html>']])(
    '%s is an error',
    (text) => {
      const s = new StudiesSplitter();
      expect(() => {
        s.push(text);
        s.end();
      }).toThrow();
    },
  );
});

describe('escapes across chunk boundaries', () => {
  it.each([1, 2, 3, 5])('chunks of %i', (chunk) => {
    const studies = [{ a: 'x"y', b: 'back\\slash\\', c: '\\"', d: '\\\\"}]' }, { e: ['"', '\\'] }];
    const text = JSON.stringify({ studies, nextPageToken: 't"k' });
    expect(split(text, chunk)).toEqual({ studies, rest: { nextPageToken: 't"k' } });
  });
});
