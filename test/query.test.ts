import { describe, expect, it } from 'vitest';
import { phaseCode, sanitizeEssie, searchParams, statusCode } from '../src/ctgov/query.js';
import { describeQuery, windowStart, withAdvanced } from '../src/listing/manifest.js';

describe('sanitizeEssie', () => {
  it.each([
    ['thyroid cancer', 'thyroid cancer'],
    ['cancer [stray', 'cancer stray'],
    ['AREA[Phase]PHASE3', 'AREA Phase PHASE3'],
    ['(head OR neck) AND pain', '(head OR neck) AND pain'],
    ['(unbalanced', 'unbalanced'],
    ['closing) only', 'closing only'],
    ['"quoted phrase" and "open', '"quoted phrase" and open'],
    ['back\\slash {x}', 'back slash x'],
  ])('%j → %j', (input, expected) => expect(sanitizeEssie(input)).toBe(expected));
});

describe('statusCode and phaseCode', () => {
  it.each([
    ['recruiting', 'RECRUITING'],
    ['NOT_YET_RECRUITING', 'NOT_YET_RECRUITING'],
    ['not-yet-recruiting', 'NOT_YET_RECRUITING'],
    ['Active, not recruiting', 'ACTIVE_NOT_RECRUITING'],
    ['enrolling by invitation', 'ENROLLING_BY_INVITATION'],
  ])('status %j → %s', (input, expected) => expect(statusCode(input)).toBe(expected));
  it('rejects an unknown status with the allowed values', () =>
    expect(() => statusCode('open')).toThrow(/--status "open" is not a ClinicalTrials.gov status/));
  it.each([
    ['1', 'PHASE1'],
    ['phase 2', 'PHASE2'],
    ['PHASE3', 'PHASE3'],
    ['early1', 'EARLY_PHASE1'],
    ['Early Phase 1', 'EARLY_PHASE1'],
    ['na', 'NA'],
  ])('phase %j → %s', (input, expected) => expect(phaseCode(input)).toBe(expected));
  it('rejects an unknown phase', () => expect(() => phaseCode('5')).toThrow(/--phase "5" is not a phase/));
});

describe('searchParams', () => {
  it('maps flags to API parameters, phases and dates through filter.advanced', () =>
    expect(
      searchParams({
        cond: 'thyroid cancer',
        location: 'Beijing',
        status: ['recruiting', 'RECRUITING', 'not yet recruiting'],
        phase: ['1', '2'],
        updatedSince: '2026-01-01',
      }),
    ).toEqual({
      'query.cond': 'thyroid cancer',
      'query.locn': 'Beijing',
      'filter.overallStatus': 'RECRUITING,NOT_YET_RECRUITING',
      'filter.advanced': '(AREA[Phase]PHASE1 OR AREA[Phase]PHASE2) AND AREA[LastUpdatePostDate]RANGE[2026-01-01,MAX]',
    }));
  it('needs at least one criterion', () => expect(() => searchParams({})).toThrow(/search needs at least one of/));
  it('checks dates', () => expect(() => searchParams({ updatedSince: '2026-13-45' })).toThrow(/is not a date/));
});

describe('listing window', () => {
  it.each([
    ['2026-05-15', '2026-05-11'],
    ['2026-03-02', '2026-02-26'],
    ['2024-01-02', '2023-12-29'],
  ])('watermark %s → window from %s', (w, expected) => expect(windowStart(w)).toBe(expected));
  it('adds to filter.advanced with AND', () => {
    expect(withAdvanced({ 'query.cond': 'x' }, 'AREA[A]1')).toEqual({
      'query.cond': 'x',
      'filter.advanced': 'AREA[A]1',
    });
    expect(withAdvanced({ 'filter.advanced': 'AREA[Phase]PHASE1' }, 'AREA[A]1')).toEqual({
      'filter.advanced': '(AREA[Phase]PHASE1) AND AREA[A]1',
    });
  });
  it('describes a query in words', () =>
    expect(describeQuery({ cond: 'thyroid cancer', status: ['recruiting'] })).toBe(
      'Clinical trials (condition: thyroid cancer; status: recruiting)',
    ));
});
