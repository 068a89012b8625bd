import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { normalize } from '../src/model/normalize.js';
import { stripBullet } from '../src/model/text.js';
import { aboutList, conditionPhrase } from '../src/page/conditions.js';
import { geneMentions, geneSentences } from '../src/page/genes.js';
import { goalsOf, leadSentences } from '../src/page/lead.js';
import { interventionName, isAfterCells, isPreparation, rolesOf } from '../src/page/roles.js';
import { headingsFor } from '../src/page/situation.js';
import { statusMeaning } from '../src/explain/explainers.js';
import {
  contactView,
  leaders,
  isPersonName,
  nameIsNote,
  placeholderPhone,
  telHref,
  uniqueContacts,
} from '../src/page/contacts.js';
import { paperGroups } from '../src/page/papers.js';
import { fairShares, sitesView } from '../src/page/sites.js';
import { armViews, dateRows, designSentences, endSentence, enrollmentText, measureText } from '../src/page/study.js';
import { healthyBacked, healthyFact, whoSentences } from '../src/page/who.js';
import { createRenderer } from '../src/index.js';
import { participate } from '../src/page/participate.js';
import { ALL_MEDICAL_WORDS, medicalWords } from '../src/explain/medical-words.js';
import { gradeSentences, hardestSentences } from '../src/readability/grade.js';
import { makeStudy } from './helpers.js';

// Small records built for one rule each: the fields a sentence comes from, and when it stays silent.

const trial = (protocol: Record<string, unknown>) => normalize(makeStudy(protocol));

/** An interventional trial from [arm label, arm type, drugs it gets]: each drug names the arms that get it. */
const arms = (groups: [string, string, string[]][]) =>
  trial({
    designModule: { studyType: 'INTERVENTIONAL' },
    armsInterventionsModule: {
      interventions: [...new Set(groups.flatMap(([, , gets]) => gets))].map((name) => ({
        type: 'DRUG',
        name,
        armGroupLabels: groups.filter(([, , gets]) => gets.includes(name)).map(([label]) => label),
      })),
      armGroups: groups.map(([label, type]) => ({ label, type })),
    },
  });

describe('conditions a study is about ("people with A" for one, "It is about A and B" for several)', () => {
  const cases: [string, string[], Record<string, unknown> | undefined, string | undefined][] = [
    [
      'an illness word counts when MeSH missed it',
      ['Cancer of Prostate', 'Cancer Cervix'],
      mesh(['Cancer of Prostate']),
      'cancer of prostate and cancer cervix',
    ],
    ['a topic is not had, even beside an illness', ['Stereotactic Radiosurgery', 'Glioma'], undefined, 'glioma'],
    [
      'examples in brackets are not what everyone has',
      ['Mental Health Issue (E.G., Depression, Psychosis, Substance Abuse)'],
      mesh(['Mental Health']),
      'mental health issue',
    ],
    ['Roman numerals keep their capitals', ['Stage II Prostate Cancer'], undefined, 'stage II prostate cancer'],
    ['a single letter is a name', ['Hepatitis C'], undefined, 'hepatitis C'],
    [
      'small words are lowered with the rest',
      ['Type 2 Diabetes Mellitus With Complication'],
      undefined,
      'type 2 diabetes mellitus with complication',
    ],
    [
      'four are all named',
      ['Lung Cancer', 'Breast Cancer', 'Melanoma', 'Glioma'],
      undefined,
      'lung cancer, breast cancer, melanoma and glioma',
    ],
    [
      'more than four: the count is of illnesses not shown',
      ['Lung Cancer', 'Breast Cancer', 'Melanoma', 'Glioma', 'Myeloma'],
      undefined,
      'lung cancer, breast cancer, melanoma and 2 other conditions',
    ],
    ['no illness: silent', ['Exercise Physiology'], undefined, undefined],
    [
      'stages of one illness are said once, with "or", without the staging edition',
      ['Stage I Sarcoma AJCC v8', 'Stage II Sarcoma AJCC v8', 'Stage IIIA Sarcoma AJCC v8'],
      undefined,
      'stage I, II or IIIA sarcoma',
    ],
    [
      'stages of different illnesses stay apart, in record order',
      [
        'Lung Non-Small Cell Carcinoma',
        'Stage IV Lung Cancer AJCC v8',
        'Stage III Breast Cancer',
        'Stage IIIB Lung Cancer (AJCC v7)',
      ],
      undefined,
      'lung non-small cell carcinoma, stage IIIB or IV lung cancer and stage III breast cancer',
    ],
    ['one stage alone is kept as it is', ['Stage 0 Breast Cancer AJCC v8'], undefined, 'stage 0 breast cancer'],
    [
      'stages in their order, whatever the record order; other editions dropped',
      ['Stage IV Breast Cancer (AJCC 8th edition)', 'Stage IIIA Breast Cancer', 'Stage IB2 Breast Cancer FIGO 2018'],
      undefined,
      'stage IB2, IIIA or IV breast cancer',
    ],
    [
      'non-Hodgkin lymphoma is not a narrower Hodgkin lymphoma',
      ['Hodgkin Lymphoma', 'Non-Hodgkin Lymphoma'],
      undefined,
      'Hodgkin Lymphoma and Non-Hodgkin Lymphoma',
    ],
    [
      'nor is non-small cell lung cancer a small cell one; lung cancer is broader than both',
      ['Small Cell Lung Cancer', 'Non-Small Cell Lung Cancer', 'Lung Cancer'],
      undefined,
      'lung cancer',
    ],
  ];
  for (const [name, conditions, browse, want] of cases)
    it(name, () => {
      const t = trial({ conditionsModule: { conditions } });
      const withMesh = browse ? { ...t, conditionMesh: browse as typeof t.conditionMesh } : t;
      expect(aboutList(conditionPhrase(withMesh).illnesses)).toBe(want);
    });
});

function mesh(found: string[]) {
  return { terms: [], found };
}

describe('the aims the lead names (outcomesModule.primaryOutcomes[].measure, phases)', () => {
  const goals = (phase: string, measures: string[], given = 'SCB-2019 vaccine') =>
    goalsOf(
      normalize(
        makeStudy({
          designModule: { studyType: 'INTERVENTIONAL', phases: [phase], designInfo: { primaryPurpose: 'PREVENTION' } },
          outcomesModule: { primaryOutcomes: measures.map((measure) => ({ measure })) },
          armsInterventionsModule: { interventions: [{ type: 'BIOLOGICAL', name: given }] },
        }),
      ),
    );
  it.each([
    [['Phase 2, select optimal dose level of the vaccine, based on safety'], 'PHASE2', 'dose safety'],
    [['Geometric mean titers (GMT) of neutralizing antibodies'], 'PHASE3', 'immune'],
    [['Immune response: seroconversion rate at day 28'], 'PHASE3', 'immune'],
    [['Number of dose-limiting toxicities'], 'PHASE3', 'safety'],
    [['Number of dose-limiting toxicities'], 'PHASE1', 'dose safety'],
    [['Incidence of adverse events', 'Objective response rate'], 'PHASE2', 'safety works'],
    [['Neutralizing antibody response at day 28'], 'PHASE3', 'immune'],
    [['Antibody response rate', 'Change in pain score'], 'PHASE2', 'works immune'],
    // A harms measure's own words ("events", "incidence") say nothing of the treatment working (NCT06898385).
    [
      ['Dose-limiting Toxicity (DLT)', 'Adverse Events (AEs)', 'Serious Adverse Events (SAEs)'],
      'PHASE1',
      'dose safety',
    ],
    [['Percentage of Participants Who Experienced Treatment-Emergent Adverse Events (TEAEs)'], 'PHASE2', 'safety'],
    [['Incidence of adverse events and overall response rate'], 'PHASE2', 'safety works'],
    [['Time to first cardiovascular event'], 'PHASE3', 'works'],
    // Only whole harms phrases, with what leads into them: efficacy beside them still counts.
    [['Number of Participants With Major Adverse Cardiovascular Events (MACE)'], 'PHASE3', 'safety works'],
    [['Incidence of acute GVHD and treatment-related mortality (safety)'], 'PHASE3', 'safety works'],
    [['Incidence and severity of treatment-emergent adverse events'], 'PHASE2', 'safety'],
    [['Change from Baseline in Safety Laboratory Values'], 'PHASE1', 'safety'],
    [['Time to first treatment-emergent adverse event'], 'PHASE2', 'safety'],
    [['Number of participants with dose reductions due to adverse events'], 'PHASE2', 'safety'],
  ])('%j in %s → %s', (measures, phase, want) => {
    const g = goals(phase, measures);
    expect((['dose', 'safety', 'works', 'immune'] as const).filter((k) => g[k]).join(' ')).toBe(want);
  });
  it.each([
    [['Objective response rate of the bispecific antibody'], 'works'],
    [['Incidence of antibody-mediated rejection'], 'works'],
    [['Incidence of HIV seroconversion'], 'works'],
    [['Sensitivity of the antibody test'], ''],
  ])('outside a vaccine study, antibodies are no immune aim: %j → %s', (measures, want) => {
    const g = goals('PHASE2', measures, 'Drug X');
    expect((['dose', 'safety', 'works', 'immune'] as const).filter((k) => g[k]).join(' ')).toBe(want);
  });
  it.each([
    [['Drug A'], 'to see if it is safe and if it helps.'],
    [['Drug A', 'Drug B'], 'to see if they are safe and if they help.'],
  ])('what is tested, %j, is "it" or "they" (NCT06472076)', (drugs, said) => {
    const t = normalize(
      makeStudy({
        designModule: { studyType: 'INTERVENTIONAL', phases: ['PHASE2'], designInfo: { primaryPurpose: 'TREATMENT' } },
        outcomesModule: { primaryOutcomes: [{ measure: 'Adverse events' }, { measure: 'Objective response rate' }] },
        armsInterventionsModule: {
          interventions: drugs.map((name) => ({ type: 'DRUG', name })),
          armGroups: [{ label: 'A', type: 'EXPERIMENTAL', interventionNames: drugs.map((d) => `Drug: ${d}`) }],
        },
      }),
    );
    expect(leadSentences(t)[0]).toContain(said);
  });
  it('names every aim, the dose last, apart', () => {
    const t = normalize(
      makeStudy({
        designModule: { studyType: 'INTERVENTIONAL', phases: ['PHASE2'], designInfo: { primaryPurpose: 'PREVENTION' } },
        outcomesModule: {
          primaryOutcomes: [{ measure: 'Select optimal dose level, based on safety' }, { measure: 'Immunogenicity' }],
        },
        armsInterventionsModule: {
          interventions: [{ type: 'BIOLOGICAL', name: 'Vaccine V' }],
          armGroups: [{ label: 'A', type: 'EXPERIMENTAL', interventionNames: ['Biological: Vaccine V'] }],
        },
      }),
    );
    expect(leadSentences(t)[0]).toMatch(
      /to see if it is safe and how the immune system responds to it, and to find the right dose\.$/,
    );
  });
});

