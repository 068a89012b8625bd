import type { Arm, Intervention, Trial } from '../model/trial.js';
import { joinWords, plural, stripBullet } from '../model/text.js';

// What each intervention is in the study, from the arms that get it — never from its
// position in the list. The thing tested is what the experimental arms get and the others
// do not; a placebo, sham or vehicle is a comparison; what every arm gets is a shared
// background; tests and measurements (scans, samples, questionnaires) are neither.

const PLACEBO_NAME = /\b(?:placebos?|sham|dummy|vehicle)\b/i;
const MEASUREMENT_NAME = new RegExp(
  'biospecimen|specimen|sample collection|blood (?:draw|test|sample)|questionnaire|survey|interview|' +
    String.raw`imaging|tomography|\bCT\b|\bMRI\b|magnetic resonance|\bPET\b|\bscans?\b|echocardiograph|x-ray|` +
    String.raw`ultrasound|biopsy|sequencing|spirometry|laboratory|\blab\b|assessment|observation|electrocardiogra|` +
    String.raw`\bECG\b|\bEKG\b|quality[- ]of[- ]life|pharmacokinetic|genotyping|testing`,
  'i',
);
// A scan that guides a treatment is the treatment: "Ultrasound-guided erector spinae plane block".
const TREATS = new RegExp(
  String.raw`\b\w+[- ]guided\b|\b(?:block|ablation|injections?|surgery|therapy|resection|implant\w*|infusion|` +
    String.raw`radiation|radiotherapy|stents?|stenting|embolization|drainage)\b`,
  'i',
);
const COMPARATOR_ARM = new Set(['PLACEBO_COMPARATOR', 'SHAM_COMPARATOR', 'NO_INTERVENTION', 'ACTIVE_COMPARATOR']);

export const isPlaceboLike = (i: Pick<Intervention, 'name'>) => PLACEBO_NAME.test(i.name);

// Given first to prepare the body (lymphodepleting chemotherapy before a cell therapy, a premedication). The
// purpose must be the item's own and said right after the verb ("is used for lymphodepletion", "Given as
// lymphodepleting chemotherapy", "Premedication: …"): "infused after lymphodepletion" describes the treatment
// itself, and "remote ischemic conditioning" is a treatment. Or every day the description names is before
// day 0 ("Days -7 to -3: …", "Given IV on days -5 to -3"); "Day-1" (day 1) and "Days -3 to 28" are not.
const PURPOSE = String.raw`(?:lympho-?depleti\w*|(?:pre-?)?conditioning (?:chemotherapy|regimen)|pre-?medicat\w*)`;
const PREPARES = new RegExp(
  String.raw`\b(?:used|given|administered|infused) (?:for|as) (?:an? |the )?${PURPOSE}|^\s*${PURPOSE}\s*:`,
  'i',
);
const PREPARES_NAME = new RegExp(String.raw`\b${PURPOSE}`, 'i');
const DAY = /\bdays?\s+(-?)\s*\d+(?:\s*(?:to|and|through|–|-)\s*(?:days?\s+)?(-?)\s*(\d+))?/gi;

/** The text names a day, and every day it names (both ends of a range) is before day 0. */
function onlyBeforeDayZero(text: string): boolean {
  const days = [...text.matchAll(DAY)];
  return days.length > 0 && days.every(([, from, to, end]) => from === '-' && (end === undefined || to === '-'));
}

// Given after a cell therapy, to support it (interleukin-2 after the cells): its description times it from the
// cell infusion ("beginning within 24 hours of cell infusion", "after the CAR T-cell infusion"). Set apart only
// beside a cell product that is tested, and never when the title names it: a drug to prevent cytokine release
// after CAR-T cells, or cyclophosphamide after a transplant, may be what the trial tests.
const AFTER_CELLS = new RegExp(
  String.raw`\b(?:after|following|post-?|within \d+\s*(?:hours?|hrs?|days?) (?:of|after))\s*(?:the\s+)?` +
    String.raw`(?:CAR[- ]?T(?:[- ]?cells?)?|T[- ]?cells?|TILs?|lymphocytes?|cells?)\s+(?:infusion|transfer)`,
  'i',
);
const CELL_NAME = /\bcells?\b|\bCAR[- ]?T|\bTILs?\b|leucel\b|lymphocyte|\bPBLs?\b|\bm?TCR\b/i;

