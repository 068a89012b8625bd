import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PageSplitter, type Study, studyValue } from '../src/ctgov/page-splitter.js';
import { FIXTURES } from './helpers.js';

/** Feeds `text` as UTF-8 in chunks of `size` bytes (so also inside characters). */
function split(text: string, size: number, studyMax?: number) {
  const bytes = Buffer.from(text, 'utf8');
  const s = new PageSplitter(studyMax);
  const studies: Study[] = [];
  for (let i = 0; i < bytes.length; i += size) studies.push(...s.push(bytes.subarray(i, i + size)));
  const { studies: last, ...rest } = s.end();
  studies.push(...last);
  return { values: studies.map(studyValue), cutOnBytes: studies.filter((x) => 'value' in x).length, rest };
}

const page = (studies: unknown[], extra = '') =>
  `{"studies":[${studies.map((x) => JSON.stringify(x)).join(',')}]${extra}}`;
const studiesOf = (n: number) => {
  const dir = join(FIXTURES, 'studies');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .slice(0, n)
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
};

describe('PageSplitter', () => {
  const real = studiesOf(6);
  const accents = [
    { protocolSection: { t: 'Ünïcödé ≥ 18 años 😀 “quoted” \\ "},{\\"protocolSection\\":"' } },
    { protocolSection: { t: '日本語の試験 },{"protocolSection": 漢字' } },
    { protocolSection: { t: 'end' } },
  ];
  it.each([1, 2, 3, 7, 20, 21, 22, 64, 4096, 1e9])(
    'the registry layout in chunks of %i bytes: cut on the bytes',
    (n) => {
      for (const [studies, extra, rest] of [
        [real, ',"nextPageToken":"abc"', { nextPageToken: 'abc' }],
        [accents, '', {}],
      ] as const) {
        const r = split(page([...studies], extra), n);
        expect(r.values).toEqual(studies);
        expect(r.rest).toEqual(rest);
        // Every study but the last is cut on the bytes; the last ends the list and is read as text.
        expect(r.cutOnBytes).toBe(studies.length - 1);
      }
    },
  );

  it.each([1, 21, 4096])(
    'with digests, each study carries the sha256 of its bytes as sent, cut on bytes or read as text (%i)',
    (n) => {
      const texts = [...real, ...accents].map((x) => JSON.stringify(x));
      const bytes = Buffer.from(`{"studies":[${texts.join(',')}]}`, 'utf8');
      for (const studyMax of [undefined, 1000]) {
        const s = new PageSplitter(studyMax, true);
        const studies: Study[] = [];
        for (let i = 0; i < bytes.length; i += n) studies.push(...s.push(bytes.subarray(i, i + n)));
        studies.push(...s.end().studies);
        expect(studies.map((x) => x.digest)).toEqual(
          texts.map((t) => createHash('sha256').update(Buffer.from(t, 'utf8')).digest('hex')),
        );
      }
      // Off by default: the pages of fetch and search without a listing are not hashed.
      expect(new PageSplitter().push(bytes).every((x) => x.digest === undefined)).toBe(true);
    },
  );
  it('a page that starts with totalCount is in the layout too', () => {
    const r = split(`{"totalCount":3,${page(real.slice(0, 3)).slice(1)}`, 100);
    expect(r.values).toEqual(real.slice(0, 3));
    expect(r.rest).toEqual({ totalCount: 3 });
    expect(r.cutOnBytes).toBe(2);
  });

  // Each of these must come out exactly as JSON.parse gives it, by whichever path.
  it.each([
    ['a pretty-printed page', JSON.stringify({ studies: real.slice(0, 3), nextPageToken: 't' }, null, 2)],
    ['an empty page', '{"studies":[]}'],
    ['a page with a space first', ` ${page(real.slice(0, 2))}`],
    ['studies of another shape', '{"studies":[{"a":1},{"protocolSection":2}]}'],
    [
      'a cut inside a study (a nested list whose objects start with the same key)',
      page([{ protocolSection: { x: [{ a: 1 }, { protocolSection: 2 }] } }, { protocolSection: { y: 1 } }]),
    ],
    [
      'a cut inside a study, in the first study of several',
      page([{ protocolSection: [{}, { protocolSection: {} }] }, ...real.slice(0, 2)]),
    ],
  ])('%s', (_, text) => {
    const whole = JSON.parse(text) as { studies: unknown[]; nextPageToken?: string };
    for (const n of [1, 5, 64, 1e9]) {
      const r = split(text, n);
      expect(r.values).toEqual(whole.studies);
      expect(r.rest).toEqual(whole.nextPageToken ? { nextPageToken: whole.nextPageToken } : {});
    }
  });

  it('a study longer than the bound without a cut is read as text, and still comes out whole', () => {
    const r = split(page(real.slice(0, 3)), 512, 1000);
    expect(r.values).toEqual(real.slice(0, 3));
    expect(r.cutOnBytes).toBe(0);
  });

  it('a broken study is handed over as its text, which does not parse', () => {
    const s = new PageSplitter();
    const text = '{"studies":[{"protocolSection":{"a":}},{"protocolSection":{"b":1}}]}';
    const out = [...s.push(Buffer.from(text)), ...s.end().studies];
    expect(out.map((x) => 'json' in x)).toEqual([true, true]);
    expect(() => studyValue(out[0] as Study)).toThrow(SyntaxError);
    expect(studyValue(out[1] as Study)).toEqual({ protocolSection: { b: 1 } });
  });

  it.each([
    ['{"studies":[{"protocolSection":{"a":1}},{"protocolSection":{"b"'],
    ['{"studies":[{"protocolSection":{"a":1}}]'],
    ['{"other":1}'],
    ['<html>'],
  ])('%s is an error at the end', (text) => {
    const s = new PageSplitter();
    expect(() => {
      s.push(Buffer.from(text));
      s.end();
    }).toThrow(SyntaxError);
  });
});