describe('a list bullet typed into a name', () => {
  it.each([
    ['• Furlow flap', 'Furlow flap'],
    ['·Two flap', 'Two flap'],
    ['Drug A', 'Drug A'],
    ['A • B', 'A • B'],
    ['. Furlow flap. Two Z-plasties', 'Furlow flap. Two Z-plasties'],
    ['- Two flap', 'Two flap'],
    ['.5 mg twice a day', '.5 mg twice a day'],
    ['-1 day before surgery', '-1 day before surgery'],
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
    ['a population with healthy controls', 'Inclusion Criteria:\n* Age 18+', 'Cases and healthy controls', true],
    ['"controls" alone may have the illness too', 'Inclusion Criteria:\n* Age 18+', 'Cases and controls', false],
  ];
  for (const [name, criteria, population, without] of cases)
    it(name, () => {
      const t = base(criteria, population);
      expect(leadSentences(t).join(' ')).not.toContain('people with');
      expect(whoSentences(t).join(' ').includes('People without')).toBe(without);
      expect(healthyFact(t), 'the Quick fact').toBe(without ? true : undefined);
    });
  // NCT01511679: healthyVolunteers false beside a group drawn from the general population.
  it.each([
    ['no such group', 'Heavy drinkers in treatment', false],
    ['a group from the general population', 'A general population cohort of alcohol-naive adolescents', undefined],
    ['a group of healthy people', 'Healthy volunteers', undefined],
    ['patients who volunteer (a verb)', 'Patients who volunteer to take part', false],
    ['a normal saline control', 'Normal saline control', false],
    ['a placebo group, whatever its words', 'Healthy volunteers placebo', false],
  ])('"No" as given, unless a group contradicts it: %s', (what, description, fact) => {
    const type = what.startsWith('a placebo') ? { type: 'PLACEBO_COMPARATOR' } : {};
    const t = trial({
      eligibilityModule: { healthyVolunteers: false },
      armsInterventionsModule: {
        armGroups: [
          { label: 'A', description, ...type },
          { label: 'B', description: 'Patients' },
        ],
      },
    });
    expect(healthyFact(t)).toBe(fact);
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
  it('an actual date is a date in the record, and the page says it is no time when people took part', () => {
    const t = withdrawn('ACTUAL');
    expect(dateRows(t).map((r) => r.label)).toEqual(['Start date in the record', 'End date in the record']);
    expect(endSentence(t)).toBe(
      'It stopped before anyone joined, so these are dates in the record, not a time when the study ran.',
    );
  });
  it('an estimated date was a plan', () => {
    expect(dateRows(withdrawn('ESTIMATED')).map((r) => r.label)).toEqual(['Planned start', 'Planned end']);
    expect(endSentence(withdrawn('ESTIMATED'))).toBeUndefined();
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
  it('what the title names comes first, so "and 2 more" never hides it', () => {
    expect(leadSentences(cellTherapy())[0]).toMatch(/^This trial tests mTCR PBL, Cyclophosphamide, /);
  });
  it.each([
    ['Fludarabine is used for lymphodepletion.', true],
    ['Cyclophosphamide is given as conditioning chemotherapy before the infusion.', true],
    ['Days -7 to -3: Fludarabine 25 mg/m^2/day IVPB daily over 30 minutes for 5 days.', true],
    ['Diphenhydramine is given as premedication.', true],
    ['IX001 TCR-T injection will be administered intravenously after lymphodepletion.', false],
    ['Day 0: Cells will be infused intravenously over 20-30 minutes.', false],
    ['Aldesleukin 720,000 IU/kg IV every 8 hours.', false],
    ['Given IV on days -5 to -3', true],
    ['Given as lymphodepleting chemotherapy on days -5 to -3', true],
    ['Administered for lymphodepletion', true],
    ['Used as premedication before each infusion', true],
    ['Premedication: acetaminophen 650 mg', true],
    ['Patients receive fludarabine IV on days -4 to -2', true],
    ['IX001 TCR-T injection is given as a single intravenous infusion after lymphodepletion.', false],
    ['Study drug is used for the treatment of patients after conditioning', false],
    ['Days -3 to 28: cyclophosphamide 50 mg daily (metronomic)', false],
    ['Day -1 and Days 1-21: venetoclax', false],
    ['Day -5 to Day 14: ruxolitinib', false],
    ['Day-1: IX001 TCR-T injection given intravenously.', false],
  ])('preparation, from its description: %s → %s', (description, want) =>
    expect(isPreparation({ name: 'X', description })).toBe(want),
  );
  /** The lead of a cell therapy given with `drug`, in a study of status `overallStatus`. */
  const withCells = (overallStatus: string, drug: Record<string, string>, cells: string) =>
    leadSentences(
      cellTherapy({
        statusModule: { overallStatus },
        armsInterventionsModule: {
          interventions: [drug, { type: 'BIOLOGICAL', name: 'mTCR PBL', description: cells }],
        },
      }),
    );
  it('what prepares the body is said apart from what is tested, tense by status', () => {
    const fludarabine = { type: 'DRUG', name: 'Fludarabine', description: 'Fludarabine is used for lymphodepletion.' };
    const prepared = (status: string) => withCells(status, fludarabine, 'Given after lymphodepletion.');
    expect(prepared('RECRUITING')[0]).toMatch(/^This trial tests mTCR PBL\b/);
    expect(prepared('RECRUITING')).toContain('Fludarabine is given first, to prepare the body for the treatment.');
    expect(prepared('COMPLETED')).toContain('Fludarabine was given first, to prepare the body for the treatment.');
    expect(prepared('WITHDRAWN')).toContain('Fludarabine would be given first, to prepare the body for the treatment.');
  });
  it.each([
    ['Aldesleukin', 'IV every 8 hours beginning within 24 hours of cell infusion', 'DRUG', true],
    ['Aldesleukin', 'Beginning within 24 hours of cell infusion', 'BIOLOGICAL', true],
    ['IL-2', 'Given after the T-cell infusion for up to 6 doses', 'DRUG', true],
    ['IL-2', 'Starting the day after CAR-T infusion', undefined, true],
    ['IL-2', 'Starting the day after the CAR T-cell infusion', undefined, true],
    ['mTCR PBL', 'Day 0: cells are infused (2-4 days after the last dose of fludarabine)', 'BIOLOGICAL', false],
    ['Tumor infiltrating lymphocytes', 'Given the day after cell infusion of the first dose', 'DRUG', false],
    ['Vector V', 'Within 24 hours of cell infusion', 'GENETIC', false],
    ['Carboplatin', 'Given after the infusion of chemotherapy', 'DRUG', false],
    ['Tocilizumab', 'For cytokine release syndrome', 'DRUG', false],
  ])('given after the cells: %s, %s (%s) → %s', (name, description, type, want) =>
    expect(
      isAfterCells({ name, description, ...(type ? { type: { code: type, label: type, known: true } } : {}) }),
    ).toBe(want),
  );
  it('what follows the cells stays tested without a cell product, or when the title names it', () => {
    const t = (title: string, cells: string) =>
      normalize(
        makeStudy({
          identificationModule: { nctId: 'NCT01234567', briefTitle: title },
          designModule: { studyType: 'INTERVENTIONAL', phases: ['PHASE2'] },
          armsInterventionsModule: {
            interventions: [
              { type: 'DRUG', name: 'Anakinra', description: 'Given 4 hours after CAR-T infusion.' },
              { type: 'BIOLOGICAL', name: cells, description: 'Day 0.' },
            ],
          },
        }),
      );
    const followers = (x: ReturnType<typeof t>) => rolesOf(x).afterCells.map((i) => i.name);
    expect(followers(t('A study of CAR-T cells', 'CD19 CAR-T cells'))).toEqual(['Anakinra']);
    expect(followers(t('Anakinra to prevent cytokine release', 'CD19 CAR-T cells'))).toEqual([]);
    expect(followers(t('A study of a stem cell graft', 'Donor graft'))).toEqual([]);
  });

  it('what is given after the cells is said apart from what is tested, tense by status', () => {
    const aldesleukin = {
      type: 'DRUG',
      name: 'Aldesleukin',
      description: 'IV every 8 hours, within 24 hours of cell infusion.',
    };
    const lead = (status: string) => withCells(status, aldesleukin, 'Day 0: cells are infused.');
    expect(lead('RECRUITING')[0]).toMatch(/^This trial tests mTCR PBL\b/);
    expect(lead('RECRUITING')).toContain('Aldesleukin is also given, after the cells.');
    expect(lead('COMPLETED')).toContain('Aldesleukin was also given, after the cells.');
    expect(lead('WITHDRAWN')).toContain('Aldesleukin would also be given, after the cells.');
  });
  it.each([
    ['Fludarabine lymphodepletion', true],
    ['Conditioning chemotherapy', true],
    ['Remote ischemic conditioning', false],
    ['Preconditioning exercise', false],
  ])('preparation, from its name: %s → %s', (name, want) => expect(isPreparation({ name })).toBe(want));
  it('preparation alone is what the record names, so it is what is tested', () => {
    const t = arms([['A', 'EXPERIMENTAL', ['Lymphodepleting chemotherapy']]]);
    expect(rolesOf(t).tested.map((i) => i.name)).toEqual(['Lymphodepleting chemotherapy']);
  });
  it('what every arm lists is what the plan lists, never what everyone gets', () => {
    const t = arms([
      ['A', 'EXPERIMENTAL', ['Adagrasib', 'Carboplatin', 'Cisplatin']],
      ['B', 'ACTIVE_COMPARATOR', ['Carboplatin', 'Cisplatin']],
    ]);
    expect(leadSentences(t)).toContain('The plan for every group also lists Carboplatin and Cisplatin.');
  });
});

describe('what is tested, what every group gets, and what is left to the group list (armGroups[].type)', () => {
  const cases: [string, [string, string, string[]][], string[], string[]][] = [
    [
      'two experimental regimens: what differs is tested, what both get is shared',
      [
        ['MeziVd', 'EXPERIMENTAL', ['Mezigdomide', 'Bortezomib']],
        ['PVd', 'EXPERIMENTAL', ['Pomalidomide', 'Bortezomib']],
      ],
      ['Mezigdomide', 'Pomalidomide'],
      ['Bortezomib'],
    ],
    [
      'dose levels of one drug: it is tested',
      [
        ['Low', 'EXPERIMENTAL', ['Drug X']],
        ['High', 'EXPERIMENTAL', ['Drug X']],
      ],
      ['Drug X'],
      [],
    ],
    [
      'what a placebo group also gets is never tested, and not shared unless every group gets it',
      [
        ['A', 'EXPERIMENTAL', ['Olomorasib', 'Pembrolizumab']],
        ['A placebo', 'PLACEBO_COMPARATOR', ['Pembrolizumab']],
        ['B', 'EXPERIMENTAL', ['Olomorasib', 'Durvalumab']],
        ['B placebo', 'PLACEBO_COMPARATOR', ['Durvalumab']],
      ],
      ['Olomorasib'],
      [],
    ],
  ];
  for (const [name, groups, tested, shared] of cases)
    it(name, () => {
      const r = rolesOf(arms(groups));
      expect(r.tested.map((i) => i.name)).toEqual(tested);
      expect(r.shared.map((i) => i.name)).toEqual(shared);
    });
  it('groups of different kinds that list the same thing differ in what the record does not name: no plan line', () => {
    const t = arms([
      ['A', 'EXPERIMENTAL', ['NCT/NFT']],
      ['B', 'PLACEBO_COMPARATOR', ['NCT/NFT']],
    ]);
    expect(leadSentences(t).join(' ')).not.toContain('The plan for every group');
  });
  it('a name that is itself a list is kept whole by semicolons, and a name is said once', () => {
    const t = arms([
      ['1', 'ACTIVE_COMPARATOR', ['B12']],
      ['2', 'ACTIVE_COMPARATOR', ['B12 and iron']],
      ['3', 'ACTIVE_COMPARATOR', ['B12 and D3']],
    ]);
    expect(leadSentences(t)[0]).toBe('This trial compares B12; B12 and iron; and B12 and D3.');
  });
});

describe('sites (locations[])', () => {
  const sites = (status: string, locations: Record<string, unknown>[]) =>
    trial({ statusModule: { overallStatus: status }, contactsLocationsModule: { locations } });
  it('an open site of a study not known to be open was "last listed as" open', () => {
    const v = sitesView(sites('SUSPENDED', [{ facility: 'H', city: 'Oslo', country: 'Norway', status: 'RECRUITING' }]));
    expect(v.main[0]?.states[0]?.sites[0]?.status).toBe('Last listed as recruiting');
    const open = sitesView(
      sites('RECRUITING', [{ facility: 'H', city: 'Oslo', country: 'Norway', status: 'RECRUITING' }]),
    );
    expect(open.main[0]?.states[0]?.sites[0]?.status).toBe('Recruiting');
  });
  const H = { facility: 'Hospital A', city: 'Oslo', zip: '0450', country: 'Norway' };
  it.each([
    ['nothing repeats', 'RECRUITING', [H, { ...H, facility: 'Hospital B' }], undefined],
    [
      'the same place twice, same status',
      'RECRUITING',
      [H, H],
      'The record lists 1 site more than once under the same name and place. So it has 2 entries for 1 site.',
    ],
    [
      'the same place twice, other statuses, open study',
      'RECRUITING',
      [
        { ...H, status: 'RECRUITING' },
        { ...H, facility: ' hospital  a', status: 'ACTIVE_NOT_RECRUITING' },
      ],
      'The record lists 1 site more than once under the same name and place, with different statuses. So it has 2 ' +
        'entries for 1 site; the counts below count each entry. If a site you want is listed more than once, ask ' +
        'the study team which status is current.',
    ],
    [
      'the same, for a study that has ended: no advice to ask',
      'COMPLETED',
      [
        { ...H, status: 'RECRUITING' },
        { ...H, status: 'COMPLETED' },
      ],
      'The record lists 1 site more than once under the same name and place, with different statuses. So it has 2 ' +
        'entries for 1 site.',
    ],
    ['another zip is another place', 'RECRUITING', [H, { ...H, zip: '0451' }], undefined],
    ['entries without a facility name are not compared', 'RECRUITING', [{ city: 'Oslo' }, { city: 'Oslo' }], undefined],
    [
      'a placeholder name stands for no one place (NCT06020014: "Research Site" twice in Ho Chi Minh City)',
      'RECRUITING',
      [
        { ...H, facility: 'Research Site', status: 'RECRUITING' },
        { ...H, facility: 'Research Site', status: 'WITHDRAWN' },
        { ...H, facility: 'Local Institution - 0012' },
        { ...H, facility: 'Local Institution - 0012' },
      ],
      undefined,
    ],
    [
      'a real name in several cities still repeats in one (Mayo Clinic)',
      'RECRUITING',
      [
        { ...H, facility: 'Mayo Clinic', status: 'RECRUITING' },
        { ...H, facility: 'Mayo Clinic', status: 'ACTIVE_NOT_RECRUITING' },
        { ...H, facility: 'Mayo Clinic', city: 'Jacksonville' },
      ],
      'The record lists 1 site more than once under the same name and place, with different statuses. So it has 3 ' +
        'entries for 2 sites; the counts below count each entry. If a site you want is listed more than once, ask ' +
        'the study team which status is current.',
    ],
    [
      'only some repeats differ in status',
      'COMPLETED',
      [
        { ...H, status: 'COMPLETED' },
        { ...H, status: 'WITHDRAWN' },
        { ...H, facility: 'Hospital B' },
        { ...H, facility: 'Hospital B' },
        { ...H, facility: 'Hospital C', status: 'COMPLETED' },
        { ...H, facility: 'Hospital C', status: 'COMPLETED' },
      ],
      'The record lists 3 sites more than once under the same name and place. One of them is listed with different ' +
        'statuses. So it has 6 entries for 3 sites.',
    ],
  ])('a site listed more than once: %s', (_, status, locations, said) => {
    const v = sitesView(sites(status, locations as Record<string, unknown>[]));
    expect(v.repeated).toBe(said);
    // Every entry is still counted as the record has it.
    expect(v.mainCount + v.closedCount).toBe(locations.length);
  });
  it.each([
    [
      'an open entry listed again as closed says so, and the closed one says it back (NCT06326047)',
      [
        { ...H, status: 'RECRUITING' },
        { ...H, status: 'ACTIVE_NOT_RECRUITING' },
      ],
      ['also listed as “Active, not recruiting”', 'also listed as “Recruiting”'],
    ],
    ['repeats of one status say nothing', [H, H], [undefined, undefined]],
    [
      'each other status once; an entry with no status is said as such',
      [{ ...H, status: 'RECRUITING' }, { ...H, status: 'COMPLETED' }, { ...H, status: 'COMPLETED' }, H],
      // The entries that may take people first (the one with no status among them), then the closed ones.
      [
        'also listed as “Completed”, and with no status given',
        'also listed as “Recruiting” and “Completed”',
        'also listed as “Recruiting”, and with no status given',
        'also listed as “Recruiting”, and with no status given',
      ],
    ],
    [
      'different places are not one site',
      [
        { ...H, status: 'RECRUITING' },
        { ...H, zip: '0451', status: 'COMPLETED' },
      ],
      [undefined, undefined],
    ],
  ])('a repeated site shows its other statuses: %s', (_, locations, said) => {
    const v = sitesView(sites('RECRUITING', locations as Record<string, unknown>[]));
    const shown = [...v.main, ...v.closed].flatMap((g) => g.states.flatMap((s) => s.sites));
    expect(shown.map((s) => s.alsoListed)).toEqual(said);
  });
  it.each(['COMPLETED', 'ACTIVE_NOT_RECRUITING'])(
    'a %s study, which gives no advice to ask, says no other status',
    (status) => {
      const v = sitesView(
        sites(status, [
          { ...H, status: 'RECRUITING' },
          { ...H, status: 'COMPLETED' },
        ]),
      );
      const shown = [...v.main, ...v.closed].flatMap((g) => g.states.flatMap((s) => s.sites));
      expect(shown.map((s) => s.alsoListed)).toEqual([undefined, undefined]);
    },
  );
  it('with state headings, sites without a state get their own, so no heading seems to hold them', () => {
    const v = sitesView(
      sites('COMPLETED', [
        { facility: 'A', city: 'Barcelona', country: 'Spain' },
        { facility: 'B', city: 'León', state: 'León', country: 'Spain' },
        { facility: 'C', city: 'Sabadell', state: 'Barcelona', country: 'Spain' },
      ]),
    );
    expect(v.main.flatMap((g) => g.states.map((s) => s.heading))).toEqual([
      'Barcelona (1 site)',
      'León (1 site)',
      'State or region not given (1 site)',
    ]);
  });
  const usSite = (i: number, state: string, status: string) => ({
    facility: `S${String(i).padStart(2, '0')}`,
    city: `City ${String(i).padStart(2, '0')}`,
    state,
    country: 'United States',
    status,
  });
  const listed = (t: ReturnType<typeof sites>) =>
    sitesView(t).main.flatMap((g) => g.states.flatMap((st) => st.sites.map((x) => x.name)));
  it('when not all fit, sites open now are picked before those not open yet, then shown by city', () => {
    const t = sites('RECRUITING', [
      ...Array.from({ length: 55 }, (_, i) => usSite(i, 'Ohio', 'NOT_YET_RECRUITING')),
      ...Array.from({ length: 5 }, (_, i) => usSite(90 + i, 'Ohio', 'RECRUITING')),
    ]);
    const names = listed(t);
    expect(names).toHaveLength(50);
    expect(names.filter((n) => /S9\d/.test(n ?? ''))).toHaveLength(5);
    expect(names.at(-1)).toBe('S94');
  });
  it('a list ordered by distance has no counts to point to', () => {
    const t = sites('COMPLETED', [
      usSite(1, 'Ohio', 'COMPLETED'),
      usSite(1, 'Ohio', 'COMPLETED'),
      usSite(2, 'Iowa', 'COMPLETED'),
    ]);
    const near = { label: '02115', lat: 42.34, lon: -71.1, unit: 'mi' as const };
    expect(sitesView(t).repeated).toContain('; the counts below count each entry.');
    expect(sitesView(t, near).repeated).toBe(
      'The record lists 1 site more than once under the same name and place. So it has 3 entries for 2 sites.',
    );
  });
  it('where the record repeats a site, every count under the headline counts entries and says so', () => {
    const t = sites('RECRUITING', [
      { ...usSite(1, 'Ohio', 'RECRUITING'), country: 'Canada' },
      usSite(1, 'Ohio', 'RECRUITING'),
      usSite(1, 'Ohio', 'COMPLETED'),
      usSite(2, 'Iowa', 'COMPLETED'),
      ...Array.from({ length: 60 }, (_, i) => usSite(10 + i, 'Utah', 'RECRUITING')),
    ]);
    const md = createRenderer('md').render(t, { frontMatter: false });
    expect(md).toContain('- **Locations:** 63 sites in the United States and Canada');
    expect(md).toContain('So it has 64 entries for 63 sites; the counts below count each entry.');
    expect(md).toContain('62 entries may take people (open); 2 entries are not.');
    expect(md).toContain('### United States (61 entries that may take people, 49 listed here)');
    expect(md).toContain('12 more entries that may take people are not listed here.');
    expect(md).not.toMatch(/\d sites? (?:that|not)/);
  });
  it('sites without a state are named by city after the line of unlisted states, not as a list of lists', () => {
    const t = sites('RECRUITING', [
      ...Array.from({ length: 60 }, (_, i) => usSite(i, `State ${String(i).padStart(2, '0')}`, 'RECRUITING')),
      { ...usSite(99, '', 'RECRUITING'), state: undefined },
    ]);
    expect(sitesView(t).main[0]?.unlisted).toMatch(
      new RegExp(
        String.raw`, 1 in State 58 and 1 in State 59\. ` +
          String.raw`Not listed here, where the record gives no state, by city: 1 site in City 99\.$`,
      ),
    );
  });
  // NCT06472076: Japan's and Spain's sites have cities but no states, all under "GSK Investigational Site".
  const jpSite = (city: string | undefined) => ({
    facility: 'GSK Investigational Site',
    ...(city ? { city } : {}),
    country: 'Japan',
    status: 'RECRUITING',
  });
  const cityList = (list: (string | undefined)[]) =>
    sitesView(
      sites(
        'RECRUITING',
        list.map((c) => jpSite(c)),
      ),
    );
  const cityNames = (v: ReturnType<typeof sitesView>) =>
    v.main.flatMap((g) => g.states.flatMap((st) => st.sites.map((x) => x.place.split(',')[0])));
  it('a country without states shares its list across cities, and names the cities of the sites left out', () => {
    const v = cityList(['Tokyo', 'Tokyo', 'Osaka', undefined, 'Sapporo', ...Array.from({ length: 52 }, () => 'Kyoto')]);
    // Every city is seen before Kyoto, first in name order, fills the list (NCT02513394: Madrid after A Coruña).
    expect(new Set(cityNames(v))).toEqual(new Set(['Kyoto', 'Osaka', 'Sapporo', 'Tokyo', 'Japan']));
    expect(v.main[0]?.unlisted).toBe('Not listed here: 7 sites in Kyoto.');
  });
  it('beside states, the sites without one that are left out are named by city too', () => {
    const list = [
      { ...jpSite('Hefei'), state: 'Anhui' },
      ...['Wuhan', 'Wuhan', 'Hangzhou', ...Array.from({ length: 60 }, () => 'Aaa')].map((c) => jpSite(c)),
    ];
    const v = sitesView(sites('RECRUITING', list));
    expect(v.main[0]?.unlisted).toBe('Not listed here, where the record gives no state, by city: 14 sites in Aaa.');
  });
  it('past 30 cities, those with the most sites are named and the rest counted', () => {
    // 100 cities of one site each; the last ten have two more each, and keep them after one each is listed.
    const cities = Array.from({ length: 100 }, (_, i) => `City ${String(i).padStart(3, '0')}`);
    const v = cityList([...cities, ...cities.slice(90), ...cities.slice(90)]);
    const line = v.main[0]?.unlisted ?? '';
    expect(line).toMatch(/^Not listed here: 1 site in City 040, .* and 31 in 31 other cities\.$/);
    for (const c of cities.slice(90)) expect(line).toContain(`2 in ${c}`);
  });
  it('within a city, a site open now is listed before one not open yet', () => {
    const list = [
      ...Array.from({ length: 49 }, (_, i) => ({ ...jpSite(`City ${String(i).padStart(2, '0')}`) })),
      { ...jpSite('Zeta'), facility: 'Not yet', status: 'NOT_YET_RECRUITING' },
      { ...jpSite('Zeta'), facility: 'Open', status: 'RECRUITING' },
      ...Array.from({ length: 49 }, (_, i) => ({ ...jpSite(`City ${String(i).padStart(2, '0')}`) })),
    ];
    const names = sitesView(sites('RECRUITING', list)).main.flatMap((g) =>
      g.states.flatMap((st) => st.sites.map((x) => x.name)),
    );
    expect(names).toContain('Open');
    expect(names).not.toContain('Not yet');
  });
  it('sites open now are listed before any not open yet, even two in one state', () => {
    const t = sites('RECRUITING', [
      ...Array.from({ length: 60 }, (_, i) => usSite(i, `State ${String(i).padStart(2, '0')}`, 'NOT_YET_RECRUITING')),
      usSite(98, 'Zeta', 'RECRUITING'),
      usSite(99, 'Zeta', 'RECRUITING'),
    ]);
    expect(listed(t)).toEqual(expect.arrayContaining(['S98', 'S99']));
  });
  it('states with sites open now get their share first, and the states left out are named with their counts', () => {
    const t = sites('RECRUITING', [
      ...Array.from({ length: 60 }, (_, i) => usSite(i, `State ${String(i).padStart(2, '0')}`, 'NOT_YET_RECRUITING')),
      usSite(99, 'Zeta', 'RECRUITING'),
    ]);
    expect(listed(t)).toContain('S99');
    const v = sitesView(t);
    expect(v.main[0]?.unlisted).toBe(
      `Not listed here: 1 site in State 49, ${Array.from({ length: 10 }, (_, i) => `1 in State ${50 + i}`)
        .join(', ')
        .replace(/, (1 in State 59)$/, ' and $1')}.`,
    );
  });
  it.each([
    [60, 5, '10 more sites that may take people are not listed here.'],
    [45, 10, '5 more sites are not listed here.'],
    [40, 10, undefined],
  ])('%i open and %i closed sites: the closed ones counted once, above the list', (open, closed, want) => {
    const site = (i: number, status: string) => ({ facility: `S${i}`, city: 'Oslo', country: 'Norway', status });
    const t = sites('RECRUITING', [
      ...Array.from({ length: open }, (_, i) => site(i, 'RECRUITING')),
      ...Array.from({ length: closed }, (_, i) => site(open + i, 'COMPLETED')),
    ]);
    const page = createRenderer('md').render(t, { frontMatter: false });
    if (want) expect(page.match(/^\d+ more sites? .*not listed here\./m)?.[0]).toBe(want);
    else expect(page).not.toMatch(/not listed here/i);
  });
  it.each([
    [{ country: 'China' }, 'China (the record gives no site name or city)'],
    [{ state: 'Ohio', country: 'United States' }, 'Ohio, United States (the record gives no site name or city)'],
    [{ city: 'Beijing', country: 'China' }, 'Beijing, China'],
  ])('a site without a name or city says so, last in its list: %j', (site, place) => {
    const v = sitesView(sites('RECRUITING', [site, { facility: 'Z', city: 'A', country: 'China' }]));
    const listed = v.main.flatMap((g) => g.states.flatMap((s) => s.sites));
    expect(listed.at(-1)?.place).toBe(place);
  });
});

describe('the detailed description (descriptionModule.detailedDescription)', () => {
  it.each([
    ['the same words as the summary are shown once (NCT03475563)', 'The stent  is\nnew.', 0],
    ['words of its own get their section', 'Each person is seen twice.', 1],
  ])('%s', (_, detailed, sections) => {
    const t = trial({ descriptionModule: { briefSummary: 'The stent is new.', detailedDescription: detailed } });
    for (const format of ['md', 'html'] as const) {
      const page = createRenderer(format).render(t, { frontMatter: false });
      expect(page.split('More detail from the researchers').length - 1).toBe(sections);
    }
  });
});

describe('an abbreviation in a measure, spelled out by its own description (primaryOutcomes[])', () => {
  it.each([
    [
      'MACE',
      'Cumulative rate of major adverse cardiovascular events (MACE) including cardiac death',
      'MACE (major adverse cardiovascular events)',
    ],
    ['Average evening PEF', 'Peak Expiratory Flow (PEF) in L/min', 'Average evening PEF (Peak Expiratory Flow)'],
    ['PFS', 'Time to event-free progression (PFS)', 'PFS'],
    ['PFS', 'progression-free survival (PFS)', 'PFS (progression-free survival)'],
    ['PFS', 'Progression-free survival, as PFS', 'PFS'],
    [
      'Major adverse cardiac events (MACE)',
      'major adverse cardiac events (MACE)',
      'Major adverse cardiac events (MACE)',
    ],
    ['MACE (30 days)', 'major adverse cardiac events (MACE)', 'MACE (30 days)'],
    ['HbA1c', 'glycated haemoglobin (HbA1c)', 'HbA1c'],
    // Part of a hyphenated or slashed word: the words would name something else.
    ['Non-HDL cholesterol', 'high-density lipoprotein (HDL)', 'Non-HDL cholesterol'],
    ['PFS-2', 'progression-free survival (PFS)', 'PFS-2'],
    ['MRD-negative rate', 'minimal residual disease (MRD)', 'MRD-negative rate'],
    ['HIV-1 RNA', 'human immunodeficiency virus (HIV)', 'HIV-1 RNA'],
    // Within one sentence and one line.
    ['Rate of DLT', 'measured during. Limiting toxicity (DLT)', 'Rate of DLT'],
    ['Rate of DLT', 'Dose\n- limiting toxicity (DLT)', 'Rate of DLT'],
    ['Rate of DLT', 'Dose\n\nlimiting toxicity (DLT)', 'Rate of DLT'],
    ['Rate of DLT', 'dose-limiting toxicity (DLT), graded', 'Rate of DLT (dose-limiting toxicity)'],
    // A measure of several words in capitals: every word looks like an abbreviation.
    ['PFS OR OS', 'odds ratio (OR) of progression-free survival (PFS)', 'PFS OR OS'],
    // Said once, where it first appears.
    [
      'MACE at 30 days and MACE at 1 year',
      'major adverse cardiac events (MACE)',
      'MACE (major adverse cardiac events) at 30 days and MACE at 1 year',
    ],
    ['(MACE) at start', 'major adverse cardiac events (MACE)', '(MACE) at start'],
  ])('%s, described as "%s" → %s', (measure, description, said) => {
    expect(measureText({ measure, description })).toBe(said);
  });
  it('is what the page lists', () => {
    const t = trial({
      outcomesModule: { primaryOutcomes: [{ measure: 'MACE', description: 'major adverse cardiac events (MACE)' }] },
    });
    expect(createRenderer('md').render(t, { frontMatter: false })).toContain('- MACE (major adverse cardiac events)');
  });
});

describe('more rules from a patient read', () => {
  it('an open status is said as of its last check, never "now" (statusModule.statusVerifiedDate)', () => {
    const t = trial({ statusModule: { overallStatus: 'RECRUITING', statusVerifiedDate: '2022-04' } });
    expect(statusMeaning(t)).toBe(
      'The study is looking for people to join. The status was last checked in April 2022.',
    );
  });
  it('another name only when it is a name, not a code, and never for a biosimilar (interventions[].otherNames)', () => {
    const i = { type: undefined, description: undefined, arms: [] };
    expect(interventionName({ ...i, name: 'Pembrolizumab', otherNames: ['MK-3475', 'Keytruda'] })).toBe(
      'Pembrolizumab (Keytruda)',
    );
    expect(interventionName({ ...i, name: 'Pembrolizumab', otherNames: ['BCD-201', 'Pembrolizumab Biosimilar'] })).toBe(
      'Pembrolizumab',
    );
    // A spelling of the same name is no other name; a brand is.
    expect(interventionName({ ...i, name: 'genistein', otherNames: ['Genestein', 'Bonistein'] })).toBe(
      'genistein (Bonistein)',
    );
    expect(interventionName({ ...i, name: 'Ocrelizumab', otherNames: ['Ocrevus'] })).toBe('Ocrelizumab (Ocrevus)');
  });
  it.each([
    ['Pemetrexed', ['MTA', 'Multitargeted Antifolate', 'Pemfexy'], 'Pemetrexed (Pemfexy)'],
    ['Gemcitabine', ['dFdCyd', 'Difluorodeoxycytidine Hydrochloride', 'Gemzar'], 'Gemcitabine (Gemzar)'],
    ['Triamcinolone', ['Triamcenolone in orabase'], 'Triamcinolone'],
    ['Carboplatin', ['Blastocarb', 'Carboplat', 'Carbosin', 'Carbotec', 'Ercar', 'Paraplatin'], 'Carboplatin'],
  ])(
    '%s with %j is said as %s: a class, salt or form is no name, and a thesaurus list has no pick',
    (name, other, want) => {
      const i = { type: undefined, description: undefined, arms: [] };
      expect(interventionName({ ...i, name, otherNames: other })).toBe(want);
    },
  );
  const regimens = (placebo: boolean) =>
    arms([
      ['MeziVd', 'EXPERIMENTAL', ['Mezigdomide', 'Bortezomib']],
      ['PVd', placebo ? 'PLACEBO_COMPARATOR' : 'EXPERIMENTAL', [placebo ? 'Placebo' : 'Pomalidomide', 'Bortezomib']],
    ]);
  it('experimental groups that each get their own item are compared, each getting one', () => {
    expect(leadSentences(regimens(false))).toEqual([
      'This trial compares Mezigdomide and Pomalidomide.',
      'Each group gets one of them.',
      'The plan for every group also lists Bortezomib.',
    ]);
  });
  it('a group with two of its own items is not "one of them": tested, not compared', () => {
    const t = arms([
      ['1', 'EXPERIMENTAL', ['A', 'B']],
      ['2', 'EXPERIMENTAL', ['C']],
    ]);
    expect(rolesOf(t).alternatives).toBe(false);
    expect(leadSentences(t).join(' ')).not.toContain('one of them');
  });
  it('a placebo that is one item of an active comparator\'s list is not "in place of" what is tested', () => {
    const t = arms([
      ['A', 'EXPERIMENTAL', ['Dostarlimab']],
      ['B', 'ACTIVE_COMPARATOR', ['Pembrolizumab', 'Placebo']],
    ]);
    const lead = leadSentences(t).join(' ');
    expect(lead).toContain(
      'Some people get a placebo (a look-alike with no medicine in it). ' +
        'It comes with their other treatment, not in place of it.',
    );
    expect(lead).not.toContain('in place of Dostarlimab');
  });
  it('a placebo is given in place of what is tested, never as "no treatment"', () => {
    expect(leadSentences(regimens(true))).toContain(
      'Some people get a placebo (a look-alike with no medicine in it) in place of Mezigdomide.',
    );
  });
  it('a study of past records names whose records it uses and gives no advice to read the list', () => {
    const t = trial({
      statusModule: { overallStatus: 'RECRUITING' },
      designModule: { studyType: 'OBSERVATIONAL', designInfo: { timePerspective: 'RETROSPECTIVE' } },
      eligibilityModule: { eligibilityCriteria: 'Inclusion Criteria:\n* CNS tumor\n' },
    });
    expect(headingsFor(t).who).toBe('Whose records the study uses');
    expect(whoSentences(t).join(' ')).not.toContain('Read the list');
  });
  it.each([
    ['RECRUITING', 'This study uses the records of', 'does not use', 'who is included', 'who is not included'],
    ['COMPLETED', 'This study used the records of', 'did not use', 'who was included', 'who was not included'],
    [
      'ACTIVE_NOT_RECRUITING',
      'This study uses the records of',
      'does not use',
      'who is included',
      'who is not included',
    ],
    ['UNKNOWN', 'This study uses the records of', 'does not use', 'who is included', 'who is not included'],
    [
      'WITHDRAWN',
      'This study would have used the records of',
      'would not have used',
      'who would have been included',
      'who would not have been included',
    ],
  ])(
    'a study of past records, %s, says whose records, never who joins (NCT06036394)',
    (status, uses, not, can, cannot) => {
      for (const enrollmentInfo of [
        { count: 300, type: 'ACTUAL' },
        { count: 0, type: 'ACTUAL' },
        { count: 300, type: 'ESTIMATED' },
      ]) {
        const t = trial({
          statusModule: { overallStatus: status },
          conditionsModule: { conditions: ['Glioma'] },
          designModule: {
            studyType: 'OBSERVATIONAL',
            designInfo: { timePerspective: 'RETROSPECTIVE' },
            enrollmentInfo,
          },
          eligibilityModule: {
            healthyVolunteers: false,
            minimumAge: '1 Year',
            eligibilityCriteria: 'Inclusion Criteria:\n* Treated here\nExclusion Criteria:\n* Treated elsewhere',
          },
        });
        const who = whoSentences(t).join(' ');
        expect(who).toContain(`${uses} people aged 1 year and up who had glioma.`);
        expect(who).toContain(`It ${not} the records of healthy volunteers.`);
        expect(who).toContain(`1 point on ${can} and 1 on ${cannot}.`);
        const page = createRenderer('md').render(t, { frontMatter: false });
        expect(page).toContain(`### ${can[0]?.toUpperCase()}${can.slice(1)} (inclusion criteria)`);
        // The footer's general advice ("before you join a trial") is the only word of joining.
        expect(page.replace(/.*before you join a trial\./, '')).not.toMatch(/\bjoin/);
        // Nobody is watched or taken in: the words on the page say records (NCT06036394).
        expect(page).not.toMatch(/watch and measure|takes them|took them/);
        expect(page).toContain('This one looks at health records from the past.');
      }
    },
  );
  it.each([
    ['RECRUITING', 'RETROSPECTIVE', 'It looks only at people who had the condition (case-only).'],
    ['RECRUITING', 'PROSPECTIVE', 'It looks only at people who have the condition (case-only).'],
    ['COMPLETED', 'PROSPECTIVE', 'It looked only at people who had the condition (case-only).'],
    ['WITHDRAWN', 'PROSPECTIVE', 'It would look only at people who have the condition (case-only).'],
  ])('case-only, %s, %s: records from the past are of people who had it (NCT06036394)', (status, time, said) => {
    const t = trial({
      statusModule: { overallStatus: status },
      designModule: {
        studyType: 'OBSERVATIONAL',
        designInfo: { observationalModel: 'CASE_ONLY', timePerspective: time },
      },
    });
    expect(designSentences(t)).toContain(said);
  });
  it('no ages in the record is "no age limits", not "any age"; "None specified" is no rule', () => {
    const t = trial({
      eligibilityModule: {
        eligibilityCriteria: 'Inclusion Criteria:\n* Patients\n\nExclusion Criteria:\n* None specified',
      },
    });
    const who = whoSentences(t).join(' ');
    expect(who).toContain('The record sets no age limits.');
    expect(who).not.toMatch(/any age|kept people out|keep you out/);
  });
  it('a myocardial infarction is an illness, named with the rest', () => {
    const t = trial({ conditionsModule: { conditions: ['Acute Myocardial Infarction', 'Coronary Artery Disease'] } });
    expect(conditionPhrase(t).illnesses).toEqual(['acute myocardial infarction', 'coronary artery disease']);
  });
});

describe('healthy people named in the text (criteria, population, group labels)', () => {
  it.each([
    ['Healthy adults under age 60', true],
    ['Healthy LTBI negative controls with none of the above conditions', true],
    ['Adult volunteers', true],
    ['Willing to keep a healthy lifestyle', false],
    ['A healthy diet is advised', false],
  ])('%s → %s', (text, want) => {
    const t = trial({ eligibilityModule: { eligibilityCriteria: `Inclusion Criteria:\n* ${text}` } });
    expect(healthyBacked(t)).toBe(want);
  });
});

describe('tel: links dial what is written (contacts[].phone)', () => {
  it.each([
    ['617-632-3000', 'tel:6176323000'],
    ['631-261-4400 x12581', 'tel:6312614400;ext=12581'],
    ['+1 800 555 0100 ext. 12', 'tel:+18005550100;ext=12'],
    ['+44 (0) 20 89904466', 'tel:+442089904466'],
    ['351+215943993', undefined],
    ['1-800-555-0100 ext. option 6', undefined],
    ['1-877-CTLILLY', undefined],
    ['123', undefined],
    // NCT06898385, NCT05144867, NCT05438667, NCT04809324, NCT03475563: each would reach no one, or a stranger.
    ['87342487 ext. 020', undefined],
    ['0172275 ext. 6390', undefined],
    ['+86 02034071785', undefined],
    ['+91 02224177189', undefined],
    ['+342746155', undefined],
    ['020-87342487', 'tel:02087342487'],
    ['+86 20 3407 1785', 'tel:+862034071785'],
    ['+91 9869486912', 'tel:+919869486912'],
    ['+34 927 461 550', 'tel:+34927461550'],
    ['+39 06 4990 1', 'tel:+390649901'],
    ['+49 30 450 50', 'tel:+493045050'],
    ['555-0100 ext. 7', 'tel:5550100;ext=7'],
    ['617-632-3000 ext. 0', 'tel:6176323000;ext=0'],
    ['06 30151', 'tel:0630151'],
    ['+81-(0)3-3972-8111', 'tel:+81339728111'],
    ['+39 (0)6 30151', 'tel:+390630151'],
    ['020-87342487-8001', undefined],
    ['617-632-3000/3001', undefined],
    ['5491121707326', undefined],
  ])('%s → %s', (phone, want) => expect(telHref(phone)).toBe(want));
  // Numbers written without "+", read in the site's country (patient review: NCT05519085, NCT06008288, NCT05605535).
  it.each([
    ['81335200111', 'Japan', undefined],
    ['03-3520-0111', 'Japan', 'tel:0335200111'],
    ['86-21-80423288', 'China', undefined],
    ['021-80423288', 'China', 'tel:02180423288'],
    ['13812345678', 'China', 'tel:13812345678'],
    ['498941405907', 'Germany', undefined],
    ['089 41405907', 'Germany', 'tel:08941405907'],
    ['972-50-5763994', 'Israel', undefined],
    ['821071243234', 'Korea, Republic of', undefined],
    ['390512143225', 'Italy', undefined],
    ['3931234567', 'Italy', 'tel:3931234567'],
    ['06 30151', 'Italy', 'tel:0630151'],
    ['993538366', 'India', undefined],
    ['9869486912', 'India', 'tel:9869486912'],
    ['044-28369711', 'India', 'tel:04428369711'],
    ['91-44-28369711', 'India', undefined],
    ['1-800-555-0100', 'United States', 'tel:18005550100'],
    ['617-632-3000', 'United States', 'tel:6176323000'],
    ['555-0100', 'United States', undefined],
    ['34871206268', 'Spain', undefined],
    ['871 206 268', 'Spain', 'tel:871206268'],
    ['48 123 45 67', 'Poland', 'tel:481234567'],
    ['+81 3 3520 0111', 'Japan', 'tel:+81335200111'],
    ['2361014', 'Nepal', 'tel:2361014'],
    ['32 3 821 37 25', 'Belgium', undefined],
    ['03 821 37 25', 'Belgium', 'tel:038213725'],
    ['8133400104', 'Japan', undefined],
    ['1588-1234', 'Korea, Republic of', 'tel:15881234'],
    ['444 7 888', 'Turkey', 'tel:4447888'],
    ['1800-425-1234', 'India', 'tel:18004251234'],
    ['2361014', 'India', undefined],
    ['6232 1234', 'China', 'tel:62321234'],
  ])('%s in %s → %s', (phone, country, want) => expect(telHref(phone, country)).toBe(want));
  it('a site’s number is read in the site’s country, and the trial’s own in its one country', () => {
    const md = createRenderer('md').render(
      trial({
        contactsLocationsModule: {
          centralContacts: [{ name: 'Central', phone: '81335200111' }],
          locations: [
            { facility: 'A', city: 'Tokyo', country: 'Japan', contacts: [{ name: 'Site', phone: '81335200112' }] },
          ],
        },
      }),
      { frontMatter: false },
    );
    expect(md).toContain('Central, phone 81335200111');
    expect(md).toContain('Site, phone 81335200112');
    expect(md).not.toContain('tel:8133520011');
  });
});

describe('a contact name field that instructs is a note, not a name (contacts[].name)', () => {
  it.each([
    ['There may be multiple sites in this clinical trial. 1-877-CTLILLY (1-877-285-4559) or', true],
    ['First line of the email MUST contain the NCT# and Site #.', true],
    ['Trial Transparency email recommended (Toll free number for US & Canada)', true],
    ['For more information at the NIH Clinical Center contact NCI/Surgery Branch Recruitment Center', true],
    ['Call 617-632-3000', true],
    ['Dr. Archya Dasgupta, MD', false],
    ['John Smith, M.D.', false],
    ['Wang Wang Jie M.D.', false],
    ['Prof. Parkes', false],
    ['BMS Clinical Trials Contact Center www.BMSClinicalTrials.com', false],
    ['Vu Quang Phan, Site 0366', false],
    ['Lead Nurse', false],
    ['Maria del Carmen Garcia Lopez, M.D.', false],
    ['Ana María de los Ángeles Ruiz, MD.', false],
    ['prof. Wang Li', false],
    ['dra. María López', false],
    ['Reference Study ID Number: WO12345 https://forpatients.roche.com/', true],
    ['Contact the study coordinator for details', true],
    ['See central contact', true],
    ['Send an email to info@example.org', true],
  ])('%s → %s', (name, want) => expect(nameIsNote(name)).toBe(want));
});

describe('a stand-in phone number is no number (contacts[].phone)', () => {
  it.each([
    ['000-000-0000', true],
    ['0000000000', true],
    ['111-111-1111', true],
    ['111-111-1111 ext. 4', true],
    ['+1 000-000-0000', true],
    ['1-000-000-0000', true],
    ['000-000-0000 extension 5', true],
    ['N/A', true],
    ['٠٠٠-٠٠٠-٠٠٠٠', true],
    ['+1 617-632-3000', false],
    ['+44 (0) 20 89904466', false],
    ['617-632-3000', false],
    ['01236 712754', false],
    ['1-877-CTLILLY', false],
  ])('%s → %s', (phone, want) => expect(placeholderPhone(phone)).toBe(want));
});

describe('what a contact shows (contacts[])', () => {
  const note = 'First line of the email MUST contain the NCT#.';
  const tel = { phone: '617-632-3000', phoneHref: 'tel:6176323000' };
  it.each([
    ['a note and an email', { name: 'Please email.', email: 'a@b.org' }, { note: 'Please email.', email: 'a@b.org' }],
    ['a note alone', { name: note }, { note, noteOnly: true }],
    ['a stand-in number', { name: 'Ana Ruiz', phone: '000-000-0000' }, { name: 'Ana Ruiz' }],
    ['a bare site number', { name: 'Site 0381' }, {}],
    ['a site number with a phone', { name: 'Site 0381', phone: tel.phone }, { name: 'Site 0381', ...tel }],
  ])('%s', (_what, c, want) => {
    const { emailHref, ...shown } = contactView(c);
    expect(shown).toEqual(want);
  });
});

describe('study leaders are people (overallOfficials[].name)', () => {
  it.each([
    ['Istvan Molnar, MD', ['Wake Forest University Health Sciences'], true],
    ['Dr. ARCHYA DASGUPTA, MD', ['Tata Memorial Hospital'], true],
    ['Central Contact', ['ZAO Astellas Pharma Russia'], false],
    ['Clinical Trials', ['Hoffmann-La Roche'], false],
    ['Gilead Study Director', ['Gilead Sciences'], false],
    ['UCB Cares', ['1-844-599-2273 (UCB)'], false],
    ['Clinical Transparency (dept. 2834)', ['Novo Nordisk A/S'], false],
    ['Call 1-877-CTLILLY (1-877-285-4559) Mon - Fri', ['Eli Lilly and Company'], false],
    ['Bristol-Myers Squibb', ['Bristol-Myers Squibb', 'Celgene'], false],
    ['Shanghai Allist', ['Shanghai Allist Pharmaceuticals Co.,Ltd.'], false],
    ['Study Director: Jane Doe', ['Acme'], true],
    ['Jane Doe, MD, Clinical Director', ['Acme'], true],
    ['Jane Doe, PhD, Center for Cancer Research', ['NCI'], true],
    ['John Smith, Department of Surgery', ['Acme'], true],
    ['Lee Call', ['Acme'], true],
    ['Li', ['Lishui Hospital'], true],
    ['TBD', ['Acme'], false],
    ['To be determined', ['Acme'], false],
    ['Principal Investigator', ['Acme'], false],
    ['Global Medical Lead', ['Acme'], false],
    ['Medical Expert', ['Acme'], false],
    ['Site ٠٣٨١', ['Acme'], false],
  ])('%s → %s', (name, orgs, want) => expect(isPersonName(name, orgs)).toBe(want));
});

describe('expanded access, as the record lists it (statusModule.expandedAccessInfo)', () => {
  const page = (overallStatus: string, info: Record<string, unknown> | undefined, studyType = 'INTERVENTIONAL') =>
    createRenderer('md').render(
      trial({ statusModule: { overallStatus, expandedAccessInfo: info }, designModule: { studyType } }),
      { frontMatter: false },
    );
  const said = 'Some people may get a treatment from this study outside of a trial.';
  const past = 'A program offered a treatment from this study outside of a trial.';
  it.each([
    ['COMPLETED', 'AVAILABLE', said, 'When the record was last updated, it was available.'],
    ['RECRUITING', 'TEMPORARILY_NOT_AVAILABLE', said, 'When the record was last updated, it was paused for now.'],
    ['TERMINATED', 'NO_LONGER_AVAILABLE', past, 'When the record was last updated, it was no longer offered.'],
    [
      'UNKNOWN',
      'APPROVED_FOR_MARKETING',
      past,
      'When the record was last updated, the treatment had been approved for use. The program no longer offered it.',
    ],
    ['ACTIVE_NOT_RECRUITING', undefined, said, 'The record calls this expanded access (NCT01234567).'],
  ])('%s, program %s', (status, statusForNctId, first, want) => {
    const text = page(status, { hasExpandedAccess: true, nctId: 'NCT01234567', statusForNctId });
    expect(text).toContain(
      `${first} ${want.startsWith('The record') ? '' : 'The record calls this expanded access (NCT01234567). '}${want}`,
    );
  });
  it.each([
    ['no program', undefined, 'INTERVENTIONAL'],
    ['hasExpandedAccess false', { hasExpandedAccess: false, nctId: 'NCT01234567' }, 'INTERVENTIONAL'],
    ['the expanded access record itself', { hasExpandedAccess: true }, 'EXPANDED_ACCESS'],
  ])('silent: %s', (_what, info, type) => expect(page('COMPLETED', info, type)).not.toContain(said));
  it('an ID that is no NCT ID is not repeated', () => {
    expect(page('COMPLETED', { hasExpandedAccess: true, nctId: 'see below' })).toContain(
      'The record calls this expanded access.',
    );
  });
});

describe('tense and hedges from a whole-page read (designInfo, dates, healthyVolunteers)', () => {
  const page = (overallStatus: string, extra: Record<string, unknown> = {}) =>
    createRenderer('md').render(
      trial({
        statusModule: { overallStatus },
        designModule: {
          studyType: 'INTERVENTIONAL',
          designInfo: { maskingInfo: { masking: 'DOUBLE', whoMasked: ['PARTICIPANT', 'OUTCOMES_ASSESSOR'] } },
        },
        eligibilityModule: { healthyVolunteers: true, eligibilityCriteria: 'Inclusion Criteria:\n* Healthy adults' },
        ...extra,
      }),
      { frontMatter: false },
    );
  it.each([
    ['RECRUITING', 'those who check the results', 'say if this study takes them'],
    ['COMPLETED', 'those who checked the results', 'say if this study took them'],
    ['WITHDRAWN', 'those who would check the results', 'say if this study would have taken them'],
  ])('%s: %s; %s', (status, masked, healthy) => {
    const text = page(status);
    expect(text).toContain(masked);
    expect(text).toContain(healthy);
  });
  it.each([
    ['RECRUITING', 'Facts about each person are gathered as time goes on (prospective).'],
    ['COMPLETED', 'Facts about each person were gathered as time went on (prospective).'],
    // A plan that never ran, in one tense (NCT01511679 had "would be gathered as time went on").
    ['WITHDRAWN', 'Facts about each person would be gathered as time goes on (prospective).'],
  ])('a prospective study gathers facts as time goes on, not only "from the day they join": %s', (status, said) => {
    const t = trial({
      statusModule: { overallStatus: status },
      designModule: { studyType: 'OBSERVATIONAL', designInfo: { timePerspective: 'PROSPECTIVE' } },
    });
    expect(createRenderer('md').render(t, { frontMatter: false })).toContain(said);
  });
  it('a posting date the record gives as an estimate says so', () => {
    const t = trial({ statusModule: { studyFirstPostDateStruct: { date: '2015-09-17', type: 'ESTIMATED' } } });
    expect(dateRows(t)).toContainEqual({
      label: 'First posted on ClinicalTrials.gov (estimated)',
      value: 'September 17, 2015',
    });
  });
  it.each([
    ['no intervention listed', [], true],
    ['a drug the doctors chose (NCT02515279)', [{ type: 'DRUG', name: 'Ribavirin' }], true],
    ['foods of set textures (NCT05594173)', [{ type: 'OTHER', name: 'Food texture modification' }], false],
    ['a test the study does', [{ type: 'DIAGNOSTIC_TEST', name: 'Next generation sequencing' }], false],
  ])(
    'an observational lead says the team chose no treatment only where the study gives nothing listed: %s',
    (_case, interventions, said) => {
      const t = trial({
        statusModule: { overallStatus: 'COMPLETED' },
        designModule: { studyType: 'OBSERVATIONAL' },
        armsInterventionsModule: { interventions },
      });
      const page = createRenderer('md').render(t, { frontMatter: false });
      expect(page.includes("The study team did not choose anyone's treatment.")).toBe(said);
    },
  );
  it.each([
    ['WITHDRAWN', 'It is not taking anyone.'],
    ['COMPLETED', 'It is not taking new people.'],
    ['TERMINATED', 'It is not taking new people.'],
  ])('an ended study says it takes no one, and "new" only where people joined: %s', (status, said) => {
    const page = createRenderer('md').render(trial({ statusModule: { overallStatus: status } }), {
      frontMatter: false,
    });
    expect(page).toContain(said);
  });
  it('an unknown status says no one had confirmed it for two years (said at the time it was marked)', () => {
    const t = trial({ statusModule: { overallStatus: 'UNKNOWN', lastKnownStatus: 'RECRUITING' } });
    expect(createRenderer('md').render(t, { frontMatter: false })).toContain(
      'The registry marks this status as unknown: no one had confirmed it for more than two years.',
    );
  });
  it('"It is about" never opens the section', () => {
    const t = trial({ conditionsModule: { conditions: ['Asthma', 'Psoriasis'] } });
    expect(whoSentences(t)[0]).toBe('This study is about asthma and psoriasis.');
  });
});

describe('with no official who is a person, the responsible investigator leads (responsibleParty)', () => {
  const names = (officials: unknown[], responsibleParty: Record<string, unknown>) =>
    leaders(
      trial({
        sponsorCollaboratorsModule: { leadSponsor: { name: 'Cairo University' }, responsibleParty },
        contactsLocationsModule: { overallOfficials: officials },
      }),
    ).map((o) => [o.name, o.role?.label, o.affiliation]);
  const pi = {
    type: 'PRINCIPAL_INVESTIGATOR',
    investigatorFullName: 'Mohamed Salah',
    investigatorAffiliation: 'Cairo',
  };
  it.each([
    ['no officials', [], pi, [['Mohamed Salah', 'Responsible investigator', 'Cairo']]],
    ['an official who is a person', [{ name: 'Jane Doe, MD' }], pi, [['Jane Doe, MD', undefined, undefined]]],
    [
      'only a stand-in official',
      [{ name: 'Clinical Trials' }],
      pi,
      [['Mohamed Salah', 'Responsible investigator', 'Cairo']],
    ],
    ['the sponsor answers', [], { type: 'SPONSOR' }, []],
    [
      'an affiliation that is the name',
      [],
      { ...pi, investigatorAffiliation: 'Salah, Mohamed' },
      [['Mohamed Salah', 'Responsible investigator', undefined]],
    ],
    ['a name that is a department', [], { ...pi, investigatorFullName: 'Clinical Trials Office' }, []],
  ])('%s', (_what, officials, rp, want) => expect(names(officials, rp)).toEqual(want));
});

describe('the lead names who from ages and sex where it names no single illness (eligibilityModule)', () => {
  it.each([
    [{ maximumAge: '17 Years' }, ['Asthma', 'Psoriasis'], 'in children'],
    [{ minimumAge: '18 Years', sex: 'MALE' }, ['Asthma', 'Psoriasis'], 'in men'],
    [{ minimumAge: '18 Years' }, ['Healthy'], 'in healthy adults'],
    // Bare "in people" says nothing: left out, and ages said where the record gives them (NCT00763412).
    [{}, ['Asthma', 'Psoriasis'], '(?!in)'],
    [{ minimumAge: '12 Years', maximumAge: '24 Years' }, ['Asthma', 'Psoriasis'], 'in people aged 12 to 24 years'],
    [{ minimumAge: '18 Years' }, ['Asthma'], 'in people with asthma'],
  ])('%j %j → %s', (eligibilityModule, conditions, want) => {
    const t = trial({
      designModule: { studyType: 'INTERVENTIONAL' },
      conditionsModule: { conditions },
      eligibilityModule,
      armsInterventionsModule: { interventions: [{ type: 'DRUG', name: 'Drug X' }] },
    });
    expect(leadSentences(t)[0]).toMatch(new RegExp(`^This trial tests Drug X[ .]${want}`));
  });
});

describe('an estimated end already past when the record was last updated says so (completionDateStruct)', () => {
  const end = (date: string, updated: string, overallStatus = 'ACTIVE_NOT_RECRUITING') =>
    endSentence(
      trial({
        statusModule: {
          overallStatus,
          completionDateStruct: { date, type: 'ESTIMATED' },
          lastUpdatePostDateStruct: { date: updated, type: 'ACTUAL' },
        },
      }),
    );
  it.each([
    [
      '2024-12-31',
      '2026-12-01',
      'The planned end date in the record, December 31, 2024, had already passed when the record was last updated, ' +
        'in December 2026.',
    ],
    [
      '2029-09-19',
      '2025-05-23',
      'When the record was last updated, in May 2025, the study was expected to end on September 19, 2029.',
    ],
    [
      '2025-05',
      '2025-05-23',
      'When the record was last updated, in May 2025, the study was expected to end in May 2025.',
    ],
  ])('ends %s, updated %s', (date, updated, want) => expect(end(date, updated)).toBe(want));
  // The page does not know today's date; an open status often outlives the planned end (NCT06454773).
  const ask = 'check with the study team or on ClinicalTrials.gov whether it is still taking people.';
  const check = ` If that date has passed, ${ask}`;
  it.each([
    ['RECRUITING', check],
    ['ENROLLING_BY_INVITATION', check],
    // Not open yet: its status makes no claim that people are joining now.
    ['NOT_YET_RECRUITING', ''],
    ['ACTIVE_NOT_RECRUITING', ''],
  ])('%s: a study that may take people asks the reader to check a date that may have passed', (status, said) => {
    expect(end('2024-12-31', '2024-06-12', status)).toBe(
      `When the record was last updated, in June 2024, the study was expected to end on December 31, 2024.${said}`,
    );
  });
  it.each([
    [
      'main results years before the end: the check follows them (NCT05519085)',
      '2025-11-03',
      'When the record was last updated, in June 2024, the study was expected to end on December 31, 2033. Its main ' +
        `results were to be collected on November 3, 2025. If that date has passed, ${ask}`,
    ],
    [
      'main results already due at the last update',
      '2024-03',
      'When the record was last updated, in June 2024, the study was expected to end on December 31, 2033. Its main ' +
        `results were to be collected in March 2024. That date had already passed then, so ${ask}`,
    ],
    [
      'main results in the same month as the end: the end alone',
      '2033-12',
      `When the record was last updated, in June 2024, the study was expected to end on December 31, 2033.${check}`,
    ],
  ])('%s', (_, primary, said) => {
    const t = trial({
      statusModule: {
        overallStatus: 'RECRUITING',
        primaryCompletionDateStruct: { date: primary, type: 'ESTIMATED' },
        completionDateStruct: { date: '2033-12-31', type: 'ESTIMATED' },
        lastUpdatePostDateStruct: { date: '2024-06-12', type: 'ACTUAL' },
      },
    });
    expect(endSentence(t)).toBe(said);
  });
  it('main results already collected (actual): the end date alone is said', () => {
    const t = trial({
      statusModule: {
        overallStatus: 'RECRUITING',
        primaryCompletionDateStruct: { date: '2024-03-01', type: 'ACTUAL' },
        completionDateStruct: { date: '2033-12-31', type: 'ESTIMATED' },
        lastUpdatePostDateStruct: { date: '2024-06-12', type: 'ACTUAL' },
      },
    });
    expect(endSentence(t)).toBe(
      `When the record was last updated, in June 2024, the study was expected to end on December 31, 2033.${check}`,
    );
  });
  it('a study taking people whose planned end had passed at its last update is asked to be checked', () => {
    expect(end('2024-12-31', '2026-12-01', 'RECRUITING')).toBe(
      'The planned end date in the record, December 31, 2024, had already passed when the record was last updated, ' +
        'in December 2026. So check with the study team or on ClinicalTrials.gov whether it is still taking people.',
    );
  });
  it('a study of past records takes no people: no check', () => {
    const t = trial({
      statusModule: {
        overallStatus: 'RECRUITING',
        completionDateStruct: { date: '2024-12-31', type: 'ESTIMATED' },
        lastUpdatePostDateStruct: { date: '2024-06-12', type: 'ACTUAL' },
      },
      designModule: { studyType: 'OBSERVATIONAL', designInfo: { timePerspective: 'RETROSPECTIVE' } },
    });
    expect(endSentence(t)).not.toContain('If that date has passed');
  });
  it.each(['UNKNOWN', 'COMPLETED', 'WITHDRAWN'])('%s: no expected end, so no check', (status) => {
    expect(end('2024-12-31', '2024-06-12', status)).toBeUndefined();
  });
});

describe('more from a second whole-page read', () => {
  const criteria = 'Inclusion Criteria:\n* Adults\n* Any of: A or B\n\nExclusion Criteria:\n* Pregnancy';
  it.each([
    ['RECRUITING', 'The list below has 2 points on who can join and 1 on who cannot join.'],
    ['COMPLETED', 'The list below has 2 points on who could join and 1 on who could not join.'],
    ['WITHDRAWN', 'The list below has 2 points on who could have joined and 1 on who could not have joined.'],
  ])('criteria counts are points, not musts: %s', (overallStatus, want) => {
    const t = trial({ statusModule: { overallStatus }, eligibilityModule: { eligibilityCriteria: criteria } });
    expect(whoSentences(t)).toContain(want);
  });
  it.each([
    ['DRUG', ['Keytruda'], 'Pembrolizumab (Keytruda)'],
    ['RADIATION', ['Definitive Radiation Therapy'], 'Pembrolizumab'],
    ['PROCEDURE', ['CAT'], 'Pembrolizumab'],
    ['DRUG', ['MTA'], 'Pembrolizumab'],
    ['DRUG', ['dFdCyd', 'Gemzar'], 'Pembrolizumab (Gemzar)'],
    ['DRUG', ['pembrolizumab injection'], 'Pembrolizumab'],
  ])('other names only for products, and not codes or synonyms: %s %j', (type, otherNames, want) => {
    const [i] = trial({
      armsInterventionsModule: { interventions: [{ type, name: 'Pembrolizumab', otherNames }] },
    }).interventions;
    expect(interventionName(i as NonNullable<typeof i>)).toBe(want);
  });
});

describe('the as-written note says why (eligibilityCriteria)', () => {
  const page = (criteria: string) =>
    createRenderer('md').render(trial({ eligibilityModule: { eligibilityCriteria: criteria } }), {
      frontMatter: false,
    });
  it('both lists saying the same is not "unsplit"', () => {
    const text = page(
      'Inclusion Criteria:\n\n* see the master protocol\n\nExclusion Criteria:\n\n* see the master protocol',
    );
    expect(text).toContain('The record gives the same text for who can join and who cannot');
    expect(text).not.toContain('does not split');
    // It holds no rules: no advice to read them with a doctor (NCT06948435).
    expect(text).not.toContain('Read the list with your doctor');
    expect(page('* Adults\n* No prior therapy')).toContain('Read the list with your doctor');
  });
  it('unlabeled rules are', () => {
    expect(page('* Adults\n* No prior therapy')).toContain('does not split these rules');
  });
});

describe('the site list is shared out across countries, then states (locations[].country, .state)', () => {
  it.each([
    [[25, 18, 11], 10, [4, 3, 3]],
    [[25, 1, 1], 10, [8, 1, 1]],
    [[3, 2], 10, [3, 2]],
    [[5, 5, 5], 0, [0, 0, 0]],
    [Array(30).fill(2), 50, [...Array(20).fill(2), ...Array(10).fill(1)]],
  ])('%j with %i → %j', (sizes, budget, want) => expect(fairShares(sizes, budget)).toEqual(want));
});

describe('site and contact lists (contactsLocationsModule)', () => {
  it('the same person listed twice is shown once', () => {
    const c = { name: 'Ana Ruiz', phone: '555 0100', email: 'ana@example.org' };
    expect(uniqueContacts([c, { ...c, name: 'ana  ruiz' }, { ...c, phone: '555 0199' }])).toHaveLength(2);
  });
  it('the same person again with less (only the email of an entry with phone and email) is shown once', () => {
    const full = { name: 'Budhi Singh Yadav, MD', phone: '+91 123', email: 'b@example.org' };
    expect(uniqueContacts([{ name: full.name, email: full.email }, full])).toEqual([full]);
    // Another email, or a phone where the other has only an email, is another way to reach them: both stay.
    expect(uniqueContacts([{ name: full.name, email: 'x@example.org' }, full])).toHaveLength(2);
    const byPhone = { name: full.name, phone: full.phone };
    expect(uniqueContacts([{ name: full.name, email: full.email }, byPhone])).toHaveLength(2);
  });
  it.each([
    ['NOT_YET_RECRUITING', 'Where this trial will run'],
    ['RECRUITING', 'Where this trial is running'],
  ])('the sites heading of a %s trial: %s (NCT05865379)', (status, heading) => {
    expect(headingsFor(trial({ statusModule: { overallStatus: status } })).where).toBe(heading);
  });
  it('a bare name beside the same person with a phone or email adds nothing', () => {
    const reachable = { name: 'Imanol Otaegui, MD', phone: '+34 2746155' };
    expect(uniqueContacts([reachable, { name: 'Imanol Otaegui' }, { name: 'Eduard Bosch' }])).toEqual([
      reachable,
      { name: 'Eduard Bosch' },
    ]);
  });
  // The words in brackets are the statuses of the sites that may take people, not a stock phrase.
  it.each([
    [['RECRUITING'], '1 site may take people (open); 1 site is not. Those that may take people are listed first.'],
    [['RECRUITING', 'NOT_YET_RECRUITING'], '2 sites may take people (1 open and 1 not open yet); 1 site is not.'],
    [
      ['NOT_YET_RECRUITING', undefined],
      '2 sites may take people (1 not open yet and 1 with no status given); 1 site is not.',
    ],
    [
      ['ENROLLING_BY_INVITATION', 'RECRUITING', undefined],
      '3 sites may take people (1 open, 1 by invitation and 1 with no status given); 1 site is not. Those that ' +
        'may take people',
    ],
  ])('with closed sites, the page says which sites are listed first: %j', (open, said) => {
    const t = trial({
      statusModule: { overallStatus: 'RECRUITING' },
      contactsLocationsModule: {
        locations: [
          ...open.map((status, i) => ({
            facility: `A${i}`,
            city: 'Oslo',
            country: 'Norway',
            ...(status ? { status } : {}),
          })),
          { facility: 'B', city: 'Bergen', country: 'Norway', status: 'COMPLETED' },
        ],
      },
    });
    expect(createRenderer('md').render(t, { frontMatter: false })).toContain(said);
  });
  it('a study not known to be open names the statuses its sites were last listed with, without counts', () => {
    const t = trial({
      statusModule: { overallStatus: 'UNKNOWN', lastKnownStatus: 'RECRUITING' },
      contactsLocationsModule: {
        locations: ['RECRUITING', 'NOT_YET_RECRUITING', 'COMPLETED'].map((status, i) => ({
          facility: `A${i}`,
          city: 'Oslo',
          country: 'Norway',
          status,
        })),
      },
    });
    expect(createRenderer('md').render(t, { frontMatter: false })).toContain(
      '2 sites may take people (open or not open yet); 1 site is not.',
    );
  });
  // NCT06948435: a recruiting study with 101 sites, of which 1 is open.
  it.each([
    [
      'RECRUITING',
      ['RECRUITING', 'NOT_YET_RECRUITING', 'NOT_YET_RECRUITING'],
      'Of the 3 sites, 1 is open and 2 are not open yet.',
    ],
    [
      'RECRUITING',
      ['ENROLLING_BY_INVITATION', undefined],
      'Of the 2 sites, 1 takes people by invitation and 1 has no status given.',
    ],
    ['RECRUITING', ['RECRUITING', 'RECRUITING'], undefined],
    ['ACTIVE_NOT_RECRUITING', ['RECRUITING', 'NOT_YET_RECRUITING'], undefined],
    ['COMPLETED', ['RECRUITING', 'NOT_YET_RECRUITING'], undefined],
  ])(
    'an open study none of whose sites is closed says how many of each status: %s %j',
    (overallStatus, statuses, said) => {
      const t = trial({
        statusModule: { overallStatus },
        contactsLocationsModule: {
          locations: statuses.map((status, i) => ({
            facility: `A${i}`,
            city: 'Oslo',
            country: 'Norway',
            ...(status ? { status } : {}),
          })),
        },
      });
      const md = createRenderer('md').render(t, { frontMatter: false });
      if (said) expect(md).toContain(`\n\n${said}\n\n`);
      else expect(md).not.toMatch(/^Of the \d/m);
    },
  );
});

describe('from a third whole-page read: status as of its check, phase words, headings in tense', () => {
  const md = (protocol: Record<string, unknown>) =>
    createRenderer('md').render(trial(protocol), { frontMatter: false });
  it.each([
    [
      'ACTIVE_NOT_RECRUITING',
      'When its status was last checked, in April 2023, this trial was not taking new people. It was still going on ' +
        'with the people who had joined.',
    ],
    [
      'SUSPENDED',
      'When its status was last checked, in April 2023, this trial was on hold and was not taking new people. It may ' +
        'start again.',
    ],
  ])('%s: the status is said as of its last check, not as of today', (overallStatus, said) => {
    const page = md({ statusModule: { overallStatus, statusVerifiedDate: '2023-04' } });
    expect(page).toContain(said);
    // Without a check date there is nothing to date it by: the record's own words, in the present.
    expect(md({ statusModule: { overallStatus } })).toContain('not taking new people');
  });
  it('a study still going on says when it was expected to end, as of the last update', () => {
    const page = md({
      statusModule: {
        overallStatus: 'ACTIVE_NOT_RECRUITING',
        completionDateStruct: { date: '2025-09', type: 'ESTIMATED' },
        lastUpdatePostDateStruct: { date: '2023-06-15' },
      },
    });
    expect(page).toContain(
      'When the record was last updated, in June 2023, the study was expected to end in September 2025.',
    );
  });
  it.each([
    ['RECRUITING', '### What the study measures'],
    ['TERMINATED', '### What the study measured'],
    ['WITHDRAWN', '### What the study planned to measure'],
  ])('%s: "%s", in the study\'s tense', (overallStatus, heading) => {
    const page = md({
      statusModule: { overallStatus },
      outcomesModule: { primaryOutcomes: [{ measure: 'Pain', timeFrame: '1 year' }] },
    });
    expect(page).toContain(heading);
  });
  it.each([
    ['DRUG', 'This study has no phase. Phases are the steps used to test a new drug before and after it is approved.'],
    ['DEVICE', 'This study has no phase. Phases are used for tests of new drugs. A study of a device, a surgery or a'],
  ])('no phase, with a %s: the explainer does not guess what kind of study it is', (type, said) => {
    const page = md({
      designModule: { studyType: 'INTERVENTIONAL', phases: ['NA'] },
      armsInterventionsModule: { interventions: [{ type, name: 'X' }] },
    });
    expect(page).toContain(said);
  });
  it.each([
    ['RECRUITING', 'INTERVENTIONAL', '## What happens in the study', 'The plan lists: X'],
    ['COMPLETED', 'INTERVENTIONAL', '## What happened in the study', 'The plan lists: X'],
    ['WITHDRAWN', 'INTERVENTIONAL', '## What the study planned', 'The plan lists: X'],
    ['COMPLETED', 'OBSERVATIONAL', '## Who was in the study and what was measured', 'Looked at: X'],
    [
      'WITHDRAWN',
      'OBSERVATIONAL',
      '## Who would have been in the study and what would have been measured',
      'Looked at: X',
    ],
  ])(
    '%s %s: "%s"; a group "%s" (what a plan lists may be choices; an observational study gives nothing)',
    (overallStatus, studyType, title, gets) => {
      const page = md({
        statusModule: { overallStatus },
        designModule: { studyType },
        armsInterventionsModule: {
          armGroups: [{ label: 'G', interventionNames: ['Drug: X'] }],
          interventions: [{ type: 'DRUG', name: 'X', armGroupLabels: ['G'] }],
        },
      });
      expect(page).toContain(title);
      expect(page).toContain(`**G**. ${gets}.`);
    },
  );
});

describe('a study group from the general population does not have the illness studied (armGroups[])', () => {
  it.each([
    ['A general population longitudinal cohort of adolescents', false],
    ['Adolescents in treatment for heavy drinking', true],
    // Compared with the general population is not drawn from it.
    ['Rates will be compared with those reported for the general population.', true],
  ])('%j → "who have asthma": %s', (description, haveIt) => {
    const t = trial({
      statusModule: { overallStatus: 'RECRUITING' },
      designModule: { studyType: 'OBSERVATIONAL', designInfo: { timePerspective: 'PROSPECTIVE' } },
      conditionsModule: { conditions: ['Asthma'] },
      eligibilityModule: { minimumAge: '12 Years', maximumAge: '21 Years', healthyVolunteers: false },
      armsInterventionsModule: { armGroups: [{ label: 'Cohort', description }] },
    });
    const page = createRenderer('md').render(t, { frontMatter: false });
    expect(page.includes('people with asthma')).toBe(haveIt);
    expect(page.includes('who have asthma')).toBe(haveIt);
    // The record contradicts itself (no healthy volunteers, yet a general population group): the page says neither.
    expect(page.includes('not take healthy volunteers')).toBe(haveIt);
  });
});

describe('a study group, as the record describes it (armGroups[].description, interventionNames)', () => {
  const group = (description: string, name = 'Lansoprazole') =>
    (
      createRenderer('md')
        .render(
          trial({
            designModule: { studyType: 'INTERVENTIONAL' },
            armsInterventionsModule: {
              armGroups: [{ label: 'A', type: 'EXPERIMENTAL', description, interventionNames: [`Drug: ${name}`] }],
              interventions: [{ type: 'DRUG', name, armGroupLabels: ['A'] }],
            },
          }),
          { frontMatter: false },
        )
        .split('\n')
        .find((l) => l.startsWith('- **A**')) ?? ''
    ).replace(/^- \*\*A\*\* \([^)]*\)/, '');
  it.each([
    ['Lansoprazole 30mg once daily', 'Lansoprazole', '. Lansoprazole 30mg once daily'],
    ['. Lansoprazole 30mg once daily', 'Lansoprazole', '. Lansoprazole 30mg once daily'],
    ['Once daily for 8 weeks', 'Lansoprazole', '. The plan lists: Lansoprazole. Once daily for 8 weeks'],
    ['Aspirin-free regimen', 'Aspirin-free', '. Aspirin-free regimen'],
    ['Aspirinate 81 mg', 'Aspirin', '. The plan lists: Aspirin. Aspirinate 81 mg'],
  ])('%s (gets %s) → %s', (description, name, want) => expect(group(description, name)).toBe(want));
});

describe('blinding the design text contradicts (designInfo.maskingInfo, interventionModelDescription)', () => {
  const page = (masking: string, info: Record<string, unknown> = {}) =>
    createRenderer('md').render(
      trial({
        designModule: {
          studyType: 'INTERVENTIONAL',
          designInfo: { ...info, maskingInfo: { masking, whoMasked: ['PARTICIPANT'], ...(info.maskingInfo ?? {}) } },
        },
      }),
      { frontMatter: false },
    );
  it.each([
    ['DOUBLE', {}, true],
    ['DOUBLE', { interventionModelDescription: 'Prospective, open-label randomized study' }, false],
    ['QUADRUPLE', { maskingInfo: { maskingDescription: 'The comparator arm will be open label.' } }, false],
    ['SINGLE', { maskingInfo: { maskingDescription: 'Outcome assessors will not be blinded.' } }, false],
    ['DOUBLE', { maskingInfo: { maskingDescription: 'Placebo tablets look the same.' } }, true],
  ])('%s with %j → says it is kept secret: %s', (masking, info, said) =>
    expect(page(masking, info).includes('kept secret')).toBe(said),
  );
  it.each([
    [{}, undefined],
    [
      { maskingInfo: { maskingDescription: 'The comparator arm will be open label.' } },
      '**What the record says about keeping groups secret:**\n\nThe comparator arm will be open label.\n',
    ],
    [
      { maskingInfo: { maskingDescription: 'Envelopes \\> sealed.\n\nAssessors are blind.' } },
      // The registry's escape is not the page's: "SUVmax \\> 10" reads "SUVmax > 10".
      '**What the record says about keeping groups secret:**\n\nEnvelopes > sealed.\n\nAssessors are blind.\n',
    ],
  ])('the registry words on masking, word for word, in its paragraphs: %j', (info, said) => {
    const md = page('DOUBLE', info);
    if (said === undefined) expect(md).not.toContain('keeping groups secret');
    else expect(md).toContain(said);
  });
});

describe('samples the study keeps (designModule.bioSpec)', () => {
  const page = (bioSpec?: Record<string, unknown>) =>
    createRenderer('md').render(
      trial({ designModule: { studyType: 'OBSERVATIONAL', ...(bioSpec ? { bioSpec } : {}) } }),
      {
        frontMatter: false,
      },
    );
  it.each([
    [undefined, undefined, undefined],
    [{ retention: 'SAMPLES_WITH_DNA' }, 'Yes, with DNA (the code of a person’s genes)', undefined],
    [{ retention: 'SAMPLES_WITHOUT_DNA', description: 'Serum' }, 'Yes, without DNA', 'Serum'],
    [
      { retention: 'NONE_RETAINED', description: 'Blood is tested and thrown away' },
      'None',
      'Blood is tested and thrown away',
    ],
    [{ description: 'Tumor tissue \\> 1 cm' }, undefined, 'Tumor tissue > 1 cm'],
  ])('%j → fact %s, the record’s words %s', (bioSpec, fact, words) => {
    const md = page(bioSpec);
    if (fact) expect(md).toContain(`- **Samples kept:** ${fact}\n`);
    else expect(md).not.toContain('Samples kept');
    if (words) expect(md).toContain(`**What the record says about samples:**\n\n${words}\n`);
    else expect(md).not.toContain('says about samples');
  });
  it('a withdrawn study planned to keep them', () => {
    const md = createRenderer('md').render(
      trial({
        statusModule: { overallStatus: 'WITHDRAWN' },
        designModule: { bioSpec: { retention: 'SAMPLES_WITH_DNA' } },
      }),
      { frontMatter: false },
    );
    expect(md).toContain('- **Samples it planned to keep:** Yes, with DNA');
  });
});

describe('an unknown status and its planned end (statusModule.completionDateStruct)', () => {
  const page = (completion?: { date: string; type: string }, lastKnownStatus = 'RECRUITING') =>
    createRenderer('md').render(
      trial({
        statusModule: {
          overallStatus: 'UNKNOWN',
          lastKnownStatus,
          statusVerifiedDate: '2019-11',
          ...(completion ? { completionDateStruct: completion } : {}),
        },
        designModule: { studyType: 'INTERVENTIONAL' },
      }),
      { frontMatter: false },
    );
  it.each([
    [
      { date: '2019-12-30', type: 'ESTIMATED' },
      'As of its last update, it was planned to end around December 30, 2019.',
    ],
    [{ date: '2019-12', type: 'ESTIMATED' }, 'As of its last update, it was planned to end around December 2019.'],
  ])('an estimated end is said as of the last update: %j', (completion, want) =>
    expect(page(completion)).toContain(want),
  );
  it.each([[{ date: '2019-12-30', type: 'ACTUAL' }], [undefined]])('silent without an estimate: %j', (completion) =>
    expect(page(completion)).not.toContain('planned to end'),
  );
  // Checked 2019-11 and unknown since: today is at least 2021-11, so only an end before then has surely passed.
  it.each([
    ['2019-12-30', true],
    ['2021-10', true],
    ['2020', true],
    ['2021-11-15', false],
    ['2021-11', false],
    ['2021', false],
    ['2030-01', false],
  ])('an end of %s has passed by now: %s', (date, passed) => {
    const p = page({ date, type: 'ESTIMATED' });
    expect(p.includes('That date has now passed.')).toBe(passed);
    expect(p).toContain(passed ? 'It may have ended, or it may still be open.' : 'It may still be open.');
    expect(p).not.toMatch(/not taking new people|is closed/);
  });
  it('last known as not yet recruiting, past its planned end: it may never have started (NCT03877679)', () => {
    expect(page({ date: '2020-06-01', type: 'ESTIMATED' }, 'NOT_YET_RECRUITING')).toContain(
      'It may never have started, it may have ended, or it may still be open.',
    );
    expect(page({ date: '2030-01', type: 'ESTIMATED' }, 'NOT_YET_RECRUITING')).toContain('It may still be open.');
  });
});

describe('what the record contradicts or leaves unsaid (conditions, arms, names)', () => {
  const cancerTrial = (conditions: string[], extra: string, briefTitle = 'Tailored Therapy in Endometrial Cancer') =>
    trial({
      identificationModule: { nctId: 'NCT01234567', briefTitle },
      conditionsModule: { conditions },
      eligibilityModule: { eligibilityCriteria: `Inclusion Criteria:\n* Endometrial carcinoma\n${extra}` },
    });
  const stromal = ['Endometrial Stromal Sarcoma'];
  it.each([
    ['a kind of tumour named nowhere else, under a title about a cancer of that site, is not named', stromal, '', []],
    ['named in the criteria (a plural counts), it is', stromal, '* Prior sarcomas', ['endometrial stromal sarcoma']],
    ['"carcinosarcoma" is another kind than "sarcoma"', stromal, '* Carcinosarcoma', []],
    ['a cancer, carcinoma or tumour is not a kind of its own', ['Endometrial Neoplasm'], '', ['endometrial neoplasm']],
    ['"leukaemia" is "leukemia"', ['Endometrial Leukaemia'], '* Leukemia', ['Endometrial Leukaemia']],
  ])('%s', (_, conditions, extra, want) => {
    expect(conditionPhrase(cancerTrial(conditions, extra)).illnesses).toEqual(want);
  });
  it('a basket trial keeps every kind its title does not name: "people with" none of them alone', () => {
    const t = cancerTrial(
      ['Melanoma', 'Soft Tissue Sarcoma', 'Non-Small Cell Lung Cancer'],
      '* Solid tumour',
      'Drug X in Advanced Solid Tumors',
    );
    // None of the three is contradicted; the title's solid tumours are a wider group than any of them.
    expect(conditionPhrase(t)).toMatchObject({ widerInTitle: 'advanced solid tumors' });
    expect(conditionPhrase(t).illnesses).toHaveLength(3);
    expect(whoSentences(t).join(' ')).not.toContain('who have');
  });
  it('when a condition is left out, the one left is not said as what everyone has', () => {
    const t = cancerTrial(['Endometrial Stromal Sarcoma', 'Endometrial Cancer'], '');
    expect(conditionPhrase(t)).toMatchObject({ illnesses: ['endometrial cancer'], leftOut: true });
    expect(leadSentences(t).join(' ')).not.toContain('people with');
    expect(whoSentences(t).join(' ')).toContain('This study is about endometrial cancer.');
  });
  it('without a cancer in the title, the condition is kept: nothing contradicts it', () => {
    const t = trial({ conditionsModule: { conditions: ['Ewing Sarcoma'] } });
    expect(conditionPhrase(t).illnesses).toEqual(['Ewing Sarcoma']);
  });

  const comparator = (allocation: string) =>
    normalize(
      makeStudy({
        designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation } },
        armsInterventionsModule: {
          armGroups: [
            { label: 'New', type: 'EXPERIMENTAL', interventionNames: ['Drug: X'] },
            { label: 'Usual', type: 'ACTIVE_COMPARATOR', interventionNames: ['Drug: Y'] },
          ],
          interventions: [
            { type: 'DRUG', name: 'X', armGroupLabels: ['New'] },
            { type: 'DRUG', name: 'Y', armGroupLabels: ['Usual'] },
          ],
        },
      }),
    );
  it.each([
    ['RANDOMIZED', 'another treatment, to compare', 'Some people get Y instead, to compare.'],
    ['NON_RANDOMIZED', 'another treatment', 'Some people get Y instead.'],
    ['NA', 'another treatment', 'Some people get Y instead.'],
  ])('an active comparator in a %s design: "%s"', (allocation, role, lead) => {
    const t = comparator(allocation);
    expect(armViews(t)[1]?.role).toBe(role);
    expect(leadSentences(t)).toContain(lead);
  });

  it.each([
    [
      'PLACEBO_COMPARATOR',
      ['Drug: Pembrolizumab', 'Drug: Placebo'],
      'a placebo in place of the treatment being studied',
    ],
    ['PLACEBO_COMPARATOR', ['Drug: Placebo'], 'a placebo'],
    ['SHAM_COMPARATOR', ['Drug: Pembrolizumab', 'Procedure: Sham'], 'a sham in place of the treatment being studied'],
    ['SHAM_COMPARATOR', ['Procedure: Sham'], 'a sham'],
  ])('a %s group that lists %j is "%s, to compare" (NCT06890598)', (type, names, role) => {
    const b = (name: string) => (names.includes(name) ? ['B'] : []);
    const t = normalize(
      makeStudy({
        designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'RANDOMIZED' } },
        armsInterventionsModule: {
          armGroups: [
            { label: 'A', type: 'EXPERIMENTAL', interventionNames: ['Drug: Olomorasib', 'Drug: Pembrolizumab'] },
            { label: 'B', type, interventionNames: names },
          ],
          interventions: [
            { type: 'DRUG', name: 'Olomorasib', armGroupLabels: ['A'] },
            { type: 'DRUG', name: 'Pembrolizumab', armGroupLabels: ['A', ...b('Drug: Pembrolizumab')] },
            { type: 'DRUG', name: 'Placebo', armGroupLabels: b('Drug: Placebo') },
            { type: 'PROCEDURE', name: 'Sham', armGroupLabels: b('Procedure: Sham') },
          ],
        },
      }),
    );
    expect(armViews(t)[1]?.role).toBe(`${role}, to compare`);
  });

  it.each([
    ['Placebo', undefined, 'a placebo, to compare'],
    ['Placebo capsules', undefined, 'a placebo, to compare'],
    // Its list names no placebo: said as its type says it, with the list kept.
    ['Capsules that look like the hemp extract', 'Hemp extract', 'a placebo, to compare'],
  ])(
    'a placebo group described as "%s" that lists only what the studied group gets: its list %j',
    (desc, gets, role) => {
      // NCT06454773's "control" lists the extract the studied group takes; its description, kept, says "Placebo".
      const t = normalize(
        makeStudy({
          designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'RANDOMIZED' } },
          armsInterventionsModule: {
            armGroups: [
              {
                label: 'intervention',
                type: 'ACTIVE_COMPARATOR',
                interventionNames: ['Dietary Supplement: Hemp extract'],
              },
              {
                label: 'control',
                type: 'PLACEBO_COMPARATOR',
                description: desc,
                interventionNames: ['Dietary Supplement: Hemp extract'],
              },
            ],
            interventions: [
              { type: 'DIETARY_SUPPLEMENT', name: 'Hemp extract', armGroupLabels: ['intervention', 'control'] },
            ],
          },
        }),
      );
      const [studied, control] = armViews(t);
      expect(studied?.role).toBe('the treatment being studied');
      expect(control?.gets).toBe(gets);
      expect(control?.description).toBe(desc);
      expect(control?.role).toBe(role);
      // On the page, a description that only repeats the role's word is left out.
      const line = createRenderer('md')
        .render(t, { frontMatter: false })
        .split('\n')
        .find((l) => l.startsWith('- **control**'));
      expect(line?.endsWith(' Placebo')).toBe(false);
      if (desc === 'Placebo') expect(line).toBe('- **control** (a placebo, to compare).');
    },
  );

  it.each([
    ['PLACEBO_COMPARATOR', ['Dietary Supplement: X'], 'the treatment being studied'],
    ['SHAM_COMPARATOR', ['Procedure: Sham'], 'the treatment being studied'],
    ['NO_INTERVENTION', [], 'the treatment being studied'],
    ['EXPERIMENTAL', ['Drug: Z'], 'another treatment, to compare'],
  ])('an active comparator whose only other group is %s (lists %j): "%s"', (other, names, role) => {
    // The placebo group may list the active item too: the record's own slip, as in NCT06454773.
    const t = normalize(
      makeStudy({
        designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'RANDOMIZED' } },
        armsInterventionsModule: {
          armGroups: [
            { label: 'Extract', type: 'ACTIVE_COMPARATOR', interventionNames: ['Dietary Supplement: X'] },
            { label: 'Other', type: other, interventionNames: names },
          ],
          interventions: [
            { type: 'DIETARY_SUPPLEMENT', name: 'X', armGroupLabels: ['Extract', ...(names.length ? ['Other'] : [])] },
            { type: 'PROCEDURE', name: 'Sham', armGroupLabels: [] },
            { type: 'DRUG', name: 'Z', armGroupLabels: ['Other'] },
          ],
        },
      }),
    );
    expect(armViews(t)[0]?.role).toBe(role);
  });

  it.each([
    ['Candidate vaccine, SCB-2019', 'This trial tests “Candidate vaccine, SCB-2019”.'],
    ['Carboplatin, cisplatin or oxaliplatin', 'This trial tests Carboplatin, cisplatin or oxaliplatin.'],
    ['Vaccine', 'This trial tests Vaccine.'],
  ])('a name with one comma is one name, quoted in a sentence: %s', (name, want) => {
    const t = arms([['A', 'EXPERIMENTAL', [name]]]);
    expect(leadSentences(t)[0]).toBe(want);
  });

  it.each([
    ['Study (A &Amp; B)', 'Study (A & B)'],
    ['Study (A &amp;amp;amp; B)', 'Study (A & B)'],
    ['R&D &co', 'R&D &co'],
  ])('an encoded ampersand in registry text is an ampersand: %s', (officialTitle, want) => {
    const t = trial({ identificationModule: { nctId: 'NCT01234567', briefTitle: 'A study', officialTitle } });
    expect(t.officialTitle).toBe(want);
  });

  const screening = (otherGets: string[]) =>
    normalize(
      makeStudy({
        designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'RANDOMIZED' } },
        armsInterventionsModule: {
          armGroups: [
            { label: 'Usual care', type: 'NO_INTERVENTION' },
            { label: 'Screened', type: 'EXPERIMENTAL', interventionNames: ['Diagnostic Test: Blood test X'] },
            ...(otherGets.length ? [{ label: 'Other', type: 'ACTIVE_COMPARATOR', interventionNames: otherGets }] : []),
          ],
          interventions: [
            {
              type: 'DIAGNOSTIC_TEST',
              name: 'Blood test X',
              armGroupLabels: ['Screened', ...(otherGets.length ? ['Other'] : [])],
            },
          ],
        },
      }),
    );
  it('a test only the studied group gets is what the trial tests (a screening strategy against usual care)', () => {
    expect(rolesOf(screening([])).tested.map((i) => i.name)).toEqual(['Blood test X']);
    expect(leadSentences(screening([]))[0]).toBe('This trial tests Blood test X.');
  });
  it('a test the other groups get too is a measurement, not what is tested', () => {
    expect(rolesOf(screening(['Diagnostic Test: Blood test X'])).tested).toEqual([]);
  });
});

