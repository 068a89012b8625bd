import { describe, expect, it } from 'vitest';
import { ageRangeLabel, parseAge } from '../src/model/ages.js';
import { formatDate } from '../src/model/dates.js';
import { label } from '../src/model/labels.js';
import { normalize } from '../src/model/normalize.js';
import { siteSummary } from '../src/model/places.js';
import { humanizeEnum, squash, unescapeMarkdown } from '../src/model/text.js';
import { loadStudy, makeStudy } from './helpers.js';

const design = (phases: string[], extra: Record<string, unknown> = {}) =>
  makeStudy({ designModule: { studyType: 'INTERVENTIONAL', phases, ...extra } });

describe('phases', () => {
  it.each([
    [['PHASE1'], 'Phase 1'],
    [['PHASE2', 'PHASE1'], 'Phase 1/2'],
    [['PHASE2', 'PHASE3'], 'Phase 2/3'],
    [['EARLY_PHASE1'], 'Early Phase 1'],
    [['NA'], 'Not applicable'],
    [[], undefined],
  ])('%j → %s', (codes, expected) => {
    const t = normalize(design(codes));
    expect(t.phases.label).toBe(expected);
    expect(Array.isArray(t.phases.codes)).toBe(true);
  });
  it('observational studies have no phase', () => {
    const t = normalize(makeStudy({ designModule: { studyType: 'OBSERVATIONAL' } }));
    expect(t.phases).toEqual({ codes: [] });
  });
});

describe('ages', () => {
  it.each([
    ['18 Years', undefined, '18 years and up'],
    ['18 Years', '65 Years', '18 to 65 years'],
    [undefined, '17 Years', 'up to 17 years'],
    [undefined, undefined, 'any age'],
    ['6 Months', '17 Years', '6 months to 17 years'],
    ['1 Year', '2 Years', '1 to 2 years'],
    ['28 Days', '1 Week', '28 days to 1 week'],
    ['0 Hours', '12 Hours', 'up to 12 hours'],
    ['30 Minutes', undefined, '30 minutes and up'],
  ])('%s – %s → %s', (min, max, expected) => expect(ageRangeLabel(parseAge(min), parseAge(max))).toBe(expected));
  it('shows an unreadable age as written', () => {
    const t = normalize(makeStudy({ eligibilityModule: { minimumAge: 'N/A', maximumAge: '70 Years' } }));
    expect(t.ages.label).toBe('N/A to 70 Years');
  });
});

describe('enrollment', () => {
  it.each([
    [
      { count: 12, type: 'ESTIMATED' },
      { count: 12, kind: 'estimated' },
    ],
    [
      { count: 0, type: 'ACTUAL' },
      { count: 0, kind: 'actual' },
    ],
    [{ count: 30 }, { count: 30, kind: 'unspecified' }],
    [undefined, undefined],
  ])('%j → %j', (info, expected) =>
    expect(normalize(design(['PHASE1'], info ? { enrollmentInfo: info } : {})).enrollment).toEqual(expected),
  );
});

describe('status and sex', () => {
  it.each([
    ['RECRUITING', 'Recruiting'],
    ['NOT_YET_RECRUITING', 'Not yet recruiting'],
    ['ACTIVE_NOT_RECRUITING', 'Active, not recruiting'],
    ['ENROLLING_BY_INVITATION', 'Enrolling by invitation'],
    ['UNKNOWN', 'Unknown status'],
    ['WITHDRAWN', 'Withdrawn'],
  ])('%s → %s', (code, expected) =>
    expect(normalize(makeStudy({ statusModule: { overallStatus: code } })).status?.label).toBe(expected),
  );
  it('keeps lastKnownStatus for unknown status', () => {
    const t = normalize(makeStudy({ statusModule: { overallStatus: 'UNKNOWN', lastKnownStatus: 'RECRUITING' } }));
    expect(t.status?.lastKnown?.label).toBe('Recruiting');
  });
  it.each([
    ['ALL', 'All'],
    ['FEMALE', 'Female'],
    ['MALE', 'Male'],
  ])('sex %s → %s', (code, expected) =>
    expect(normalize(makeStudy({ eligibilityModule: { sex: code } })).sex?.label).toBe(expected),
  );
});

