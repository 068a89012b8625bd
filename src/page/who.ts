import { type CriteriaEntry, type CriteriaSection, DISCLAIMER, OTHER_RULES } from '../criteria/parse.js';
import { formatCount, joinWords, plural } from '../model/text.js';
import type { Trial } from '../model/trial.js';
import { aboutList, conditionPhrase, widerSentence } from './conditions.js';
import { geneSentences } from './genes.js';
import { perTrial } from './per-trial.js';
import { byTense, joinVerbs, looksBack, mayInvite } from './situation.js';

// "Who it is for": ages, sex and illnesses from the structured fields; healthy volunteers from
// `healthyVolunteers` and "Healthy"-type conditions; counts of the criteria lists only where
// those lists are on the page, with "main rules" kept when the registry calls them key rules.

/** "women", "boys", "people" — from sex and the age range. */
export function peopleOf(t: Pick<Trial, 'ages' | 'sex'>): string {
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
  // A study of past records takes nobody in: it uses their records (NCT06036394).
  const back = looksBack(t);
  const isFor = back
    ? `${v('uses', 'used', 'would have used')} the records of`
    : `${v('is', 'was', 'was planned')} for`;
  // No limits in the record is not "any age": the criteria may still speak of patients or mothers.
  const age = t.ages.label === 'any age' || t.ages.label === 'not given' ? '' : ` aged ${t.ages.label}`;
  const c = conditionPhrase(t);
  const about = aboutList(c.illnesses);
  const out: string[] = [];
  if (c.healthyOnly || (t.healthyVolunteers === true && !about && c.mentionsHealthy) || onlyHealthyInText(t)) {
    out.push(`This study ${isFor} healthy ${peopleOf(t)}${age}.`);
    // A study of healthy people about an illness (how healthy people swallow): the topic, never "who have" it.
    if (about) out.push(`It ${v('is', 'was', 'was')} about ${about}.`);
  } else if (mayJoinWithout(t) || c.illnesses.length > 1 || c.leftOut) {
    // People without the condition may join, or there are several (alternatives, or together: the record does
    // not say): never "who have" them. So the range alone would take in everyone of those ages (NCT06818682:
    // healthy volunteers ticked beside rules that require prostate cancer): the list says who.
    if (age || peopleOf(t) !== 'people') out.push(`This study ${isFor} ${peopleOf(t)}${age}${fitRules(t)}.`);
    if (about)
      out.push(`${out.length ? 'It' : 'This study'} ${v('is', 'was', 'was')} about ${about}.${widerSentence(c)}`);
    // The field is often set by mistake (inclusion rules that require the illness), so it is said in words
    // only where the record's own text speaks of healthy people or volunteers ("controls" alone may have the
    // illness too). No "also": in a vaccine study nobody has it.
    const join = back
      ? v('may be included', 'could be included', 'could have been included')
      : v('may join', 'could join', 'could have joined');
    if (mayJoinWithout(t) && healthyBacked(t))
      out.push(
        `People without ` +
          `${c.illnesses.length === 1 ? 'this illness' : about ? 'these illnesses' : 'the illness studied'} ${join}.`,
      );
  } else if (age || about) {
    // Nothing known of who (no ages, no illness): no sentence rather than "for people".
    const have = back ? 'had' : v('have', 'had', 'have');
    out.push(`This study ${isFor} ${peopleOf(t)}${age}${about ? ` who ${have} ${about}` : fitRules(t)}.`);
  }
  // Not beside a group of healthy people: the record contradicts itself there, so the page says neither.
  if (t.healthyVolunteers === false && !c.healthyOnly && !mayJoinWithout(t))
    out.push(
      back
        ? `It ${v('does not use', 'did not use', 'would not have used')} the records of healthy volunteers.`
        : `It ${v('does', 'did', 'would')} not take healthy volunteers.`,
    );
  if (t.ages.label === 'any age') out.push('The record sets no age limits.');
  // The ages are the record's one range; a list with its own heading for parents (NCT03630471: teens 13 to 20,
  // "For parent participants:") takes others too, whom the range does not cover.
  const others = otherParticipants(t);
  if (others) out.push(`The list below also has rules for ${others}.`);
  out.push(...geneSentences(t, mayInvite(t)));
  const counts = criteriaCounts(t);
  if (counts) out.push(counts);
  // Not beside a "list" that gives the same text for both (NCT06948435: "refer to the … master protocol"): it
  // holds no rules to read.
  if (mayInvite(t) && hasRules(t))
    out.push(
      'Read the list with your doctor. The rules keep people safe and make the results clear. Not fitting is not ' +
        'about you as a person.',
    );
  return out;
}