describe('the criteria counts and headings follow whether the study takes new people (overallStatus)', () => {
  const criteria = 'Inclusion Criteria:\n* Adults\nExclusion Criteria:\n* Pregnancy';
  const page = (overallStatus: string, eligibilityCriteria = criteria) =>
    createRenderer('md').render(
      trial({ statusModule: { overallStatus }, eligibilityModule: { eligibilityCriteria } }),
      {
        frontMatter: false,
      },
    );
  it.each([
    ['RECRUITING', 'who can join and 1 on who cannot join', '### Who can join (inclusion criteria)'],
    ['UNKNOWN', 'who can join and 1 on who cannot join', '### Who can join (inclusion criteria)'],
    ['ACTIVE_NOT_RECRUITING', 'who could join and 1 on who could not join', '### Who could join (inclusion criteria)'],
    ['SUSPENDED', 'who could join and 1 on who could not join', '### Who could join (inclusion criteria)'],
    ['COMPLETED', 'who could join and 1 on who could not join', '### Who could join (inclusion criteria)'],
    ['WITHDRAWN', 'who could have joined and 1 on who could not have joined', '### Who could have joined'],
  ])('%s: "%s"', (status, counts, heading) => {
    const p = page(status);
    expect(p).toContain(`has 1 point on ${counts}.`);
    expect(p).toContain(heading);
  });
  it.each([
    ['* Other protocol-defined inclusion/exclusion criteria may apply', 'may apply too.'],
    ['Note: Other protocol defined criteria will apply.', 'will apply too.'],
  ])('%j keeps its verb: "%s"', (note, said) => {
    expect(page('RECRUITING', `${criteria}\n${note}`)).toContain(
      `The record says other rules in the study plan ${said}`,
    );
  });
  it.each([
    ['numbers run into one line', '1. Adults\n2. Consent. 3. Able to swallow', undefined],
    ['a sub-list that lost its indent starts at 1 again', '1. Adults\n2. Labs:\n1) ANC > 1500', undefined],
    ['a number left out', '1. Adults\n3. Consent', undefined],
    ['a heading starts the numbers again', '1. Adults\nPart B:\n1. Consent', 'has 2 points on who can join'],
    [
      'a number in the text is no point',
      '1. Adults aged 18. 2 forms of ID\n2. Consent',
      'has 2 points on who can join',
    ],
  ])('no count where the numbering disagrees: %s', (_, inclusion, want) => {
    const p = page('RECRUITING', `Inclusion Criteria:\n${inclusion}\nExclusion Criteria:\n* Pregnancy`);
    if (want) expect(p).toContain(want);
    else expect(p).not.toMatch(/points? on who/);
  });
  it('without a count, a key list is still said to hold the main rules', () => {
    const p = page('RECRUITING', 'Key Inclusion Criteria:\n1. Adults\n2. Labs. 3. Consent\nExclusion Criteria:\n* X');
    expect(p).toContain('The list below gives the main rules. The full study plan has more.');
    expect(p).not.toMatch(/points? on who/);
  });
  it('without a count, a note that other rules apply is still said', () => {
    const p = page(
      'RECRUITING',
      'Inclusion Criteria:\n1. Adults\n2. Labs. 3. Consent\n* Other protocol-defined criteria may apply',
    );
    expect(p).toContain('The record says other rules in the study plan may apply too.');
    expect(p).not.toMatch(/points? on who/);
  });
  it('a list the record says is not all of the rules says so', () => {
    const p = page('RECRUITING', `${criteria}\n* Other protocol-defined Inclusion/Exclusion criteria apply.`);
    expect(p).toContain(
      'The list below has 1 point on who can join and 1 on who cannot join. ' +
        'The record says other rules in the study plan apply too.',
    );
  });
  it.each([
    ['2019-06', '2020-06-01', 'could join', false],
    ['2019-06', '2021-07', 'can join', true],
    ['2019-06', '2021', 'can join', true],
    ['2019-06', '2020', 'could join', false],
  ])(
    'unknown since a check in %s, planned end %s: "who %s", advice to read the list %s (NCT03877679)',
    (verified, end, verb, advice) => {
      const t = trial({
        statusModule: {
          overallStatus: 'UNKNOWN',
          statusVerifiedDate: verified,
          completionDateStruct: { date: end, type: 'ESTIMATED' },
        },
        eligibilityModule: { eligibilityCriteria: criteria },
      });
      const who = whoSentences(t).join(' ');
      expect(who).toContain(`1 point on who ${verb}`);
      expect(who.includes('Read the list with your doctor')).toBe(advice);
      expect(createRenderer('md').render(t, { frontMatter: false })).toContain(`### Who ${verb} (inclusion criteria)`);
    },
  );
  it.each([
    ['OBSERVATIONAL', '2020-06-01', /^This study was set up to follow .* over time\.$/],
    ['OBSERVATIONAL', '2021-07', /^This study follows .* over time\.$/],
    ['INTERVENTIONAL', '2020-06-01', /^This trial was set up to test Drug A\b/],
    ['INTERVENTIONAL', '2021-07', /^This trial tests Drug A\b/],
  ])(
    'unknown since 2019-06, %s, planned end %s: the lead is neither running nor over (NCT03475563)',
    (type, end, said) => {
      const t = trial({
        statusModule: {
          overallStatus: 'UNKNOWN',
          statusVerifiedDate: '2019-06',
          completionDateStruct: { date: end, type: 'ESTIMATED' },
        },
        designModule: { studyType: type, designInfo: { timePerspective: 'PROSPECTIVE' } },
        armsInterventionsModule: {
          interventions: [{ type: 'DRUG', name: 'Drug A', armGroupLabels: ['A'] }],
          armGroups: [{ label: 'A', type: 'EXPERIMENTAL' }],
        },
      });
      expect(leadSentences(t)[0]).toMatch(said);
    },
  );
  it.each([
    ['RECRUITING', 'The record puts one point in both lists, word for word. Ask the study team about it.'],
    ['COMPLETED', 'The record puts one point in both lists, word for word.'],
  ])(
    'a point in both lists, %s: no count, which would call it a point on who cannot join (NCT06454773)',
    (status, said) => {
      const both = 'Inclusion Criteria:\n* Prediabetic adults\nExclusion Criteria:\n* Prediabetic  adults\n* Pregnancy';
      const p = page(status, both);
      expect(p).toContain(said);
      expect(p).not.toMatch(/points? on who/);
      expect(page(status, both.replace('* Prediabetic  adults', '* Diabetic adults'))).toMatch(/1 point on who/);
    },
  );
  it.each([
    ['For parent participants:', 'The list below also has rules for parents.'],
    ['Caregivers:', 'The list below also has rules for caregivers.'],
    ['Patients with a caregiver at home:', undefined],
    ['Inclusion Criteria for caregivers:', 'The list below also has rules for caregivers.'],
    ['Mothers:', 'The list below also has rules for mothers.'],
    ['Parent study participants:', undefined],
    ['Relative contraindications are allowed if:', undefined],
  ])('a heading for others who take part, %j, is said beside the age range (NCT03630471)', (heading, said) => {
    const t = trial({
      eligibilityModule: {
        minimumAge: '13 Years',
        maximumAge: '20 Years',
        eligibilityCriteria: `Inclusion Criteria:\n\nFor adolescents:\n\n* In school\n\n${heading}\n\n* Consents`,
      },
    });
    const who = whoSentences(t);
    if (said) expect(who).toContain(said);
    else expect(who.join(' ')).not.toContain('also has rules');
  });
  it('nor is a list the record calls not all that matters (NCT05097287)', () => {
    const disclaimer =
      "The above information is not intended to contain all considerations relevant to a patient's potential " +
      'participation in a clinical trial.';
    const p = page('RECRUITING', `${criteria}\n\n${disclaimer}`);
    expect(p).toContain(
      'The list below has 1 point on who can join and 1 on who cannot join. ' +
        'The record says the list does not cover everything that matters for taking part.',
    );
  });
});

