import type { CriteriaEntry, CriteriaSection } from '../criteria/parse.js';
import { joinWords, plural } from '../model/text.js';
import type { Trial } from '../model/trial.js';
import { conditionPhrase, illnessList } from './conditions.js';
import { byTense, situationOf } from './situation.js';

// "Who it is for": ages, sex and illnesses from the structured fields; healthy volunteers from
// `healthyVolunteers` and "Healthy"-type conditions; counts of the criteria lists only where
// those lists are on the page, with "main rules" kept when the registry calls them key rules.

/** "women", "boys", "people" — from sex and the age range. */
function people(t: Trial): string {
  const adultsOnly = t.ages.min?.unit === 'year' && t.ages.min.value >= 18;
  const max = t.ages.max;
  const childrenOnly = max !== undefined && !(max.unit === 'year' && max.value >= 18);
  const sex = t.sex?.code;
  if (sex === 'FEMALE') return adultsOnly ? 'women' : childrenOnly ? 'girls' : 'women and girls';
  if (sex === 'MALE') return adultsOnly ? 'men' : childrenOnly ? 'boys' : 'men and boys';
  return adultsOnly ? 'adults' : childrenOnly ? 'children' : 'people';
}

export function whoSentences(t: Trial): string[] {
  const v = byTense(t);
  const is = v('is', 'was', 'was planned');
  const age = t.ages.label === 'any age' ? ' of any age' : t.ages.label === 'not given' ? '' : ` aged ${t.ages.label}`;
  const c = conditionPhrase(t);
  const list = illnessList(c.illnesses);
  const out: string[] = [];
  if (c.healthyOnly || (t.healthyVolunteers === true && !list && c.mentionsHealthy)) {
    out.push(`This study ${is} for healthy ${people(t)}${age}.`);
  } else if (t.healthyVolunteers === true) {
    // The registry says people without the condition may join: never "who have" it.
    out.push(`This study ${is} for ${people(t)}${age}.`);
    if (list)
      out.push(
        `It ${v('is', 'was', 'was')} about ` +
          `${joinWords(c.illnesses.slice(0, 3))}${c.illnesses.length > 3 ? ' and more' : ''}.`,
      );
    // The field is often set by mistake (inclusion rules that require the illness), so it is said in words
    // only where the record's own text speaks of healthy people, controls or volunteers.
    if (healthyBacked(t))
      out.push(
        `People without ` +
          `${c.illnesses.length === 1 ? 'this illness' : list ? 'these illnesses' : 'the illness studied'} ` +
          `${v('may', 'could', 'could')} also join.`,
      );
  } else {
    // Nothing known of who (no ages, no illness): no sentence rather than "for people".
    if (age || list) out.push(`This study ${is} for ${people(t)}${age}${list ? ` who have ${list}` : ''}.`);
    if (t.healthyVolunteers === false) out.push(`It ${v('does', 'did', 'would')} not take healthy volunteers.`);
  }
  const counts = criteriaCounts(t);
  if (counts) out.push(counts);
  const open = situationOf(t) === 'open' || situationOf(t) === 'unknown';
  if (open && hasCriteriaList(t))
    out.push(
      'Read the list with your doctor. The rules keep people safe and make the results clear. Not fitting is not ' +
        'about you as a person.',
    );
  return out;
}

/** The criteria or the study population name healthy people, controls or volunteers. */
export function healthyBacked(t: Trial): boolean {
  const words = /\bhealthy\b|\bcontrols?\b|\bvolunteers?\b|\bnormal (?:adults?|subjects?|participants?)\b/i;
  const entryText = (e: CriteriaEntry): string =>
    e.kind === 'item' ? [e.text, ...e.children.map(entryText)].join(' ') : e.text;
  return (
    words.test(t.studyPopulation ?? '') ||
    t.eligibility.sections.some((s) => words.test(s.heading ?? '') || s.entries.some((e) => words.test(entryText(e))))
  );
}

export function hasCriteriaList(t: Trial): boolean {
  return t.eligibility.sections.some((s) => s.entries.length > 0);
}

/** A heading such as "Key Inclusion Criteria" or "Main exclusion criteria". */
export const isKeyHeading = (s: CriteriaSection) =>
  /^\W*(?:key|main|major|selected|summary of)\b/i.test(s.heading ?? '');

function countItems(t: Trial, kind: 'inclusion' | 'exclusion'): number {
  return t.eligibility.sections
    .filter((s) => s.kind === kind)
    .reduce((n, s) => n + s.entries.filter((e) => e.kind === 'item').length, 0);
}

function criteriaCounts(t: Trial): string | undefined {
  if (t.eligibility.case !== 'split' && t.eligibility.case !== 'inclusion-only') return undefined;
  const inc = countItems(t, 'inclusion');
  const exc = countItems(t, 'exclusion');
  // An ended study takes no one: its rules are told as what applied, not as advice to the reader.
  const pick = byTense(t);
  const must = pick('you must have or do', 'people needed to have or do', 'people would have needed to have or do');
  const out = pick('that would keep you out', 'that kept people out', 'that would have kept people out');
  const parts = [
    inc > 0 ? `${plural(inc, 'thing')} ${must}` : '',
    exc > 0 ? `${plural(exc, 'thing')} ${out}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  const key = t.eligibility.sections.some(isKeyHeading);
  return key
    ? `The list below gives the main rules: ${joinWords(parts)}. The full study plan has more.`
    : `The full list below has ${joinWords(parts)}.`;
}