/**
 * Where no illness is said as what they have (none the page can use, one its title contradicts, several, or people
 * without it may join), "for women aged 18 years and up" alone would take in every woman: the list says who, so the
 * sentence points to it. Silent where the page has no list, or one that gives the same text for both ("Refer to the
 * master protocol") and so no rules.
 */
const fitRules = (t: Trial) => (hasRules(t) ? ' who fit the rules in the list below' : '');

// "Healthy adults", "Healthy LTBI negative controls", "volunteers"; not "a healthy lifestyle" or "healthy diet", a
// "Normal Saline Control" (a placebo) or people "who volunteer to" take part (a verb, said of patients too).
const HEALTHY_WORDS = new RegExp(
  String.raw`\b(?:healthy|normal(?!\s+saline))(?:\s+[\w-]+){0,3}?\s+(?:adults?|volunteers?|subjects?|participants?|` +
    String.raw`people|persons?|individuals?|controls?|men|women|children|infants|donors?|pregnan\w*)\b|` +
    String.raw`(?<!\bwho\s)\bvolunteers?\b(?!\s+(?:to|for)\b)`,
  'i',
);

// A group drawn from the general population is not made of people who have the illness studied.
// A group that is drawn from it ("a general population cohort"), not one compared with it.
const GENERAL_POPULATION = new RegExp(
  String.raw`\bgeneral[- ]population(?:\s+[\w-]+)?\s+(?:cohort|sample|group|controls?|volunteers|participants)\b|` +
    String.raw`\bfrom the general population\b`,
  'i',
);

/** A study group whose label or description matches `words`. */
const groupSays = (t: Pick<Trial, 'arms'>, words: RegExp) =>
  t.arms.some((a) => words.test(a.label) || words.test(a.description ?? ''));

/** A study group of healthy people ("Healthy LTBI negative controls"), whatever `healthyVolunteers` says. */
const healthyGroup = (t: Pick<Trial, 'arms'>) =>
  groupSays({ arms: t.arms.filter((a) => !INACTIVE_ARMS.has(a.type?.code ?? '')) }, HEALTHY_WORDS);
// A placebo or sham group is the patients' comparison, whatever its words ("Normal saline control").
const INACTIVE_ARMS: ReadonlySet<string> = new Set(['PLACEBO_COMPARATOR', 'SHAM_COMPARATOR']);

/**
 * Only healthy people take part, by the record's own words: the field says healthy volunteers, the study population
 * and every inclusion point that the record gives open with "Healthy …" ("Healthy adult volunteers with no history
 * of swallowing difficulty"), and every group is of healthy people. The conditions are then what the study is about,
 * not what its people have.
 */
export const onlyHealthyInText = perTrial((t: Trial): boolean => {
  if (t.healthyVolunteers !== true) return false;
  // Not "Healthy adults or patients with OLP", nor "healthy controls and cases": others take part too.
  const opens = (text: string) =>
    /^\W*(?:healthy|normal)\b/i.test(text) &&
    HEALTHY_WORDS.test(text) &&
    !/\b(?:or|and|patients?|cases?)\b|\bwith (?!no\b)/i.test(text);
  const inclusion = t.eligibility.sections
    .filter((s) => s.kind === 'inclusion')
    .flatMap((s) => s.entries.flatMap((e) => (e.kind === 'item' ? [e] : [])));
  // Every source that speaks agrees, and at least one speaks: a population of healthy volunteers beside a group
  // of patients, or beside "Diagnosis of Parkinson disease" in the criteria, describes one cohort only.
  const population = t.studyPopulation === undefined || opens(t.studyPopulation);
  const criteria = inclusion.every((e) => opens(e.text));
  const groups = t.arms.length <= 1 || t.arms.every((a) => HEALTHY_WORDS.test(`${a.label} ${a.description ?? ''}`));
  const speaks = t.studyPopulation !== undefined || inclusion.length > 0;
  return speaks && population && criteria && groups;
});

/** People without the illness may join: the registry field, or a group of healthy people or the general population. */
export const mayJoinWithout = (t: Trial) =>
  t.healthyVolunteers === true || healthyGroup(t) || groupSays(t, GENERAL_POPULATION);