describe('a single-group design (designInfo.interventionModel)', () => {
  const single = (types: string[]) =>
    trial({
      designModule: { studyType: 'INTERVENTIONAL', designInfo: { interventionModel: 'SINGLE_GROUP' } },
      armsInterventionsModule: { armGroups: types.map((type, i) => ({ label: `G${i}`, type })) },
    });
  it.each([
    [
      ['EXPERIMENTAL', 'EXPERIMENTAL'],
      'Everyone gets the study treatment. There is no comparison group (single group).',
    ],
    [['EXPERIMENTAL', 'PLACEBO_COMPARATOR'], undefined],
  ])('arms %j: never "the same treatment" (doses may differ), nor "everyone" beside a comparison', (types, want) => {
    expect(designSentences(single(types))[0]).toBe(want);
  });
});

describe('a study of healthy people about an illness, seen once (eligibilityModule, outcomes, description)', () => {
  const observational = (extra: Record<string, unknown>) =>
    trial({
      statusModule: { overallStatus: 'COMPLETED' },
      conditionsModule: { conditions: ['Swallowing Disorder'] },
      designModule: { studyType: 'OBSERVATIONAL', designInfo: { timePerspective: 'PROSPECTIVE' } },
      ...extra,
    });
  const healthy = (studyPopulation: string | undefined, inclusion: string[], groups: string[] = []) => ({
    eligibilityModule: {
      healthyVolunteers: true,
      minimumAge: '18 Years',
      ...(studyPopulation ? { studyPopulation } : {}),
      eligibilityCriteria: `Inclusion Criteria:\n${inclusion.map((i) => `* ${i}\n`).join('')}Exclusion Criteria:\n* x`,
    },
    armsInterventionsModule: { armGroups: groups.map((label) => ({ label })) },
  });
  const population = 'Healthy adult volunteers with no history of swallowing difficulty';
  it.each([
    [population, ['Healthy adults under age 60'], [], true],
    [undefined, ['Healthy adults under age 60'], [], true],
    [population, [], [], true],
    [population, ['Adults'], [], false],
    ['Adults with dysphagia and healthy controls', [], [], false],
    [undefined, ['Healthy adults', 'Dysphagia for a year'], [], false],
    [population, ['Healthy adults'], ['Healthy volunteers', 'Parkinson patients'], false],
    [population, ['Healthy adults'], ['Healthy volunteers', 'Healthy older adults'], true],
  ])('population %j, inclusion %j, groups %j: only healthy people is %s', (pop, inclusion, groups, only) => {
    const t = observational(healthy(pop, inclusion, groups));
    const who = whoSentences(t).join(' ');
    if (only) {
      expect(who).toContain(
        'This study was for healthy adults aged 18 years and up. It was about Swallowing Disorder.',
      );
      expect(who).not.toContain('People without this illness');
      expect(leadSentences(t)[0]).toContain('healthy adults');
    } else {
      expect(who).toContain('This study was for adults aged 18 years and up who fit the rules in the list below.');
      expect(leadSentences(t)[0]).not.toContain('healthy');
    }
  });
  it.each([
    [{ descriptionModule: { briefSummary: 'A cross-sectional design will be used.' } }, false],
    [{ descriptionModule: { briefSummary: 'A cosss-sectional design will be used.' } }, false],
    [
      { outcomesModule: { primaryOutcomes: [{ measure: 'Bolus', timeFrame: 'Baseline (single timepoint only)' }] } },
      false,
    ],
    [{ outcomesModule: { primaryOutcomes: [{ measure: 'Bolus', timeFrame: 'Baseline' }] } }, false],
    [{ outcomesModule: { primaryOutcomes: [{ measure: 'Bolus', timeFrame: 'Baseline and 6 months' }] } }, true],
    [
      { outcomesModule: { primaryOutcomes: [{ measure: 'Pain', timeFrame: '12 months after a single session' }] } },
      true,
    ],
    [
      { descriptionModule: { briefSummary: 'Followed for 5 years with cross-sectional imaging every 3 months.' } },
      true,
    ],
    [{}, true],
  ])('%j: followed over time is %s', (extra, over) => {
    const t = observational(extra);
    expect(leadSentences(t)[0]).toMatch(over ? /^This study followed .* over time\.$/ : /^This study observed /);
    expect(designSentences(t).join(' ').includes('(prospective)')).toBe(over);
  });
});