describe('unknown enum values', () => {
  it('render readably and warn', () => {
    const warnings: string[] = [];
    const t = normalize(makeStudy({ statusModule: { overallStatus: 'PAUSED_FOR_REVIEW' } }), (m) => warnings.push(m));
    expect(t.status?.label).toBe('Paused for review');
    expect(warnings).toEqual(['unknown Status value "PAUSED_FOR_REVIEW"; shown as "Paused for review"']);
  });
  it.each([
    ['PAUSED_FOR_REVIEW', 'Paused for review'],
    ['X', 'X'],
    ['NEW_KIND_OF_THING', 'New kind of thing'],
    // Record text: generated sentences carry the label unescaped, so only letters and digits are kept.
    ['ON_<img src=x onerror=alert(1)>_HOLD', 'On img src x onerror alert 1 hold'],
    ['PHASE_2B', 'Phase 2b'],
    ['ÉTAPE_UN', 'Étape un'],
    ['E\u0301TAPE_UN', 'E\u0301tape un'],
    ['**BOLD**', 'Bold'],
  ])('humanize %s', (c, e) => expect(humanizeEnum(c)).toBe(e));
  it('known values do not warn', () => {
    const warnings: string[] = [];
    label('Phase', 'PHASE1', (m) => warnings.push(m));
    expect(warnings).toEqual([]);
  });
});

describe('dates', () => {
  it.each([
    ['2015-08', 'August 2015'],
    ['2026-05-15', 'May 15, 2026'],
    ['2019', '2019'],
    ['not a date', 'not a date'],
  ])('%s → %s', (iso, expected) => expect(formatDate(iso)).toBe(expected));
  it('partial start dates stay partial', () => {
    const t = normalize(makeStudy({ statusModule: { startDateStruct: { date: '2015-08' } } }));
    expect(t.dates.start).toEqual({ iso: '2015-08', label: 'August 2015' });
  });
});

describe('sites', () => {
  it.each([
    [[], undefined],
    [[{ city: 'Beijing' }], '1 site, in Beijing'],
    [[{ city: 'Beijing', country: 'China' }, { country: 'China' }], '2 sites in China'],
    [[{ city: 'Boston' }, { city: 'Austin' }, { city: 'Paris' }], '3 sites'],
    [[{ country: 'Egypt' }], '1 site, in Egypt'],
    [[{ facility: 'X' }, { facility: 'Y' }], '2 sites'],
    [
      [{ country: 'United States' }, { country: 'Guam' }, { country: 'United States' }],
      '3 sites in the United States and Guam',
    ],
    [[{ country: 'Korea, Republic of' }, { country: 'Russian Federation' }], '2 sites in South Korea and Russia'],
    [
      ['A', 'B', 'B', 'C', 'D', 'D', 'D'].map((country) => ({ country })),
      '7 sites in 4 countries, including D, B and A',
    ],
    [Array.from({ length: 1148 }, () => ({ country: 'United States' })), '1,148 sites in the United States'],
    // A site listed twice under one name and place is one site; a placeholder name may be two places.
    [
      [
        { facility: 'Mayo Clinic', city: 'Rochester', country: 'United States' },
        { facility: 'mayo clinic', city: 'Rochester', country: 'United States' },
      ],
      '1 site, in Rochester, United States',
    ],
    [
      [
        { facility: 'X', city: 'Oslo' },
        { facility: 'X', city: 'Oslo' },
        { facility: 'X', city: 'Bergen' },
      ],
      '2 sites',
    ],
    [
      [
        { facility: 'Research Site', city: 'Oslo' },
        { facility: 'Research Site', city: 'Oslo' },
      ],
      '2 sites',
    ],
    [
      [
        { facility: 'GSK Investigational Site', city: 'Tokyo' },
        { facility: 'GSK Investigational Site', city: 'Tokyo' },
      ],
      '2 sites',
    ],
  ])('%j → %s', (sites, expected) => expect(siteSummary(sites.map((s) => ({ ...s, contacts: [] })))).toBe(expected));
  it.each([
    [['02115', undefined], '1 site, in Oslo'],
    [['02115', '02116'], '2 sites'],
    [['02115', '02116', undefined], '3 sites'],
    [['02115', '02115', undefined], '1 site, in Oslo'],
    [['48075-5400', '48075'], '1 site, in Oslo'],
    [['00-123', '00-124'], '2 sites'],
  ])('zips %j: a zip tells places apart only against another zip → %s', (zips, expected) =>
    expect(
      siteSummary(
        zips.map((zip) => ({ facility: 'Mayo Clinic', city: 'Oslo', ...(zip ? { zip } : {}), contacts: [] })),
      ),
    ).toBe(expected),
  );
  it('marks in a name are not the name (NCT05097287)', () =>
    expect(
      siteSummary(
        [
          'Great Lakes Research Institute Site Number : 8400111',
          'Great Lakes Research Institute- Site Number : 8400111.',
        ].map((facility) => ({ facility, city: 'Southfield', country: 'United States', contacts: [] })),
      ),
    ).toBe('1 site, in Southfield, United States'));
  // A placeholder name may be two places in one city; a real name listed twice in one place is one site.
  it.each([
    ['Janssen Research & Development, LLC Investigational Site', '2 sites'],
    ['Novartis Research Site', '2 sites'],
    ['Pfizer Study Site 12', '2 sites'],
    ['AbbVie Investigator Site', '2 sites'],
    ['For additional information regarding investigative sites for this trial, contact 1-877-CTLILLY', '2 sites'],
    ['Mayo Clinic', '1 site, in Oslo'],
    ["St. Jude Children's Research Hospital", '1 site, in Oslo'],
    ['Dana-Farber Cancer Institute', '1 site, in Oslo'],
  ])('"%s" twice in one city → %s', (facility, expected) =>
    expect(
      siteSummary([
        { facility, city: 'Oslo', contacts: [] },
        { facility, city: 'Oslo', contacts: [] },
      ]),
    ).toBe(expected),
  );
});

