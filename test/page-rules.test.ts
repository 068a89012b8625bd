import { describe, expect, it } from 'vitest';
import { normalize } from '../src/model/normalize.js';
import { stripBullet } from '../src/model/text.js';
import { conditionPhrase, illnessList } from '../src/page/conditions.js';
import { leadSentences } from '../src/page/lead.js';
import { dateRows } from '../src/page/study.js';
import { whoSentences } from '../src/page/who.js';
import { makeStudy } from './helpers.js';

// Small records built for one rule each: the fields a sentence comes from, and when it stays silent.

const trial = (protocol: Record<string, unknown>) => normalize(makeStudy(protocol));

describe('conditions named in "people with …"', () => {
  const cases: [string, string[], Record<string, unknown> | undefined, string | undefined][] = [
    [
      'an illness word counts when MeSH missed it',
      ['Cancer of Prostate', 'Cancer Cervix'],
      mesh(['Cancer of Prostate']),
      'cancer of prostate or cancer cervix',
    ],
    ['a topic is not had, even beside an illness', ['Stereotactic Radiosurgery', 'Glioma'], undefined, 'glioma'],
    ['Roman numerals keep their capitals', ['Stage II Prostate Cancer'], undefined, 'stage II prostate cancer'],
    [
      'more than three: the count is of illnesses not shown',
      ['Lung Cancer', 'Breast Cancer', 'Melanoma', 'Glioma'],
      undefined,
      'lung cancer, breast cancer or one of 2 other conditions',
    ],
    ['no illness: silent', ['Exercise Physiology'], undefined, undefined],
  ];
  for (const [name, conditions, browse, want] of cases)
    it(name, () => {
      const t = trial({ conditionsModule: { conditions } });
      const withMesh = browse ? { ...t, conditionMesh: browse as typeof t.conditionMesh } : t;
      expect(illnessList(conditionPhrase(withMesh).illnesses)).toBe(want);
    });
});

function mesh(found: string[]) {
  return { terms: [], found };
}

describe('a list bullet typed into a name', () => {
  it.each([
    ['• Furlow flap', 'Furlow flap'],
    ['·Two flap', 'Two flap'],
    ['Drug A', 'Drug A'],
    ['A • B', 'A • B'],
  ])('%s → %s', (raw, want) => expect(stripBullet(raw)).toBe(want));

  it('is left out of the intervention name and still matches the arm', () => {
    const t = trial({
      designModule: { studyType: 'INTERVENTIONAL' },
      armsInterventionsModule: {
        interventions: [{ type: 'PROCEDURE', name: '• Furlow flap' }],
        armGroups: [{ label: 'A', type: 'EXPERIMENTAL', interventionNames: ['Procedure: • Furlow flap'] }],
      },
    });
    expect(t.interventions[0]?.name).toBe('Furlow flap');
    expect(leadSentences(t).join(' ')).toContain('tests Furlow flap');
  });
});

describe('healthy volunteers (eligibilityModule.healthyVolunteers)', () => {
  const base = (criteria: string, population?: string) =>
    trial({
      conditionsModule: { conditions: ['Oral Lichen Planus'] },
      designModule: { studyType: 'INTERVENTIONAL' },
      armsInterventionsModule: { interventions: [{ type: 'DRUG', name: 'Curcumin' }] },
      eligibilityModule: {
        healthyVolunteers: true,
        minimumAge: '18 Years',
        eligibilityCriteria: criteria,
        ...(population ? { studyPopulation: population } : {}),
      },
    });
  const cases: [string, string, string | undefined, boolean][] = [
    [
      'criteria that require the illness: no "people without"',
      'Inclusion Criteria:\n* Patients with OLP',
      undefined,
      false,
    ],
    [
      'criteria that name healthy people',
      'Inclusion Criteria:\n* Healthy adults or patients with OLP',
      undefined,
      true,
    ],
    ['a population with controls', 'Inclusion Criteria:\n* Age 18+', 'Cases and controls', true],
  ];
  for (const [name, criteria, population, without] of cases)
    it(name, () => {
      const t = base(criteria, population);
      expect(leadSentences(t).join(' ')).not.toContain('people with');
      expect(whoSentences(t).join(' ').includes('People without')).toBe(without);
    });
});

describe('dates of a withdrawn study (statusModule.*DateStruct.type)', () => {
  const withdrawn = (type: string) =>
    trial({
      statusModule: {
        overallStatus: 'WITHDRAWN',
        startDateStruct: { date: '2022-10-05', type },
        completionDateStruct: { date: '2022-12-15', type },
      },
    });
  it('an actual date gets the neutral label: the study never ran, yet the date is not a plan', () => {
    expect(dateRows(withdrawn('ACTUAL')).map((r) => r.label)).toEqual(['Start date', 'End date']);
  });
  it('an estimated date was a plan', () => {
    expect(dateRows(withdrawn('ESTIMATED')).map((r) => r.label)).toEqual(['Planned start', 'Planned end']);
  });
});

describe('the lead names what is tested (armGroups, interventions, titles)', () => {
  const cellTherapy = (extra: Record<string, unknown> = {}) =>
    trial({
      identificationModule: { nctId: 'NCT01234567', briefTitle: 'Lymphocytes With a T-Cell Receptor (mTCR PBL)' },
      designModule: { studyType: 'INTERVENTIONAL' },
      armsInterventionsModule: {
        interventions: ['Cyclophosphamide', 'Fludarabine', 'Aldesleukin', 'Filgrastim', 'mTCR PBL'].map((name) => ({
          type: 'DRUG',
          name,
        })),
      },
      ...extra,
    });
  it('what the title names comes first, so "and 1 more" never hides it', () => {
    expect(leadSentences(cellTherapy())[0]).toMatch(/^This trial tests mTCR PBL, Cyclophosphamide, .* and 1 more in/);
  });
  it('what every arm lists is what the plan includes, never what everyone gets', () => {
    const t = trial({
      designModule: { studyType: 'INTERVENTIONAL' },
      armsInterventionsModule: {
        interventions: [
          { type: 'DRUG', name: 'Adagrasib', armGroupLabels: ['A'] },
          { type: 'DRUG', name: 'Carboplatin', armGroupLabels: ['A', 'B'] },
          { type: 'DRUG', name: 'Cisplatin', armGroupLabels: ['A', 'B'] },
        ],
        armGroups: [
          { label: 'A', type: 'EXPERIMENTAL' },
          { label: 'B', type: 'ACTIVE_COMPARATOR' },
        ],
      },
    });
    expect(leadSentences(t)).toContain('The plan for every group also includes Carboplatin and Cisplatin.');
  });
});