describe('what a study group is given, and what is only checked (armGroups[].interventionNames)', () => {
  const group = (gets: [string, string][], studyType = 'INTERVENTIONAL') =>
    createRenderer('md')
      .render(
        trial({
          designModule: { studyType },
          armsInterventionsModule: {
            armGroups: [{ label: 'A', type: 'EXPERIMENTAL', interventionNames: gets.map(([t, n]) => `${t}: ${n}`) }],
            interventions: gets.map(([type, name]) => ({ type, name, armGroupLabels: ['A'] })),
          },
        }),
        { frontMatter: false },
      )
      .split('\n')
      .find((l) => l.startsWith('- **A**')) ?? '';
  it.each([
    [[['DRUG', 'X']], 'The plan lists: X.'],
    [
      [
        ['DRUG', 'X'],
        ['DRUG', 'Y'],
      ],
      'The plan lists: X and Y.',
    ],
    [
      [
        ['DRUG', 'X'],
        ['PROCEDURE', 'Computed Tomography'],
      ],
      'The plan lists: X. Tests and check-ups: Computed Tomography.',
    ],
    [
      [
        ['DRUG', 'X plus Y'],
        ['DRUG', 'Z'],
      ],
      'The plan lists: X plus Y; Z.',
    ],
    // NCT06388018: watching in place of treatment is care, not a check-up.
    [
      [
        ['OTHER', 'Clinical Observation'],
        ['PROCEDURE', 'Computed Tomography'],
      ],
      'The plan lists: Clinical Observation. Tests and check-ups: Computed Tomography.',
    ],
  ])('%j → %s', (gets, want) => {
    expect(group(gets as [string, string][])).toContain(`(the treatment being studied). ${want}`);
  });
  it('a comparison group that is only watched is not called a treatment (NCT06388018 Cohort A1)', () => {
    const md = createRenderer('md').render(
      trial({
        designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'NON_RANDOMIZED' } },
        armsInterventionsModule: {
          armGroups: [
            { label: 'A', type: 'EXPERIMENTAL', interventionNames: ['Radiation: EBRT'] },
            {
              label: 'B',
              type: 'ACTIVE_COMPARATOR',
              interventionNames: ['Other: Clinical Observation', 'Procedure: CT'],
            },
          ],
          interventions: [
            { type: 'RADIATION', name: 'EBRT' },
            { type: 'OTHER', name: 'Clinical Observation' },
            { type: 'PROCEDURE', name: 'CT' },
          ],
        },
      }),
      { frontMatter: false },
    );
    expect(md).toContain('- **B**. The plan lists: Clinical Observation. Tests and check-ups: CT.');
  });
  it('a scan that guides a treatment is the treatment, not a check-up', () => {
    expect(
      group([
        ['PROCEDURE', 'Ultrasound-guided erector spinae plane block'],
        ['DRUG', 'Bupivacaine'],
      ]),
    ).toContain('The plan lists: Ultrasound-guided erector spinae plane block and Bupivacaine.');
  });
  it('an observational group lists all it looks at together', () => {
    expect(
      group(
        [
          ['OTHER', 'Survey'],
          ['DRUG', 'X'],
        ],
        'OBSERVATIONAL',
      ),
    ).toContain('Looked at: Survey and X.');
  });
});

