import { describe, expect, it } from 'vitest';
import { checkDate, isCalendarDate } from '../src/ctgov/query.js';
import { UsageError } from '../src/errors.js';
import { parseManifest } from '../src/listing/schema.js';
import { parseOverlay } from '../src/overlays/parse.js';

// A schema's own words reach the reader: zod's outer "Invalid key in record" and "Invalid input" would hide them.

const manifest = (trials: Record<string, unknown>) => ({
  version: 1,
  title: 'L',
  query: {},
  params: {},
  output: { format: 'md', frontMatter: true },
  templateVersion: 'v',
  trials,
});

const overlayError = (text: string) => {
  try {
    parseOverlay(text, 'o/NCT00000001.yaml');
  } catch (e) {
    if (e instanceof UsageError) return [e.message, e.hint];
    throw e;
  }
  return undefined;
};

describe('dates given on the command line (--since, --updated-since)', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-30', false],
    ['2025-02-29', false],
    ['2024-13-45', false],
    ['2026-2-3', false],
  ])('%s → %s', (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
    if (!ok) expect(() => checkDate(s, '--since')).toThrow(`--since "${s}" is not a date`);
  });
});

describe('schema messages', () => {
  it('a manifest key that is no NCT ID says so', () => {
    expect(parseManifest(manifest({ NCTXX: {} }))).toEqual({ ok: false, problem: 'trials.NCTXX: not an NCT ID' });
  });
  it.each([
    ['reviewed_on: 42', 'overlay o/NCT00000001.yaml: reviewed_on: use YYYY-MM-DD'],
    ['reviewed_on: "May 2026"', 'overlay o/NCT00000001.yaml: reviewed_on: use YYYY-MM-DD, a day that exists'],
    ['reviewed_on: "2026-02-30"', 'overlay o/NCT00000001.yaml: reviewed_on: use YYYY-MM-DD, a day that exists'],
  ])('an overlay %s', (text, want) => expect(overlayError(text)?.[0]).toBe(want));
  it('an unknown key inside reviewed_record names the keys allowed there', () => {
    expect(overlayError('reviewed_record:\n  foo: 1')).toEqual([
      'overlay o/NCT00000001.yaml: unknown key "reviewed_record.foo"',
      'allowed in reviewed_record: status, sites, criteria',
    ]);
  });
});
