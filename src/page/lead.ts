import { joinWords, plural } from '../model/text.js';
import type { Intervention, Trial } from '../model/trial.js';
import { aboutList, conditionPhrase, widerSentence } from './conditions.js';
import { armGets, interventionName, namesUpTo, isMeasurement, isPlaceboLike, rolesOf } from './roles.js';
import { byTense, isWithdrawn, looksBack, plannedEndPassed } from './situation.js';
import { byChance, seenOnce } from './study.js';
import { mayJoinWithout, onlyHealthyInText, peopleOf } from './who.js';

// The lead sentence, from study type, purpose, phase, arms, intervention types, primary
// outcomes and the conditions. A goal ("to find the right dose", "to see if it is safe",
// "to see if it helps", "how the immune system responds to it") is named only when the primary
// outcomes measure it.

const DOSE = new RegExp(
  String.raw`maximum tolerated|\bMTD\b|\bRP2D\b|recommended phase[- ]?(?:2|II)|dose[- ]limiting|\bDLTs?\b|` +
    '(?:optimal|recommended|right|best) dose|dose[- ](?:finding|escalation|selection)|' +
    'select (?:the )?optimal dose',
  'i',
);
// Said only where the whole measure is about the dose: "dose-limiting" or "MTD" in a later phase is a safety check.
const DOSE_CHOICE = /(?:select|find|choose|determine) (?:the )?(?:optimal|recommended|right|best) dose/i;
// A vaccine's antibodies are how the body responds to it, not whether it "helps" ("neutralizing antibody response"
// is no response to treatment). Only in a vaccine study: elsewhere antibodies are a drug ("antibody-drug
// conjugate"), a transplant's rejection ("donor-specific antibodies") or an infection ("HIV seroconversion").
const IMMUNE = new RegExp(
  String.raw`(?:immunogenicity|antibod(?:y|ies)|\bnAbs?\b|\btit(?:er|re)s?\b|\bGMTs?\b|\bGMCs?\b|immune|humoral|` +
    String.raw`seroconver\w*|serorespon\w*|seroprotect\w*|neutrali[sz]\w*)(?:\s+responses?)?`,
  'i',
);
const EVERY_IMMUNE = new RegExp(IMMUNE.source, 'gi');
const VACCINE = /\bvaccin|\bimmuni[sz]ation/i;
const SAFETY = /adverse|side[- ]effects?|\bsafety\b|toxicit|tolerab|\bTEAEs?\b|\bAEs\b|\bSAEs?\b/i;
const WORKS = new RegExp(
  String.raw`response|survival|progression|recurren|remission|relapse|efficacy|improv|reduc|healing|heal\b|cure|` +
    String.raw`change (?:from|in)|time to|incidence|occurrence|\bscore\b|symptoms?|control|rate of|exacerbation|` +
    String.raw`event|lesion|\bpain\b`,
  'i',
);
// A harms phrase and what leads into it ("Incidence and severity of treatment-emergent adverse events", "Time to
// first AE", "Change from baseline in safety laboratory values"): taken out of a measure before it is read for an
// aim of helping, so the harms' own words ("incidence", "events", "change from") are not read as one. Only whole
// phrases: "Major Adverse Cardiovascular Events" is no harms phrase, and its "events" still count. A lead-in never
// reaches past "and", "or" or a comma: "Incidence of GVHD and mortality (safety)" keeps its "incidence".
const MEASURE = `incidence|occurrence|number|percentage|proportion|rate|frequency|severity|type|grade`;
const HARMS = new RegExp(
  String.raw`(?:\b(?:${MEASURE}|change from baseline|time to)(?:\s+(?:and|or)\s+(?:${MEASURE}))*\b` +
    String.raw`(?:(?!\b(?:and|or)\b)[^.;,\n]){0,60}?)?` +
    String.raw`(?:\b(?:serious|severe|treatment[- ](?:emergent|related)|drug[- ]related|immune[- ]related)\s+)*` +
    String.raw`(?:\badverse\s+(?:drug\s+)?(?:events?|reactions?|effects?|experiences?)\b|\bside[- ]effects?\b|` +
    String.raw`\bdose[- ]limiting\s+toxicit(?:y|ies)\b|\btoxicit(?:y|ies)\b|\btolerab\w*|` +
    String.raw`\bsafety(?:\s+(?:laboratory|lab)\s+\w+)?\b|\b(?:TE)?AEs?\b|\bSAEs?\b|\bDLTs?\b)`,
  'gi',
);
const WORKS_PURPOSES = new Set(['TREATMENT', 'PREVENTION', 'SUPPORTIVE_CARE']);
const NEUTRAL_PURPOSES = new Set(['BASIC_SCIENCE', 'HEALTH_SERVICES_RESEARCH', 'DEVICE_FEASIBILITY', 'ECT', 'OTHER']);