describe('published papers (referencesModule.references)', () => {
  const ref = (type: string, n: number, pmid?: string) => ({
    type,
    citation: `Author ${n}. Title ${n}. J. 2020.`,
    pmid,
  });
  const withRefs = (references: Record<string, unknown>[]) => trial({ referencesModule: { references } });
  it.each([
    [[ref('BACKGROUND', 1, '1')], []],
    [[ref('RESULT', 1, '11')], ['The study team lists a paper as reporting its results:']],
    [
      [ref('RESULT', 1, '11'), ref('DERIVED', 2, '11'), ref('DERIVED', 3, '13')],
      [
        'The study team lists a paper as reporting its results:',
        'PubMed, a list of health papers, links a paper to this study. It may be about its results, its plan or ' +
          'later work:',
      ],
    ],
  ])('%j', (references, leads) => {
    expect(paperGroups(withRefs(references)).map((g) => g.lead)).toEqual(leads);
  });
  it('at most five of a kind, the rest counted; each with its PubMed link', () => {
    const t = withRefs(Array.from({ length: 7 }, (_, i) => ref('DERIVED', i, String(100 + i))));
    const [g] = paperGroups(t);
    expect(g?.items).toHaveLength(5);
    expect(g?.more).toBe('2 more papers are listed on ClinicalTrials.gov.');
    const page = createRenderer('md').render(t, { frontMatter: false });
    expect(page).toContain('## Published papers');
    expect(page).toContain('- Author 0. Title 0. J. 2020. [PubMed 100](https://pubmed.ncbi.nlm.nih.gov/100/)');
  });
  it('a "result" published before the study started reports none of its results: left out', () => {
    const t = trial({
      statusModule: { startDateStruct: { date: '2019-03', type: 'ACTUAL' } },
      referencesModule: {
        references: [ref('RESULT', 1, '1'), { ...ref('RESULT', 2, '2'), citation: 'B. T. J. 2007;1:2.' }],
      },
    });
    expect(paperGroups(t).flatMap((g) => g.items.map((i) => i.pmid))).toEqual(['1']);
  });
  it('a pmid that is not a number gets no link', () => {
    expect(withRefs([ref('RESULT', 1, 'abc')]).publications).toEqual([
      { kind: 'result', citation: 'Author 1. Title 1. J. 2020.' },
    ]);
  });
});