describe('markdown escapes are undone in the model', () => {
  it.each([
    ['SUVmax \\> 10', 'SUVmax > 10'],
    ['age \\<18', 'age <18'],
    ['\\>= 18', '>= 18'],
    ['=\\< 1.5', '=< 1.5'],
    ['\\[AST\\]', '[AST]'],
    ['HLA-A\\*11:01', 'HLA-A*11:01'],
    ['1\\. Voluntary', '1. Voluntary'],
    ['mm\\^3', 'mm^3'],
    ['\\-INCLUSION', '-INCLUSION'],
    ['plain', 'plain'],
  ])('%s → %s', (input, expected) => expect(unescapeMarkdown(input)).toBe(expected));
});

// squash returns single-spaced text as it is (its fast path); everything else is collapsed as before.
describe('white space is collapsed to single spaces', () => {
  it.each([
    ['Boston', 'Boston'],
    ['New York City', 'New York City'],
    [' lead', 'lead'],
    ['trail ', 'trail'],
    ['two  spaces', 'two spaces'],
    ['tab\there', 'tab here'],
    ['line\nbreak', 'line break'],
    ['crlf\r\n end', 'crlf end'],
    ['no\u00a0break', 'no break'],
    ['\u2003em space', 'em space'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (input, expected) => expect(squash(input)).toBe(expected));
});

describe('records with missing modules', () => {
  it('an ID-only record normalizes', () => {
    const t = normalize(makeStudy({}));
    expect(t).toMatchObject({
      nctId: 'NCT01234567',
      briefTitle: 'A study',
      phases: { codes: [] },
      sites: { count: 0 },
      eligibility: { case: 'empty' },
    });
  });
});

describe('NCT07438847 (the target page)', () => {
  const t = normalize(loadStudy('NCT07438847'));
  it('has the facts of the seed page', () => {
    expect(t.phases.label).toBe('Phase 1');
    expect(t.enrollment).toEqual({ count: 12, kind: 'estimated' });
    expect(t.ages.label).toBe('18 years and up');
    expect(t.sponsor?.name).toBe('Cancer Institute and Hospital, Chinese Academy of Medical Sciences');
    expect(t.interventions.map((i) => i.name)).toEqual(['177Lu-CTR-FAPI']);
    expect(t.sites.summary).toBe('2 sites in China');
    expect(t.url).toBe('https://clinicaltrials.gov/study/NCT07438847');
  });
});

describe('a comma or semicolon left at the end of a name is the registry separator, not its words', () => {
  it.each([
    ['keywords', { conditionsModule: { keywords: ['Copy Number Variation (CNVs),', 'Gene Fusions'] } }],
    ['conditions', { conditionsModule: { conditions: ['Lung Cancer;', 'Gene Fusions'] } }],
    [
      'facility',
      { contactsLocationsModule: { locations: [{ facility: 'Mahatma Gandhi Institute of Medical Sciences,' }] } },
    ],
  ])('%s', (field, module) => {
    const t = normalize(makeStudy(module));
    const got = field === 'facility' ? t.sites.list.map((s) => s.facility) : t[field as 'keywords' | 'conditions'];
    for (const name of got) expect(name).not.toMatch(/[,;]$/);
    expect(got.length).toBeGreaterThan(0);
  });
  it.each([
    ['Pancreatic Cancer, ;', 'Pancreatic Cancer'],
    ['A ;, B', 'A ; B'],
    ['David Greenberg, MD;; Associate Professor', 'David Greenberg, MD; Associate Professor'],
  ])('%j → %j', (keyword, want) => {
    expect(normalize(makeStudy({ conditionsModule: { keywords: [keyword] } })).keywords).toEqual([want]);
  });
  it('a name that is only a separator is no name', () => {
    expect(normalize(makeStudy({ conditionsModule: { keywords: [',', 'A'] } })).keywords).toEqual(['A']);
  });
});