export interface Goals {
  dose: boolean;
  safety: boolean;
  works: boolean;
  immune: boolean;
}

/** Which goal phrases the primary outcomes support. */
export function goalsOf(
  t: Pick<Trial, 'outcomes' | 'phases' | 'design' | 'interventions' | 'briefTitle' | 'officialTitle'>,
): Goals {
  const measures = t.outcomes.primary.map((o) => o.measure).join('\n');
  // Each measure apart: a harms measure's words are taken out of it only.
  const besidesSafety = t.outcomes.primary.map((o) => o.measure.replace(HARMS, '')).join('\n');
  const vaccine = [t.briefTitle, t.officialTitle, ...t.interventions.map((i) => i.name)].some((x) =>
    VACCINE.test(x ?? ''),
  );
  const immune = vaccine && IMMUNE.test(measures);
  const early = t.phases.codes.some((c) => c === 'PHASE1' || c === 'EARLY_PHASE1');
  const purpose = t.design.primaryPurpose?.code;
  return {
    dose: (early && DOSE.test(measures)) || DOSE_CHOICE.test(measures),
    safety: SAFETY.test(measures),
    works:
      (purpose === undefined || WORKS_PURPOSES.has(purpose)) &&
      WORKS.test(immune ? besidesSafety.replace(EVERY_IMMUNE, '') : besidesSafety),
    immune,
  };
}

/** `many`: what is tested is more than one name ("Dostarlimab and Belrestotug … to see if they help"). */
function goalPhrase(g: Goals, past: boolean, many = false): string {
  const [it, is, helps] = many ? ['they', past ? 'were' : 'are', 'help'] : ['it', past ? 'was' : 'is', 'helps'];
  const parts = [
    g.safety ? `if ${it} ${is} safe` : '',
    g.works ? `if ${it} ${past ? 'helped' : helps}` : '',
    g.immune ? `how the immune system ${past ? 'responded' : 'responds'} to ${many ? 'them' : 'it'}` : '',
  ].filter(Boolean);
  const see = parts.length ? `to see ${joinWords(parts)}` : '';
  // "to see if it is safe and if it helps, and to find the right dose": the comma keeps the two aims apart.
  if (g.dose)
    return see ? ` ${see}${parts.length > 1 ? ',' : ''} and to find the right dose` : ' to find the right dose';
  return see ? ` ${see}` : '';
}

/** The lead can say "people with A": one illness, and nobody without it may join. */
function oneIllness(t: Trial): boolean {
  const c = conditionPhrase(t);
  return !c.healthyOnly && !c.leftOut && !mayJoinWithout(t) && c.illnesses.length === 1;
}

/**
 * "people with thyroid cancer", "healthy adults"; else who, from ages and sex: "children", "women", "people aged 12
 * to 24 years", "people" (a vaccine study for children is "in children", not "in people").
 */
export function whoPhrase(t: Trial): string {
  const c = conditionPhrase(t);
  if (c.healthyOnly || onlyHealthyInText(t)) return `healthy ${peopleOf(t)}`;
  // People without the illness may join (a vaccine study, a group of healthy controls): "people with" is false.
  if (oneIllness(t)) return `people with ${c.illnesses[0]}`;
  const people = peopleOf(t);
  const ranged = t.ages.label !== 'any age' && t.ages.label !== 'not given';
  return people === 'people' && ranged ? `people aged ${t.ages.label}` : people;
}

/** " in women"; nothing for bare "people", which says no more than the sentence without it. */
const inWho = (who: string) => (who === 'people' ? '' : ` in ${who}`);

/** "It is about A and B.": where the lead could not say "people with A" (several illnesses, or healthy people). */
function aboutSentence(t: Trial, v: (a: string, b: string, c: string) => string): string | undefined {
  const c = conditionPhrase(t);
  if (c.healthyOnly || oneIllness(t)) return undefined;
  const about = aboutList(c.illnesses);
  return about ? `It ${v('is', 'was', 'was')} about ${about}.${widerSentence(c)}` : undefined;
}