/** A cell therapy: genetic, or named as cells (CAR-T, TIL, "-leucel", transduced lymphocytes). */
const isCellProduct = (i: Pick<Intervention, 'name' | 'type'>) => i.type?.code === 'GENETIC' || CELL_NAME.test(i.name);

export const isAfterCells = (i: Pick<Intervention, 'name' | 'description' | 'type'>) =>
  !isCellProduct(i) && AFTER_CELLS.test(i.description ?? '');

export const isPreparation = (i: Pick<Intervention, 'name' | 'description'>) =>
  PREPARES_NAME.test(i.name) || PREPARES.test(i.description ?? '') || onlyBeforeDayZero(i.description ?? '');

/** Scans, samples, questionnaires, diagnostic tests: measured, not given as treatment. */
export function isMeasurement(i: Intervention): boolean {
  const type = i.type?.code;
  if (type === 'DIAGNOSTIC_TEST') return true;
  return (
    (type === 'PROCEDURE' || type === 'OTHER' || type === undefined) &&
    MEASUREMENT_NAME.test(i.name) &&
    !TREATS.test(i.name) &&
    !WATCHING.test(i.name)
  );
}
// Watching in place of treatment is a choice of care, not a check-up (NCT06388018: "Clinical Observation", "Undergo
// observation", beside radiation in the other cohorts).
export const WATCHING =
  /^\W*(?:clinical\s+)?observation\W*$|\bwatchful waiting\b|\bactive (?:surveillance|monitoring)\b/i;

/** "Drug: Placebo" → "placebo", for matching an arm's list to the interventions. */
function armKey(name: string): string {
  return stripBullet(name.replace(/^[A-Za-z ]{2,30}:\s*/, '').trim()).toLowerCase();
}

export function armGets(arm: Arm, trial: Pick<Trial, 'interventions'>): Intervention[] {
  const keys = new Set(arm.interventions.map(armKey));
  const label = arm.label.toLowerCase();
  return trial.interventions.filter(
    (i) => keys.has(i.name.toLowerCase()) || i.arms.some((a) => a.toLowerCase() === label),
  );
}

export interface Roles {
  /** What the study tests (empty when arms differ in something the record does not name). */
  tested: Intervention[];
  /** Given in every arm, alongside what is tested. */
  shared: Intervention[];
  /** Treatments already in use, given to comparison arms. */
  usual: Intervention[];
  /** Given first to prepare the body for what is tested (never itself "tested"). */
  preparation: Intervention[];
  /** Given after a cell therapy, timed from the cell infusion (never itself "tested"). */
  afterCells: Intervention[];
  /** Each experimental group gets its own tested item: they are compared with each other. */
  alternatives: boolean;
  placebo: boolean;
  /** An arm typed placebo comparator (a placebo may also be one item of an active comparator's list). */
  placeboArm: boolean;
  sham: boolean;
  noIntervention: boolean;
  /** Arms to compare when no arm is marked experimental (e.g. two usual treatments). */
  comparedArms: number;
  measurements: Intervention[];
}

const OBSERVATION_OR = /\bobservation\s+or\b|\bor\s+(?:clinical\s+)?observation\b/i;

