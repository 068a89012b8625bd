import type { ParsedCriteria } from '../criteria/parse.js';
import type { Age } from './ages.js';
import type { TrialDate } from './dates.js';
import type { Coded } from './labels.js';

// The normalized model: plain text (registry escapes undone), enum codes with labels.
// `trialcard fetch --format json` prints exactly this shape; field names are stable.

export interface Site {
  facility?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** The registry's country name, as written ("Korea, Republic of"). */
  country?: string;
  status?: Coded;
  /** The registry's own coordinates for the site's city, when it gives them. */
  geo?: { lat: number; lon: number };
  contacts: Contact[];
}

export interface Contact {
  name?: string;
  role?: Coded;
  phone?: string;
  email?: string;
}

export interface Intervention {
  type?: Coded;
  name: string;
  description?: string;
  otherNames: string[];
  /** Labels of the arms/groups that get it. */
  arms: string[];
}

export interface Arm {
  label: string;
  type?: Coded;
  description?: string;
  /** As the registry writes them: "Drug: Placebo". */
  interventions: string[];
}

export interface Outcome {
  measure: string;
  description?: string;
  timeFrame?: string;
}

export interface Trial {
  nctId: string;
  /** Other NCT IDs the registry lists as aliases of this record. */
  aliases: string[];
  url: string;
  briefTitle: string;
  officialTitle?: string;
  acronym?: string;
  status?: Coded & { lastKnown?: Coded; whyStopped?: string; verified?: TrialDate };
  studyType?: Coded;
  /** Empty for observational studies; label "Phase 1/2" for combined phases. */
  phases: { codes: string[]; label?: string };
  design: {
    allocation?: Coded;
    interventionModel?: Coded;
    primaryPurpose?: Coded;
    observationalModel?: Coded;
    masking?: Coded;
    whoMasked: Coded[];
    /** The design's own text says open label or unblinded (for some or all): the masking code is then not said. */
    openLabelInText?: true;
    /** The registry's own words on masking ("… will not be aware of the allocation … prior to resection"). */
    maskingDescription?: string;
    timePerspective?: Coded;
  };
  enrollment?: { count: number; kind: 'actual' | 'estimated' | 'unspecified' };
  /** Samples the study keeps (`designModule.bioSpec`): whether they hold DNA, and the registry's words on them. */
  samples?: { retention?: Coded; description?: string };
  ages: { min?: Age; max?: Age; label: string; groups: Coded[] };
  sex?: Coded;
  healthyVolunteers?: boolean;
  sponsor?: { name: string; class?: Coded };
  collaborators: { name: string; class?: Coded }[];
  interventions: Intervention[];
  arms: Arm[];
  conditions: string[];
  /**
   * MeSH terms the registry matched to the conditions (`derivedSection`); absent when the
   * saved record has no derived section. `found` is the condition text each match was found in.
   */
  conditionMesh?: { terms: string[]; found: string[] };
  keywords: string[];
  summary?: string;
  description?: string;
  eligibility: ParsedCriteria;
  /** Observational studies: who is in the study, as the registry describes them. */
  studyPopulation?: string;
  outcomes: { primary: Outcome[]; secondary: Outcome[]; other: Outcome[] };
  sites: { count: number; list: Site[]; countries: string[]; summary?: string };
  contacts: Contact[];
  officials: { name: string; affiliation?: string; role?: Coded }[];
  /** Who answers for the study in the registry (sponsorCollaboratorsModule.responsibleParty). */
  responsibleParty?: { type?: Coded; name?: string; affiliation?: string };
  dates: {
    start?: TrialDate;
    primaryCompletion?: TrialDate;
    completion?: TrialDate;
    firstPosted?: TrialDate;
    lastUpdated?: TrialDate;
  };
  hasResults: boolean;
  /**
   * Papers about this study (`referencesModule`): "result" where the study team lists it as reporting the results,
   * "derived" where PubMed links it to the study by its NCT ID. Background reading is left out.
   */
  publications: { kind: 'result' | 'derived'; citation: string; pmid?: string }[];
  /** The record links a way to get a treatment outside a trial (statusModule.expandedAccessInfo). */
  expandedAccess?: { nctId?: string; status?: Coded };
}