// "Candidate vaccine, SCB-2019": one comma and no "and"/"or" is one name in two parts, not a list of two. Quoted,
// so that in a sentence it is not read as two things ("tests candidate vaccine, SCB-2019 in children").
const oneName = (n: string) => (/^[^,]+,[^,]+$/.test(n) && !/\s(?:and|or|plus)\s/i.test(n) ? `“${n}”` : n);

const names = (items: Intervention[], max = 3): string => namesUpTo(items.map(interventionName).map(oneName), max);

/**
 * An unknown status whose planned end has surely passed: the study may be running or over, so its opening verb is
 * neither "tests" nor "tested" but what it was set up to do; the sentences after it describe the design.
 */
const setUp = (present: string, _past: string, planned: string) => {
  const m = /^planned to (.+)$/.exec(planned);
  return m ? `was set up to ${m[1]}` : present;
};

/** Intervention types an observational study may carry out itself, unlike the care a doctor chose. */
const STUDY_DOES: ReadonlySet<string> = new Set(['OTHER', 'DIAGNOSTIC_TEST', 'BEHAVIORAL']);

/** The page's opening sentences. */
export function leadSentences(t: Trial): string[] {
  const v = plannedEndPassed(t) ? setUp : byTense(t);
  const who = whoPhrase(t);
  const type = t.studyType?.code;
  const out: string[] = [];

  if (type === 'OBSERVATIONAL') {
    const perspective = t.design.timePerspective?.code;
    const verb =
      perspective === 'PROSPECTIVE' && !seenOnce(t)
        ? `${v('follows', 'followed', 'planned to follow')} ${who} over time`
        : perspective === 'RETROSPECTIVE'
          ? `${v('looks back at', 'looked back at', 'planned to look back at')} the health records of ${who}`
          : perspective === 'CROSS_SECTIONAL'
            ? `${v('looks at', 'looked at', 'planned to look at')} ${who} at one point in time`
            : `${v('observes', 'observed', 'planned to observe')} ${who}`;
    out.push(`This study ${verb}.`);
    // Silent where the record lists something the study itself may give or do to people (foods of set textures in
    // NCT05594173, a test, a behaviour): "did not choose anyone's treatment" would read as if nothing was given.
    if (!t.interventions.some((i) => STUDY_DOES.has(i.type?.code ?? '')))
      out.push(`The study team ${v('does', 'did', 'would')} not choose anyone's treatment.`);
  } else if (type === 'EXPANDED_ACCESS') {
    const what = t.interventions.length ? names(t.interventions) : 'a treatment still being tested';
    out.push(`This program ${v('offers', 'offered', 'planned to offer')} ${what} to ${who} who cannot join a trial.`);
  } else {
    out.push(...trialSentences(t, who, v));
  }
  const about = aboutSentence(t, v);
  if (about) {
    if (out.length) out.splice(1, 0, about);
    else out.push(about.replace(/^It/, type === 'OBSERVATIONAL' ? 'This study' : 'This trial'));
  }
  // A study of past records has nobody join: it stopped before it began.
  if (isWithdrawn(t)) out.push(looksBack(t) ? 'It stopped before it began.' : 'It stopped before anyone joined.');
  return out;
}

/**
 * What the title names comes first, so "and 1 more" never hides the studied product behind the drugs given
 * with it (conditioning chemotherapy before a cell therapy).
 */
function byTitle(items: Intervention[], t: Trial): Intervention[] {
  const title = `${t.briefTitle} ${t.officialTitle ?? ''}`.toLowerCase();
  const named = (i: Intervention) => [i.name, ...i.otherNames].some((n) => title.includes(n.toLowerCase()));
  return [...items.filter(named), ...items.filter((i) => !named(i))];
}

// "Lists", not "includes": the items may be choices ("1 of 4 platinum doublets, by the doctor's choice").
const sharedPlan = (v: (a: string, b: string, c: string) => string, also: string) =>
  `The plan for every group ${v(`${also}lists`, `${also}listed`, `would ${also}list`)} `;