export function rolesOf(
  t: Pick<Trial, 'arms' | 'interventions'> & Partial<Pick<Trial, 'briefTitle' | 'officialTitle'>>,
): Roles {
  const measurements = t.interventions.filter(isMeasurement);
  const title = `${t.briefTitle ?? ''}\n${t.officialTitle ?? ''}`;
  const treatment = (i: Intervention) => !isMeasurement(i) && !isPlaceboLike(i);
  const armTypes = new Set(t.arms.map((a) => a.type?.code));
  const placebo =
    armTypes.has('PLACEBO_COMPARATOR') || t.interventions.some((i) => /placebo|dummy|vehicle/i.test(i.name));
  const sham = armTypes.has('SHAM_COMPARATOR') || t.interventions.some((i) => /\bsham\b/i.test(i.name));
  const noIntervention = armTypes.has('NO_INTERVENTION');
  // A placebo arm of its own: only then is the placebo given "in place of" what is tested.
  const placeboArm = armTypes.has('PLACEBO_COMPARATOR');
  const base = { placebo, placeboArm, sham, noIntervention, measurements };

  const withGets = t.arms.map((arm) => ({ arm, gets: armGets(arm, t) }));
  if (withGets.every((a) => a.gets.length === 0)) {
    // No arms (or arms that name nothing): every treatment-like intervention is what is studied.
    return {
      ...base,
      ...apart(t.interventions.filter(treatment), title),
      shared: [],
      usual: [],
      alternatives: false,
      comparedArms: 0,
    };
  }
  let studied = withGets.filter((a) => a.arm.type?.code === 'EXPERIMENTAL');
  if (studied.length === 0) studied = withGets.filter((a) => !COMPARATOR_ARM.has(a.arm.type?.code ?? ''));
  if (studied.length === 0 && (placebo || sham || noIntervention))
    studied = withGets.filter((a) => a.arm.type?.code === 'ACTIVE_COMPARATOR');
  // Studied groups whose own description offers observation instead ("undergo observation or EBRT and/or vaginal
  // brachytherapy", NCT06388018): their treatment is a choice, not what every one of them is given to test.
  const optional = studied.length > 0 && studied.every((a) => OBSERVATION_OR.test(a.arm.description ?? ''));
  if (studied.length === 0 || optional) {
    // Only usual treatments compared with each other: nothing is "the new treatment".
    const usual = unique(withGets.flatMap((a) => a.gets).filter(treatment));
    return {
      ...base,
      tested: [],
      preparation: [],
      afterCells: [],
      shared: [],
      usual,
      alternatives: false,
      comparedArms: withGets.length,
    };
  }
  const others = withGets.filter((a) => !studied.includes(a) && a.gets.length > 0);
  // Every arm, including one that lists nothing (no intervention): else "every group" would be false for it.
  const inEvery = (i: Intervention) => withGets.length > 1 && withGets.every((a) => a.gets.includes(i));
  const treatments = unique(studied.flatMap((a) => a.gets)).filter(treatment);
  // Studied groups that get only tests (a screening test against usual care): the test is what is studied, when
  // the other groups do not get it.
  const othersExist = withGets.length > studied.length;
  const studiedItems = treatments.length
    ? treatments
    : othersExist
      ? unique(studied.flatMap((a) => a.gets)).filter((i) => !isPlaceboLike(i))
      : [];
  // What a comparison group also gets is never "tested"; what only some groups get is left to the group list.
  const differing = studiedItems.filter((i) => !inEvery(i) && !others.some((a) => a.gets.includes(i)));
  // Studied groups that all get the same (dose levels): that is what is tested.
  const same = others.length === 0 && differing.length === 0;
  const tested = same ? studiedItems : differing;
  const shared = same ? [] : studiedItems.filter(inEvery);
  // Experimental groups that each get exactly one item of their own (MeziVd against PVd): compared, so that
  // "each group gets one of them" holds, not all tested together.
  const alternatives =
    others.length === 0 &&
    studied.length > 1 &&
    !same &&
    studied.every((a) => a.gets.filter((i) => differing.includes(i)).length === 1);
  const usual = unique(
    others
      .filter((a) => a.arm.type?.code === 'ACTIVE_COMPARATOR')
      .flatMap((a) => a.gets)
      .filter((i) => treatment(i) && !studiedItems.includes(i)),
  );
  const comparedArms = tested.length === 0 ? withGets.length : 0;
  const roles = alternatives ? { tested, preparation: [], afterCells: [] } : apart(tested, title);
  return { ...base, ...roles, shared, usual, alternatives, comparedArms };
}

/**
 * What prepares the body, and what is given after the cells, are set apart from what is tested, unless that
 * leaves nothing tested. What follows the cells is set apart only beside a tested cell product, and never when the
 * title names it.
 */