describe('who runs and supports the study (sponsorCollaboratorsModule)', () => {
  const facts = (module: Record<string, unknown>) =>
    createRenderer('md')
      .render(trial({ sponsorCollaboratorsModule: module }), { frontMatter: false })
      .split('\n')
      .filter((l) => /^- \*\*(?:Sponsor|Also supported by):/.test(l));
  it.each([
    [
      { leadSponsor: { name: 'Tata Memorial Centre', class: 'OTHER' } },
      ['- **Sponsor:** Tata Memorial Centre (hospital, university or other organization)'],
    ],
    [
      {
        leadSponsor: { name: 'Dr.Pankaj Chaturvedi', class: 'OTHER' },
        responsibleParty: {
          type: 'SPONSOR_INVESTIGATOR',
          investigatorFullName: 'Dr. Pankaj Chaturvedi',
          investigatorAffiliation: 'Tata Memorial Centre',
        },
      },
      ['- **Sponsor:** Dr.Pankaj Chaturvedi (the researcher who leads the study, Tata Memorial Centre)'],
    ],
    [
      {
        leadSponsor: { name: 'Tata Memorial Centre', class: 'OTHER' },
        responsibleParty: { type: 'SPONSOR_INVESTIGATOR' },
      },
      ['- **Sponsor:** Tata Memorial Centre (hospital, university or other organization)'],
    ],
    [
      {
        leadSponsor: { name: 'Sanofi', class: 'INDUSTRY' },
        collaborators: ['A', 'B and C', 'D', 'E', 'F', 'G', 'H'].map((name) => ({ name, class: 'OTHER' })),
      },
      ['- **Sponsor:** Sanofi (company)', '- **Also supported by:** A; B and C; D; E; F; and 2 more'],
    ],
  ])('%j', (module, want) => expect(facts(module)).toEqual(want));
});