/**
 * The "Healthy volunteers" fact: "No" as given, unless a study group is of healthy people or from the general
 * population; "Yes" only where the record's text or conditions back it (the field is often set by mistake, beside
 * rules that require the illness); otherwise silent.
 */
export function healthyFact(t: Trial): boolean | undefined {
  // Beside a group of healthy people or one drawn from the general population (NCT01511679: "alcohol-naïve
  // adolescents"), "No" is the record contradicting itself: silent, as the who sentences are.
  if (t.healthyVolunteers === false) return mayJoinWithout(t) ? undefined : false;
  if (t.healthyVolunteers === true && (healthyBacked(t) || conditionPhrase(t).mentionsHealthy)) return true;
  return undefined;
}

/** The criteria, the study population or a study group name healthy people or volunteers. */
export const healthyBacked = perTrial((t: Trial): boolean => {
  const entryText = (e: CriteriaEntry): string =>
    e.kind === 'item' ? [e.text, ...e.children.map(entryText)].join(' ') : e.text;
  return (
    healthyGroup(t) ||
    HEALTHY_WORDS.test(t.studyPopulation ?? '') ||
    t.eligibility.sections.some(
      (s) => HEALTHY_WORDS.test(s.heading ?? '') || s.entries.some((e) => HEALTHY_WORDS.test(entryText(e))),
    )
  );
});

export function hasCriteriaList(t: Trial): boolean {
  return t.eligibility.sections.some((s) => s.entries.length > 0);
}

/** The page has rules on who can join to read: a list, and not one that gives the same text for both. */
export const hasRules = (t: Trial): boolean => hasCriteriaList(t) && !t.eligibility.repeated;

/** A heading such as "Key Inclusion Criteria" or "Main exclusion criteria". */
export const isKeyHeading = (s: CriteriaSection) =>
  /^\W*(?:key|main|major|selected|summary of)\b/i.test(s.heading ?? '');

/** "None specified", "N/A": an item that says there is no rule is not counted as one. */
const NO_RULE = /^\W*(?:none(?: specified| known)?|n\/?a|not applicable|nil)\W*$/i;

/** The first note, at any depth, that `pattern` matches: other rules apply (its modal verb in [1]), a disclaimer. */
function noteSaying(pattern: RegExp, entries: CriteriaEntry[]): RegExpExecArray | undefined {
  for (const e of entries) {
    const m =
      e.kind === 'note'
        ? pattern.exec(e.text.replace(/^notes?\s*:\s*/i, ''))
        : e.kind === 'item'
          ? noteSaying(pattern, e.children)
          : undefined;
    if (m) return m;
  }
  return undefined;
}

function countItems(t: Trial, kind: 'inclusion' | 'exclusion'): number {
  return t.eligibility.sections
    .filter((s) => s.kind === kind)
    .reduce((n, s) => n + s.entries.filter((e) => e.kind === 'item' && !NO_RULE.test(e.text)).length, 0);
}

/** "… cycles. 16. Undergone …": a numbered point run into the one before it, in one line of the record. */
const RUN_ON = /(?:^|[.;:]\s+)(\d{1,3})[.)]\s+\p{Lu}/gu;

/**
 * Whether a list's own numbering agrees with the points as parsed: numbers go up by one at the top level (from 1
 * again under a heading) and no point holds the next number inside its text. Where they do not (NCT05605535 runs
 * "15. … 16. … 17." into one line and restarts at "1." under item 18), a count would contradict the numbers the
 * reader sees.
 */
export function numberingAgrees(entries: CriteriaEntry[]): boolean {
  let last: number | undefined;
  for (const e of entries) {
    // Under a new heading ("Study Phase:") a list may start again at 1.
    if (e.kind === 'heading') last = undefined;
    if (e.kind !== 'item') continue;
    const n = /^(\d{1,3})[.)]$/.exec(e.marker)?.[1];
    if (n !== undefined) {
      if (last !== undefined && Number(n) !== last + 1) return false;
      last = Number(n);
    }
    // The next number must at least appear before the pattern is run (most points hold none).
    if (last === undefined || !e.text.includes(`${last + 1}`)) continue;
    for (const m of e.text.matchAll(RUN_ON)) if (Number(m[1]) === last + 1) return false;
  }
  return true;
}