function apart(tested: Intervention[], title = ''): Pick<Roles, 'tested' | 'preparation' | 'afterCells'> {
  const preparation = tested.filter(isPreparation);
  const others = tested.filter((i) => !preparation.includes(i));
  const named = (i: Intervention) => title.toLowerCase().includes(i.name.toLowerCase());
  const afterCells = others.some(isCellProduct) ? others.filter((i) => isAfterCells(i) && !named(i)) : [];
  const rest = others.filter((i) => !afterCells.includes(i));
  // A cell product is never in afterCells, so only a list of preparation alone leaves nothing.
  if (rest.length === 0) return { tested, preparation: [], afterCells: [] };
  return { tested: rest, preparation, afterCells };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

const PRODUCT_TYPES = new Set(['DRUG', 'BIOLOGICAL', 'COMBINATION_PRODUCT', 'GENETIC', 'DIETARY_SUPPLEMENT', 'DEVICE']);

/**
 * "pembrolizumab (Keytruda)": the registry's name with its first other name that is a name, not a code: a code
 * may be another product's ("Pembrolizumab (BCD-201)" is a biosimilar), and a biosimilar has no brand name here.
 */
export function interventionName(i: Intervention): string {
  if (i.otherNames.some((n) => /biosimilar/i.test(n))) return i.name;
  // Brand names are for products: a procedure's or a radiation's other names are aliases ("Definitive Radiation
  // Therapy" for one used after surgery). A name that starts in lower case is a synonym or a code ("dFdCyd").
  if (i.type && !PRODUCT_TYPES.has(i.type.code)) return i.name;
  // More than five other names is a thesaurus list in alphabetical order ("Blastocarb" first of carboplatin's 20),
  // not the registrant's pick of a name people know: none is said.
  if (i.otherNames.length > 5) return i.name;
  const other = i.otherNames.find(
    (n) =>
      // A spelling of the same name ("Genestein" for genistein) is no other name.
      !nearlySame(n.toLowerCase(), i.name.toLowerCase()) &&
      n.length <= 40 &&
      !/\d/.test(n) &&
      !/^[a-z]/.test(n) &&
      // An acronym ("MTA" for pemetrexed) is no brand name either, nor a class, a salt or a form
      // ("Multitargeted Antifolate", "… Hydrochloride", "Triamcenolone in orabase").
      !/^[A-Z]{2,6}$/.test(n) &&
      !NOT_A_NAME.test(n),
  );
  return other ? `${i.name} (${other})` : i.name;
}

const NOT_A_NAME = new RegExp(
  String.raw`\b(?:hydrochloride|hcl|sodium|disodium|acid|salt|antifolate|inhibitor|agent|analog(?:ue)?|` +
    String.raw`in orabase|ointment|cream|gel|paste|tablets?|capsules?|injection|solution)\b`,
  'i',
);

/** Equal, or one edit apart (a letter changed, added or dropped), for names of five letters or more. */
function nearlySame(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return (prev[b.length] ?? 0) <= 1;
}

/** "A, B, C and 2 more" (never "and 1 more": that one is named), kept apart as joinNames keeps them. */
export function namesUpTo(names: readonly string[], max: number): string {
  const unique = [...new Set(names)];
  const more = unique.length - max;
  return joinNames(more > 1 ? [...unique.slice(0, max), plural(more, 'more', 'more')] : unique);
}

/**
 * "A, B and C"; where a name is itself a list ("B12 and iron", "carboplatin, cisplatin or …"), each is kept whole
 * by semicolons: "B12; B12 and iron; and B12 and D3".
 */
export function joinNames(names: readonly string[]): string {
  const listy = names.length > 1 && names.some((n) => /,|\+|\s(?:and|or|plus)\s/i.test(n));
  if (!listy) return joinWords(names);
  // Two are "A; B": "A; and B" would read as a list of three.
  return names.length === 2 ? names.join('; ') : `${names.slice(0, -1).join('; ')}; and ${names.at(-1)}`;
}