describe('more from the second page read (Quick facts, tense, criteria labels)', () => {
  const page = (protocol: Record<string, unknown>) =>
    createRenderer('md').render(trial(protocol), { frontMatter: false });
  it('a placebo is no drug in the Quick facts, whatever its type', () => {
    const p = page({
      armsInterventionsModule: {
        interventions: [
          { type: 'DRUG', name: 'Dupilumab' },
          { type: 'DRUG', name: 'Placebo' },
        ],
      },
    });
    expect(p).toContain('- **Interventions:** Dupilumab (drug) and Placebo (a look-alike with no medicine in it)');
  });
  it.each([
    ['RECRUITING', 'This study is for adults aged 18 years and up who have melanoma.'],
    ['COMPLETED', 'This study was for adults aged 18 years and up who had melanoma.'],
  ])('%s: "%s"', (overallStatus, said) => {
    const t = trial({
      statusModule: { overallStatus },
      conditionsModule: { conditions: ['Melanoma'] },
      eligibilityModule: { minimumAge: '18 Years', healthyVolunteers: false },
    });
    expect(whoSentences(t)[0]).toBe(said);
  });
  // NCT06388018 (its one illness contradicted by its title), NCT06454773 (condition "Intervention").
  it.each([
    [
      'no illness, with a list',
      ['Intervention'],
      '* Fasting glucose 100-125',
      'This study is for women aged 25 to 60 years who fit the rules in the list below.',
    ],
    ['no illness, no list', ['Intervention'], undefined, 'This study is for women aged 25 to 60 years.'],
    [
      'no illness, a list that holds no rules',
      ['Intervention'],
      'Inclusion Criteria:\n* Refer to the master protocol\n\nExclusion Criteria:\n* Refer to the master protocol',
      'This study is for women aged 25 to 60 years.',
    ],
    [
      'an illness, with a list',
      ['Melanoma'],
      '* Melanoma',
      'This study is for women aged 25 to 60 years who have melanoma.',
    ],
    [
      'two illnesses: never "who have" them, so the list says who',
      ['Asthma', 'Psoriasis'],
      '* Asthma',
      'This study is for women aged 25 to 60 years who fit the rules in the list below.',
    ],
  ])('%s: "%s"', (_, conditions, eligibilityCriteria, said) => {
    const t = trial({
      conditionsModule: { conditions },
      eligibilityModule: {
        minimumAge: '25 Years',
        maximumAge: '60 Years',
        sex: 'FEMALE',
        ...(eligibilityCriteria ? { eligibilityCriteria } : {}),
      },
    });
    expect(whoSentences(t)[0]).toBe(said);
  });
  it.each(['Inclusion Criteria includes:', 'Inclusion criteria are:', 'Inclusion Criteria:-'])(
    '"%s" is a label the page heading replaces, not a lead-in',
    (heading) => {
      const p = page({ eligibilityModule: { eligibilityCriteria: `${heading}\n* a\n\nExclusion Criteria:\n* b` } });
      expect(p).toContain('### Who can join (inclusion criteria)\n\n- a');
    },
  );
});

describe('a study group the record marks as closed (armGroups[].label, .description)', () => {
  const group = (overallStatus: string, description: string) =>
    armViews(
      trial({
        statusModule: { overallStatus },
        designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'RANDOMIZED' } },
        armsInterventionsModule: { armGroups: [{ label: 'Arm A', type: 'ACTIVE_COMPARATOR', description }] },
      }),
    )[0]?.role;
  it.each([
    ['RECRUITING', 'Chemotherapy. (CLOSED AS OF UPDATE #7)', 'the record says it takes no new people'],
    ['RECRUITING', 'Closed to accrual on 2/1/2022.', 'the record says it takes no new people'],
    ['RECRUITING', 'Closed reduction of the fracture.', undefined],
    ['COMPLETED', 'Chemotherapy. (CLOSED AS OF UPDATE #7)', undefined],
  ])('%s, %j: %s', (status, description, said) => expect(group(status, description)).toBe(said));
});

describe('gene changes and tissue types the record names (briefTitle, officialTitle, conditions)', () => {
  const named = (briefTitle: string, conditions: string[] = []) =>
    geneMentions(
      trial({ identificationModule: { nctId: 'NCT01234567', briefTitle }, conditionsModule: { conditions } }),
    );
  it.each([
    ['Adagrasib in NSCLC With KRAS G12C Mutation', [], { changes: ['KRAS G12C'], genes: [], tissueTypes: [] }],
    ['JAB-21822 in Tumors Harboring KRAS p.G12C Mutation', ['KRAS P.G12C'], { changes: ['KRAS p.G12C'] }],
    [
      'T-Cell Receptor Recognizing the G12D Variant of Mutated RAS in HLA-A*11:01 Patients',
      [],
      { changes: ['G12D Variant of Mutated RAS'], tissueTypes: ['HLA-A*11:01'] },
    ],
    ['KRAS Mutant Antigen Specific TCR-T Cells', [], { changes: [], genes: ['KRAS'] }],
    ['BRAF V600E-mutant melanoma', [], { changes: ['BRAF V600E'], genes: [] }],
    ['Cetuximab in Patients Without KRAS Mutation', [], { changes: [], genes: [] }],
    ['EGFR Mutation-Negative Lung Cancer', [], { genes: [] }],
    ['HER2-negative breast cancer', [], { changes: [], genes: [] }],
    ['JAB-21822 Plus JAB-3312 in Solid Tumors', [], { changes: [], genes: [], tissueTypes: [] }],
    ['Osimertinib in EGFR T790M-Negative NSCLC', [], { changes: [], genes: [] }],
    ['BRAF V600E Wild-type Melanoma', [], { changes: [] }],
    ['NSCLC Without EGFR Mutations or ALK Rearrangements', [], { changes: [], genes: [] }],
    ['Patients Who Met A1C Goals', [], { changes: [], genes: [] }],
    ['Test Kit D3A in Clinics', [], { changes: [], genes: [] }],
    ['Sotorasib in KRAS (G12C) Mutated Cancer', [], { changes: ['KRAS G12C'] }],
    ['KRAS G12C Mutation. Patients Without Brain Metastases', [], { changes: ['KRAS G12C'] }],
    ['Non-squamous Non-small Cell Lung Cancer With KRAS G12C Mutation', [], { changes: ['KRAS G12C'] }],
    ['Cetuximab in Non-KRAS-Mutant Cancer', [], { genes: [] }],
  ])('%s %j → %j', (title, conditions, want) => {
    expect(named(title, conditions)).toMatchObject(want);
  });
  it.each([
    ['RECRUITING', true],
    ['UNKNOWN', true],
    ['COMPLETED', false],
    ['ACTIVE_NOT_RECRUITING', false],
  ])('%s: the reader is told to ask about testing only while the study may take people: %s', (overallStatus, asks) => {
    const t = trial({
      identificationModule: { nctId: 'NCT01234567', briefTitle: 'X in Lung Cancer With KRAS G12C Mutation' },
      statusModule: { overallStatus },
    });
    const said = whoSentences(t).join(' ');
    expect(said).toContain('The record names a gene change: KRAS G12C.');
    expect(said.includes('Ask your doctor whether you have been tested')).toBe(asks);
  });
  it('nothing named, nothing said', () => {
    expect(
      geneSentences(trial({ identificationModule: { nctId: 'NCT01234567', briefTitle: 'A Study' } }), true),
    ).toEqual([]);
  });
});

describe('a title that names a wider group than the conditions (briefTitle, officialTitle, conditions)', () => {
  const who = (briefTitle: string, conditions: string[]) =>
    trial({
      identificationModule: { nctId: 'NCT01234567', briefTitle },
      conditionsModule: { conditions },
      designModule: { studyType: 'INTERVENTIONAL' },
      armsInterventionsModule: {
        armGroups: [{ label: 'A', type: 'EXPERIMENTAL', interventionNames: ['Drug: X'] }],
        interventions: [{ type: 'DRUG', name: 'X' }],
      },
    });
  it('a basket trial under one listed cancer is never "people with" it', () => {
    const t = who('TCR-T Cell Therapy on Advanced Solid Tumors', ['Pancreatic Cancer']);
    const page = [...leadSentences(t), ...whoSentences(t)].join(' ');
    expect(page).not.toMatch(/(?:people with|who have) pancreatic cancer/);
    expect(page).toContain('It is about pancreatic cancer. Its title names a wider group: advanced solid tumors.');
  });
  it.each([
    ['Advanced Solid Tumors', ['Solid Tumor', 'Pancreatic Cancer']],
    ['Pembrolizumab in Pancreatic Cancer', ['Pancreatic Cancer']],
    ['Pegfilgrastim in Patients With Solid Tumors', ['Neutropenia']],
    ['Drug X in Advanced Solid Tumors', ['Cancer']],
    ['Drug X in Hematologic Malignancies, Not Solid Tumors', ['Leukemia']],
  ])('%s with %j: nothing wider', (title, conditions) => {
    expect(conditionPhrase(who(title, conditions)).widerInTitle).toBeUndefined();
  });
});

describe('a study not yet taking people (overallStatus, statusVerifiedDate)', () => {
  const page = (statusVerifiedDate?: string) =>
    createRenderer('md').render(
      trial({
        statusModule: { overallStatus: 'NOT_YET_RECRUITING', ...(statusVerifiedDate ? { statusVerifiedDate } : {}) },
      }),
      { frontMatter: false },
    );
  it.each([
    ['2024-06', 'At its last check, in June 2024, the study had not started to take people yet.'],
    [undefined, 'The study has not started to take people yet. Check back later.'],
  ])('checked %s: "%s"', (verified, want) => expect(page(verified)).toContain(want));
});

describe('a comparison group listing what the studied group lists (armGroups[].interventionNames, description)', () => {
  const view = (comparator: string[], description: string, studied = ['Radiation: Radiosurgery']) =>
    armViews(
      normalize(
        makeStudy({
          designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation: 'RANDOMIZED' } },
          armsInterventionsModule: {
            armGroups: [
              { label: 'Arm 1', type: 'ACTIVE_COMPARATOR', interventionNames: comparator, description },
              { label: 'Arm 2', type: 'EXPERIMENTAL', interventionNames: studied },
            ],
            interventions: [
              // Each group's items come from its interventionNames alone here.
              { type: 'RADIATION', name: 'Radiosurgery', armGroupLabels: [] },
              { type: 'RADIATION', name: 'Whole Brain Radiotherapy', armGroupLabels: [] },
            ],
          },
        }),
      ),
    )[0];
  it.each([
    [['Radiation: Radiosurgery'], 'The WBRT dose will be 30 Gy in 10 fractions.', undefined],
    [['Radiation: Radiosurgery'], 'Radiosurgery at a lower dose.', 'Radiosurgery'],
    [['Radiation: Whole Brain Radiotherapy'], 'The WBRT dose will be 30 Gy.', 'Whole Brain Radiotherapy'],
  ])('lists %j, described %j: the plan lists %s', (names, description, gets) => {
    const v = view(names, description);
    expect(v?.gets).toBe(gets);
    expect(v?.description).toBe(description);
  });
});

describe('a studied group offered observation instead (armGroups[].description, designInfo.allocation)', () => {
  const lead = (description: string, allocation: string) =>
    leadSentences(
      normalize(
        makeStudy({
          designModule: { studyType: 'INTERVENTIONAL', designInfo: { allocation } },
          armsInterventionsModule: {
            armGroups: [
              { label: 'A1', type: 'ACTIVE_COMPARATOR', interventionNames: ['Other: Observation'] },
              { label: 'A2', type: 'EXPERIMENTAL', interventionNames: ['Radiation: EBRT'], description },
            ],
            interventions: [
              { type: 'OTHER', name: 'Observation', armGroupLabels: ['A1'] },
              { type: 'RADIATION', name: 'EBRT', armGroupLabels: ['A2'] },
            ],
          },
        }),
      ),
    )[0];
  it.each([
    [
      'Patients undergo observation or EBRT over 3-5 fractions.',
      'NON_RANDOMIZED',
      'This trial has 2 groups of people.',
    ],
    ['Patients undergo EBRT or observation.', 'RANDOMIZED', 'This trial compares 2 groups of people.'],
    ['Patients undergo EBRT over 3-5 fractions.', 'NON_RANDOMIZED', 'This trial tests EBRT.'],
  ])('%j (%s) → %j', (description, allocation, want) => expect(lead(description, allocation)).toBe(want));
});

describe('enrollment (enrollmentInfo, overallStatus)', () => {
  it.each([
    ['RECRUITING', 'ESTIMATED', 600, 'Plans to include about 600 people'],
    ['UNKNOWN', 'ESTIMATED', 600, 'Plans to include about 600 people'],
    // No longer taking people: the estimate is a plan that was made, not one still under way (NCT03793179).
    ['ACTIVE_NOT_RECRUITING', 'ESTIMATED', 600, 'Planned to include about 600 people'],
    ['SUSPENDED', 'ESTIMATED', 1, 'Planned to include about 1 person'],
    ['COMPLETED', 'ESTIMATED', 600, 'Planned to include about 600 people'],
    ['ACTIVE_NOT_RECRUITING', 'ACTUAL', 1200, '1,200 people joined'],
    ['COMPLETED', 'ACTUAL', 50, '50 people took part'],
    ['WITHDRAWN', 'ACTUAL', 0, 'No one joined'],
  ])('%s, %s %d → %s', (status, type, count, want) => {
    const t = trial({
      statusModule: { overallStatus: status },
      designModule: { studyType: 'INTERVENTIONAL', enrollmentInfo: { count, type } },
    });
    expect(t.enrollment && enrollmentText(t, t.enrollment)).toBe(want);
  });
});

describe('the first step to join goes over a list only where the record gives one (eligibilityCriteria)', () => {
  it.each([
    ['a list of rules', '* Adults\n\nExclusion Criteria:\n* Pregnancy', 'Go over the list of who can and cannot join'],
    [
      'the same words for both lists (NCT06948435)',
      'Inclusion Criteria:\n* Refer to the master protocol\n\nExclusion Criteria:\n* Refer to the master protocol',
      'Ask the study team who can join. The record does not list the rules here.',
    ],
    ['no criteria', undefined, 'Ask the study team who can join. The record does not list the rules here.'],
  ])('%s', (_, eligibilityCriteria, step) => {
    const t = trial({
      statusModule: { overallStatus: 'RECRUITING' },
      eligibilityModule: { minimumAge: '18 Years', ...(eligibilityCriteria ? { eligibilityCriteria } : {}) },
    });
    expect(participate(t, true).steps[0]).toContain(step);
  });
});

describe('Quick facts name what an observational study lists as looked at, not given (interventions[])', () => {
  it.each([
    ['OBSERVATIONAL', '- **Looked at:** Ribavirin (drug)'],
    ['INTERVENTIONAL', '- **Intervention:** Ribavirin (drug)'],
  ])('%s', (studyType, line) => {
    const t = trial({
      designModule: { studyType },
      armsInterventionsModule: { interventions: [{ type: 'DRUG', name: 'Ribavirin' }] },
    });
    expect(createRenderer('md').render(t, { frontMatter: false }).split('\n')).toContain(line);
  });
});

describe('medical names the page says, in plain words (conditions as the lead and who sentences say them)', () => {
  it.each([
    ['It is about hypertension and overweight or obesity.', ['Hypertension']],
    [
      'This study is for adults who have relapsed or refractory multiple myeloma.',
      ['Multiple myeloma', 'Relapsed', 'Refractory'],
    ],
    // "carcinoma" inside "adenocarcinoma" is not the word.
    ['It is about adenocarcinoma of the prostate.', ['Adenocarcinoma']],
    ['This trial tests X in people with non-small-cell lung carcinoma.', ['Non-small cell lung cancer', 'Carcinoma']],
    ['It is about breast cancer.', []],
    ['It is about CNS tumor.', ['CNS']],
    // Capitals only: "cns" in a word is not the abbreviation.
    ['It is about lacunes.', []],
    // Another pressure than blood pressure, another kind of kidney failure, the opposite of spread.
    ['It is about ocular hypertension.', ['Ocular hypertension']],
    ['It is about idiopathic intracranial hypertension.', []],
    ['It is about pulmonary arterial hypertension and hypertension.', ['Hypertension', 'Pulmonary hypertension']],
    ['It is about acute kidney failure.', ['Acute kidney failure']],
    ['It is about chronic kidney failure.', ['Kidney failure']],
    ['It is about non-metastatic castration-resistant prostate cancer.', ['Non-metastatic']],
    ['It is about metastatic breast cancer.', ['Metastases, metastatic']],
    // Another CNS: spelled out before it, or a nurse-led plan.
    ['It is about Crigler-Najjar syndrome (CNS).', []],
    ['This trial tests CNS-led follow-up.', []],
    ['It is about Pre-Eclampsia and NSCLC.', ['Preeclampsia', 'Non-small cell lung cancer']],
  ])('%s → %j', (sentences, terms) => {
    expect(medicalWords(sentences).map((w) => w.term)).toEqual(terms);
  });
  it('every explanation reads at grade 8 or below, as a whole and each sentence on its own', () => {
    // As the page check grades them: sentences of five words or more each, and all together.
    const sentences = ALL_MEDICAL_WORDS.flatMap((w) => w.text.split(/(?<=\.)\s+/));
    expect(gradeSentences(sentences).fleschKincaid).toBeLessThanOrEqual(8);
    for (const { sentence, grade } of hardestSentences(sentences, sentences.length))
      expect(grade, sentence).toBeLessThanOrEqual(8);
  });
  it('a name only the registry text says is not explained; one a generated sentence says is', () => {
    const page = (conditions: string[]) =>
      createRenderer('md').render(
        trial({
          conditionsModule: { conditions },
          descriptionModule: { briefSummary: 'People with hypertension and heart failure.' },
        }),
        { frontMatter: false },
      );
    expect(page(['Hypertension'])).toContain('- **Hypertension:** High blood pressure.');
    expect(page(['Hypertension'])).not.toContain('**Heart failure:**');
    expect(page(['Obesity'])).not.toContain('**Hypertension:**');
  });
});

describe('record text that opens a list item stays text (outcome measures, site names, contacts, citations)', () => {
  it('a measure, a site, a contact and a paper that start like a numbered list do not become one', () => {
    const t = trial({
      statusModule: { overallStatus: 'RECRUITING' },
      outcomesModule: { primaryOutcomes: [{ measure: '1. Provide real world data', timeFrame: '3 years' }] },
      contactsLocationsModule: {
        centralContacts: [{ name: '2. Trial desk', phone: '617-555-0100' }],
        locations: [{ facility: '3. Clinic', city: 'Oslo', country: 'Norway' }],
      },
      referencesModule: { references: [{ pmid: '123', type: 'RESULT', citation: '4. Smith J. A paper. 2024.' }] },
    });
    const page = createRenderer('md').render(t, { frontMatter: false });
    const html = marked.parse(page, { async: false });
    // The page's own numbered steps are an ordered list; none may open inside a list item.
    expect(html).not.toMatch(/<li>\s*<ol/);
    for (const text of ['1. Provide real world data', '2. Trial desk', '3. Clinic', '4. Smith J.'])
      expect(html).toContain(text);
  });
});