function criteriaCounts(t: Trial): string | undefined {
  if (t.eligibility.case !== 'split' && t.eligibility.case !== 'inclusion-only') return undefined;
  const listed = t.eligibility.sections.filter((s) => s.kind === 'inclusion' || s.kind === 'exclusion');
  const key = t.eligibility.sections.some(isKeyHeading);
  // Without counts, what the counts came with is still said: main rules only, or other rules apply.
  const uncounted = key ? 'The list below gives the main rules. The full study plan has more.' : otherRulesSentence(t);
  // A point in both lists (NCT06454773 repeats its one inclusion point as its first exclusion): no count, which
  // would call it a point on who cannot join.
  const both = inBothLists(t);
  const ask = mayInvite(t) ? ' Ask the study team about it.' : '';
  const bothSentence = both
    ? `The record puts ${both === 1 ? 'one point' : `${formatCount(both)} points`} in both lists, word for word.${ask}`
    : undefined;
  if (bothSentence || !listed.every((s) => numberingAgrees(s.entries)))
    return [uncounted, bothSentence].filter(Boolean).join(' ') || undefined;
  const inc = countItems(t, 'inclusion');
  const exc = countItems(t, 'exclusion');
  // A study that takes no new people tells its rules as what applied, not as advice to the reader.
  const verbs = joinVerbs(t);
  // "Points", not "things you must have": a list may hold choices ("any of the following"), exceptions and notes.
  const can = `who ${verbs.can}`;
  const cannot = `who ${verbs.cannot}`;
  const parts = [
    inc > 0 ? `${plural(inc, 'point')} on ${can}` : '',
    exc > 0 ? `${inc > 0 ? formatCount(exc) : plural(exc, 'point')} on ${cannot}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  if (key) return `The list below gives the main rules: ${joinWords(parts)}. The full study plan has more.`;
  // "Other protocol-defined criteria (may) apply": the list is not the full one, as surely as the record says. Never
  // "the full list" otherwise either: a list may point to one the record does not give (NCT05865379: "one of the
  // listed medications:", and no list follows).
  const more = otherRulesSentence(t);
  return `The list below has ${joinWords(parts)}.${more ? ` ${more}` : ''}`;
}

// A heading that is about people who take part beside the patients, and nothing else: "For parent participants:",
// "Caregivers:", "Inclusion criteria for caregivers:", "Mothers:". Not "Patients with a caregiver:" (a rule for the
// patients), "Parent study participants:" (an earlier study) or "Relative contraindications".
const OTHER_PARTICIPANTS = new RegExp(
  String.raw`^\W*(?:(?:inclusion\s+criteria\s+)?for\s+)?(?:the\s+)?` +
    `(parent|caregiver|carer|guardian|partner|spouse|family member|mother|father)s?` +
    String.raw`(?:\s+(?:participants?|subjects?|(?:inclusion\s+)?criteria))?\s*[:：]?\s*$`,
  'i',
);

/** "parents": the first group other than the patients that an inclusion heading names, or undefined. */
function otherParticipants(t: Trial): string | undefined {
  for (const s of t.eligibility.sections) {
    if (s.kind !== 'inclusion') continue;
    for (const h of [s.heading ?? '', ...s.entries.flatMap((e) => (e.kind === 'heading' ? [e.text] : []))]) {
      const m = OTHER_PARTICIPANTS.exec(h);
      if (m) return `${(m[1] as string).toLowerCase()}s`;
    }
  }
  return undefined;
}

/** How many inclusion points an exclusion point says word for word (case aside); "N/A" is no rule. */
function inBothLists(t: Trial): number {
  const texts = (kind: 'inclusion' | 'exclusion') =>
    new Set(
      t.eligibility.sections
        .filter((s) => s.kind === kind)
        .flatMap((s) =>
          s.entries.flatMap((e) => (e.kind === 'item' && !NO_RULE.test(e.text) ? [e.text.toLowerCase()] : [])),
        ),
    );
  const exclusion = texts('exclusion');
  return [...texts('inclusion')].filter((x) => exclusion.has(x)).length;
}

/**
 * What the record says of the list not being all: other rules (may) apply, or "The above information is not
 * intended to contain all considerations relevant to a patient's potential participation" (NCT05097287).
 */
function otherRulesSentence(t: Trial): string | undefined {
  const entries = t.eligibility.sections.flatMap((s) => s.entries);
  const more = noteSaying(OTHER_RULES, entries);
  if (more)
    return `The record says other rules in the study plan ${more[1] ? `${more[1].toLowerCase()} ` : ''}apply too.`;
  return noteSaying(DISCLAIMER, entries)
    ? 'The record says the list does not cover everything that matters for taking part.'
    : undefined;
}