function trialSentences(t: Trial, who: string, v: (a: string, b: string, c: string) => string): string[] {
  const r = rolesOf(t);
  const purpose = t.design.primaryPurpose?.code;
  const neutral = purpose !== undefined && NEUTRAL_PURPOSES.has(purpose);
  const out: string[] = [];
  if (r.alternatives) {
    out.push(`This trial ${v('compares', 'compared', 'planned to compare')} ${names(r.tested, 4)}${inWho(who)}.`);
    out.push(`Each group ${v('gets', 'got', 'would get')} one of them.`);
    if (r.shared.length > 0) out.push(`${sharedPlan(v, 'also ')}${names(r.shared)}.`);
  } else if (r.tested.length > 0) {
    const verb = neutral ? v('studies', 'studied', 'planned to study') : v('tests', 'tested', 'planned to test');
    out.push(
      `This trial ${verb} ${names(byTitle(r.tested, t), 4)}${inWho(who)}` +
        `${neutral ? '' : goalPhrase(goalsOf(t), v('', 'past', '') === 'past', r.tested.length > 1)}.`,
    );
    const prep = r.preparation;
    if (prep.length > 0) {
      const be = prep.length === 1 ? v('is', 'was', 'would be') : v('are', 'were', 'would be');
      out.push(`${names(prep)} ${be} given first, to prepare the body for the treatment.`);
    }
    const after = r.afterCells;
    if (after.length > 0) {
      const be = after.length === 1 ? v('is', 'was', 'would') : v('are', 'were', 'would');
      out.push(`${names(after)} ${be} also ${v('', '', 'be ')}given, after the cells.`);
    }
    // Every arm lists these, but a list may hold choices (carboplatin or cisplatin): see sharedPlan.
    if (r.shared.length > 0) out.push(`${sharedPlan(v, 'also ')}${names(r.shared)}.`);
  } else if (
    r.comparedArms > 1 &&
    r.usual.length > 1 &&
    r.shared.length === 0 &&
    t.arms.every((a) => a.type?.code === 'ACTIVE_COMPARATOR')
  ) {
    out.push(`This trial ${v('compares', 'compared', 'planned to compare')} ${names(r.usual)}${inWho(who)}.`);
  } else if (t.arms.length > 1) {
    // Groups not formed by chance may be different people (cohorts by their tumour's genes): they are groups of the
    // trial, not a comparison the record describes.
    const verb = byChance(t) ? v('compares', 'compared', 'planned to compare') : v('has', 'had', 'planned to have');
    out.push(`This trial ${verb} ${plural(t.arms.length, 'group')} of ${who}.`);
    // Groups of different kinds that list the same: they differ in something the record does not name.
    const kinds = new Set(t.arms.map((a) => a.type?.code));
    if (r.shared.length > 0 && kinds.size === 1) out.push(`${sharedPlan(v, '')}${names(r.shared)}.`);
  } else if (oneIllness(t) || conditionPhrase(t).healthyOnly || onlyHealthyInText(t)) {
    // "This trial studies adults." would say nothing: without an illness or a treatment, silence.
    out.push(`This trial ${v('studies', 'studied', 'planned to study')} ${who}.`);
  }
  // "To compare" only where chance made the groups: else they may be different people (see armViews).
  if (r.tested.length > 0 && r.usual.length > 0)
    out.push(
      `Some people ${v('get', 'got', 'would get')} ${names(r.usual)} instead${byChance(t) ? ', to compare' : ''}.`,
    );
  // "In place of" what is tested, only with a placebo arm of its own: that group may get other drugs too, so
  // never "no treatment".
  if (r.placebo) {
    const inPlace = r.placeboArm && r.tested.length > 0 && !r.alternatives;
    // No placebo group of its own, and every group that lists one lists a treatment too: nobody gets only it.
    const withPlacebo = t.arms.filter((a) => armGets(a, t).some(isPlaceboLike));
    const alongside =
      !r.placeboArm &&
      withPlacebo.length > 0 &&
      withPlacebo.every((a) => armGets(a, t).some((i) => !isPlaceboLike(i) && !isMeasurement(i)));
    out.push(
      `Some people ${v('get', 'got', 'would get')} a placebo (a look-alike with no medicine in it)` +
        `${inPlace ? ` in place of ${names(byTitle(r.tested, t), 4)}` : ''}.`,
    );
    if (alongside) out.push(`It ${v('comes', 'came', 'would come')} with their other treatment, not in place of it.`);
  }
  if (r.sham) out.push(`Some people ${v('get', 'got', 'would get')} a sham, a fake version of the procedure.`);
  if (r.noIntervention)
    out.push(`Some people ${v('get', 'got', 'would get')} no study treatment, so the groups can be compared.`);
  return out;
}
