import { humanizeEnum } from './text.js';

// Plain labels for every enum trialcard shows. Unknown values are rendered readably by
// `label()` and reported once through the warning sink, since the registry adds values.
export const LABELS = {
  Status: {
    ACTIVE_NOT_RECRUITING: 'Active, not recruiting',
    COMPLETED: 'Completed',
    ENROLLING_BY_INVITATION: 'Enrolling by invitation',
    NOT_YET_RECRUITING: 'Not yet recruiting',
    RECRUITING: 'Recruiting',
    SUSPENDED: 'Suspended',
    TERMINATED: 'Terminated',
    WITHDRAWN: 'Withdrawn',
    AVAILABLE: 'Available',
    NO_LONGER_AVAILABLE: 'No longer available',
    TEMPORARILY_NOT_AVAILABLE: 'Temporarily not available',
    APPROVED_FOR_MARKETING: 'Approved for marketing',
    WITHHELD: 'Withheld',
    UNKNOWN: 'Unknown status',
  },
  ResponsiblePartyType: {
    SPONSOR: 'Sponsor',
    PRINCIPAL_INVESTIGATOR: 'Principal investigator',
    SPONSOR_INVESTIGATOR: 'Sponsor-investigator',
  },
  ExpandedAccessStatus: {
    AVAILABLE: 'Available',
    NO_LONGER_AVAILABLE: 'No longer available',
    TEMPORARILY_NOT_AVAILABLE: 'Temporarily not available',
    APPROVED_FOR_MARKETING: 'Approved for marketing',
  },
  StudyType: {
    INTERVENTIONAL: 'Interventional (clinical trial)',
    OBSERVATIONAL: 'Observational',
    EXPANDED_ACCESS: 'Expanded access',
  },
  Phase: {
    NA: 'Not applicable',
    EARLY_PHASE1: 'Early Phase 1',
    PHASE1: 'Phase 1',
    PHASE2: 'Phase 2',
    PHASE3: 'Phase 3',
    PHASE4: 'Phase 4',
  },
  Sex: { ALL: 'All', FEMALE: 'Female', MALE: 'Male' },
  StandardAge: { CHILD: 'Child', ADULT: 'Adult', OLDER_ADULT: 'Older adult' },
  DateType: { ACTUAL: 'actual', ESTIMATED: 'estimated' },
  DesignAllocation: { RANDOMIZED: 'Randomized', NON_RANDOMIZED: 'Not randomized', NA: 'Not applicable' },
  InterventionalAssignment: {
    SINGLE_GROUP: 'Single group',
    PARALLEL: 'Parallel groups',
    CROSSOVER: 'Crossover',
    FACTORIAL: 'Factorial',
    SEQUENTIAL: 'Sequential groups',
  },
  PrimaryPurpose: {
    TREATMENT: 'Treatment',
    PREVENTION: 'Prevention',
    DIAGNOSTIC: 'Diagnosis',
    ECT: 'Testing how a treatment works in the body',
    SUPPORTIVE_CARE: 'Supportive care',
    SCREENING: 'Screening',
    HEALTH_SERVICES_RESEARCH: 'Health services research',
    BASIC_SCIENCE: 'Basic science',
    DEVICE_FEASIBILITY: 'Device feasibility',
    OTHER: 'Other',
  },
  ObservationalModel: {
    COHORT: 'Cohort',
    CASE_CONTROL: 'Case-control',
    CASE_ONLY: 'Case-only',
    CASE_CROSSOVER: 'Case-crossover',
    ECOLOGIC_OR_COMMUNITY: 'Ecologic or community',
    FAMILY_BASED: 'Family-based',
    DEFINED_POPULATION: 'Defined population',
    NATURAL_HISTORY: 'Natural history',
    OTHER: 'Other',
  },
  DesignTimePerspective: {
    RETROSPECTIVE: 'Looks back in time',
    PROSPECTIVE: 'Looks forward in time',
    CROSS_SECTIONAL: 'One point in time',
    OTHER: 'Other',
  },
  BioSpecRetention: {
    NONE_RETAINED: 'None kept',
    SAMPLES_WITH_DNA: 'Samples with DNA',
    SAMPLES_WITHOUT_DNA: 'Samples without DNA',
  },
  DesignMasking: {
    NONE: 'None (open label)',
    SINGLE: 'Single blind',
    DOUBLE: 'Double blind',
    TRIPLE: 'Triple blind',
    QUADRUPLE: 'Quadruple blind',
  },
  WhoMasked: {
    PARTICIPANT: 'participant',
    CARE_PROVIDER: 'care provider',
    INVESTIGATOR: 'investigator',
    OUTCOMES_ASSESSOR: 'outcomes assessor',
  },
  ArmGroupType: {
    EXPERIMENTAL: 'Experimental',
    ACTIVE_COMPARATOR: 'Active comparator',
    PLACEBO_COMPARATOR: 'Placebo comparator',
    SHAM_COMPARATOR: 'Sham comparator',
    NO_INTERVENTION: 'No intervention',
    OTHER: 'Other',
  },
  InterventionType: {
    BEHAVIORAL: 'Behavioral',
    BIOLOGICAL: 'Biological',
    COMBINATION_PRODUCT: 'Combination product',
    DEVICE: 'Device',
    DIAGNOSTIC_TEST: 'Diagnostic test',
    DIETARY_SUPPLEMENT: 'Dietary supplement',
    DRUG: 'Drug',
    GENETIC: 'Genetic',
    PROCEDURE: 'Procedure',
    RADIATION: 'Radiation',
    OTHER: 'Other',
  },
  AgencyClass: {
    NIH: 'US National Institutes of Health',
    FED: 'US federal agency',
    OTHER_GOV: 'Government agency',
    INDIV: 'Individual',
    INDUSTRY: 'Company',
    NETWORK: 'Research network',
    AMBIG: 'Unclear',
    OTHER: 'Hospital, university or other organization',
    UNKNOWN: 'Unknown',
  },
  ContactRole: {
    STUDY_CHAIR: 'Study chair',
    STUDY_DIRECTOR: 'Study director',
    PRINCIPAL_INVESTIGATOR: 'Lead researcher',
    SUB_INVESTIGATOR: 'Researcher',
    CONTACT: 'Contact',
  },
  OfficialRole: {
    STUDY_CHAIR: 'Study chair',
    STUDY_DIRECTOR: 'Study director',
    PRINCIPAL_INVESTIGATOR: 'Lead researcher',
    SUB_INVESTIGATOR: 'Researcher',
  },
  RecruitmentStatus: {
    ACTIVE_NOT_RECRUITING: 'Active, not recruiting',
    COMPLETED: 'Completed',
    ENROLLING_BY_INVITATION: 'Enrolling by invitation',
    NOT_YET_RECRUITING: 'Not yet recruiting',
    RECRUITING: 'Recruiting',
    SUSPENDED: 'Suspended',
    TERMINATED: 'Terminated',
    WITHDRAWN: 'Withdrawn',
    AVAILABLE: 'Available',
  },
} as const satisfies Record<string, Record<string, string>>;

export type EnumType = keyof typeof LABELS;

/** A coded value with its plain label; `known` is false for values the spec does not list. */
export interface Coded {
  code: string;
  label: string;
  known: boolean;
}

/** Collects warnings for unknown values; the caller prints each distinct one once. */
export type WarningSink = (message: string) => void;

/** A date's or an enrollment's type (DateType): "actual", "estimated", or unknown. */
export function actualOrEstimated(code: string | undefined): 'actual' | 'estimated' | undefined {
  return code === 'ACTUAL' || code === 'ESTIMATED' ? LABELS.DateType[code] : undefined;
}

export function label(type: EnumType, code: string, warn?: WarningSink): Coded {
  const table: Record<string, string> = LABELS[type];
  const known = Object.hasOwn(table, code);
  if (!known) warn?.(`unknown ${type} value ${JSON.stringify(code)}; shown as "${humanizeEnum(code)}"`);
  return { code, label: known ? (table[code] as string) : humanizeEnum(code), known };
}
