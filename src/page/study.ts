import { atDate, type TrialDate } from '../model/dates.js';
import { joinWords, plural, squash } from '../model/text.js';
import type { Intervention, Outcome, Trial } from '../model/trial.js';
import { armGets, interventionName, isMeasurement, isPlaceboLike, joinNames, rolesOf, WATCHING } from './roles.js';
import { byTense, looksBack, mayBeOpen, mayInvite, mayStillTakePeople, situationOf } from './situation.js';

// "What happens in the study": the design in words (from designInfo), each arm with its role
// (from its type) and what its people get (from its interventions), the primary outcomes as
// registered, and the dates with the record's precision and actual/expected.

const ROLE: Record<string, string> = {
  EXPERIMENTAL: 'the treatment being studied',
  // The record says only "active comparator": not whether it is approved or in use.
  ACTIVE_COMPARATOR: 'another treatment, to compare',
  PLACEBO_COMPARATOR: 'a placebo, to compare',
  SHAM_COMPARATOR: 'a sham, to compare',
  NO_INTERVENTION: 'no study treatment, to compare',
};

/** Who is kept from knowing, in the study's tense ("those who checked the results"). */
const masked = (check: string): Record<string, string> => ({
  PARTICIPANT: 'the people in the study',
  CARE_PROVIDER: 'their doctors',
  INVESTIGATOR: 'the researchers',
  OUTCOMES_ASSESSOR: `those who ${check} the results`,
});

export const MAX_ARMS_LISTED = 20;
export const MAX_PRIMARY_OUTCOMES = 5;

// A study marked prospective whose own text says it looks once: "A cross-sectional design will be used", or every
// measure taken at one time ("Baseline (single timepoint only)").
// The design, not "cross-sectional imaging" or "area" (the registry has "cosss-sectional" too).
const CROSS_SECTIONAL_TEXT = /\b[a-z]*s-?sectional (?:study|design|survey|analysis)\b/i;
// A time frame that is one point and nothing else: "Baseline", "Baseline (single timepoint only)".
const ONE_TIME = /^\s*(?:baseline|at enrollment)?\s*\(?\s*(?:(?:single|one)[- ]time[- ]?point(?: only)?)?\s*\)?\s*$/i;

/** "Over time" would be false: the record's own text says the study looks at each person once. */
export function seenOnce(t: Pick<Trial, 'summary' | 'description' | 'outcomes'>): boolean {
  if (CROSS_SECTIONAL_TEXT.test(`${t.summary ?? ''}\n${t.description ?? ''}`)) return true;
  const frames = [...t.outcomes.primary, ...t.outcomes.secondary].map((o) => o.timeFrame ?? '');
  return frames.length > 0 && frames.every((f) => f.trim() !== '' && ONE_TIME.test(f));
}

/** Records from the past are of people who had it then; some may not have it now. */
const caseHave = (t: Trial) => (looksBack(t) ? 'had' : byTense(t)('have', 'had', 'have'));

/** Sentences on how people are grouped and who knows what; each names the registry term it explains. */
export function designSentences(t: Trial): string[] {
  // A withdrawn study never ran: what it planned is said with "would".
  const pick = byTense(t);
  const v = (
    present: string,
    past: string,
    planned = `would ${present.replace(/^(is|are)$/, 'be').replace(/(?<=^\w+)s$/, '')}`,
  ) => pick(present, past, planned);
  const out: string[] = [];
  if (t.studyType?.code === 'OBSERVATIONAL') {
    const model = t.design.observationalModel?.code;
    if (model === 'COHORT')
      // Not "follows": a cohort may be seen once (cross-sectional); the time perspective says how.
      out.push(`The study ${v('looks', 'looked')} at a group of people with something in common (a cohort).`);
    else if (model === 'CASE_CONTROL')
      // Not "have a condition": the cases may differ by a trait, and the controls may have the illness too.
      out.push(
        `It ${v('compares', 'compared')} people with a certain condition or trait with people without it ` +
          '(case-control).',
      );
    else if (model === 'CASE_ONLY')
      out.push(`It ${v('looks', 'looked')} only at people who ${caseHave(t)} the condition (case-only).`);
    const time = t.design.timePerspective?.code;
    if (time === 'PROSPECTIVE' && !seenOnce(t))
      out.push(
        // Not "from the day they join": a prospective study may also use records from before.
        `Facts about each person ${v('are', 'were')} gathered as time ${v('goes', 'went', 'goes')} on (prospective).`,
      );
    else if (time === 'RETROSPECTIVE')
      out.push(`It ${v('looks', 'looked')} back at health facts written down in the past (retrospective).`);
    else if (time === 'CROSS_SECTIONAL')
      out.push(`Facts ${v('are', 'were')} gathered at one point in time, not over a long time (cross-sectional).`);
    return out;
  }
  const alloc = t.design.allocation?.code;
  if (alloc === 'RANDOMIZED')
    out.push(
      `People ${v('are', 'were')} put into groups by chance, like a coin toss (randomized). They ` +
        `${v('cannot', 'could not', 'would not')} choose their group.`,
    );
  else if (alloc === 'NON_RANDOMIZED')
    out.push(`People ${v('are', 'were')} not put into groups by chance (not randomized).`);
  const model = t.design.interventionModel?.code;
  // Not "the same treatment": doses may go up from group to group (dose escalation) or differ by age.
  // Nothing where an arm is typed as a comparison (a record may say single group beside a placebo arm): "everyone
  // gets the study treatment" would be false for that group.
  if (model === 'SINGLE_GROUP') {
    if (!t.arms.some((a) => a.type && a.type.code !== 'EXPERIMENTAL' && a.type.code !== 'OTHER'))
      out.push(
        `Everyone ${v('gets', 'got')} the study treatment. There ${v('is', 'was')} no comparison group (single group).`,
      );
  } else if (model === 'PARALLEL')
    out.push(`Each group ${v('gets', 'got')} its own treatment during the same time (parallel groups).`);
  else if (model === 'CROSSOVER')
    out.push(
      `People ${v('switch', 'switched')} from one treatment to the other partway through (crossover). So each ` +
        `person ${v('gets', 'got')} both.`,
    );
  else if (model === 'FACTORIAL') out.push(`People ${v('get', 'got')} different mixes of the treatments (factorial).`);
  else if (model === 'SEQUENTIAL')
    out.push(`The groups ${v('start', 'started')} one at a time, one after the other (sequential).`);
  const masking = t.design.masking?.code;
  if (masking === 'NONE')
    out.push(`Everyone ${v('knows', 'knew')} which treatment each person ${v('gets', 'got')} (open label).`);
  // A masking code the design's own text contradicts ("open-label randomized study") is not said either way.
  else if (masking && !t.design.openLabelInText) {
    const names = masked(v('check', 'checked', 'would check'));
    const who = t.design.whoMasked.map((w) => names[w.code]).filter((w): w is string => Boolean(w));
    // Not "some people": with quadruple masking the list below is everyone.
    out.push(
      `Who ${v('gets', 'got', 'would get')} which treatment ${v('is', 'was', 'would be')} kept secret ` +
        `(${t.design.masking?.label.toLowerCase()}).`,
    );
    if (who.length > 0) out.push(`It ${v('is', 'was', 'would be')} kept from ${joinWords(who)}.`);
  }
  return out;
}

/** The groups were made by chance: only then is a comparison group said to be there "to compare". */
export const byChance = (t: Pick<Trial, 'design'>) => t.design.allocation?.code === 'RANDOMIZED';

/** Groups that get no active treatment of their own. */
const INACTIVE: ReadonlySet<string> = new Set(['PLACEBO_COMPARATOR', 'SHAM_COMPARATOR', 'NO_INTERVENTION']);

export interface ArmView {
  label: string;
  role?: string;
  /** What the group is given (an observational study's: all it lists). */
  gets?: string;
  /** Scans, samples, questionnaires the group's plan lists: done, not given. */
  checks?: string;
  description?: string;
}

// Not "closed reduction" or "closed-loop": closed as of a date or an update, or to accrual or enrollment.
const CLOSED_GROUP = /\bclosed\s+(?:as\s+of|to\s+(?:new\s+)?(?:accrual|enrol?lment|recruitment))\b/i;

export function armViews(t: Trial): ArmView[] {
  const { tested } = rolesOf(t);
  const takesPeople = mayBeOpen(t);
  // A trial's scans and questionnaires are checks, not what a group is given; an observational study gives nothing,
  // so all it lists is said together. A test that is what the trial tests (a screening strategy) is no check.
  const apart = t.studyType?.code !== 'OBSERVATIONAL';
  const check = (i: Intervention) => apart && isMeasurement(i) && !tested.includes(i);
  const getsOf = (a: Trial['arms'][number]) =>
    armGets(a, t)
      .filter((i) => !check(i))
      .map(interventionName);
  // Against placebo, sham or nothing, an "active comparator" arm is what the trial tests (as the lead says);
  // tested items are never in a comparison group's list, so beside an experimental group this never applies.
  // So is one whose every other group gets a placebo, a sham or nothing, even where the record lists the same item
  // for both (NCT06454773's placebo group lists the extract too, so nothing is "tested" alone).
  const isStudied = (a: Trial['arms'][number]) =>
    a.type?.code === 'ACTIVE_COMPARATOR' &&
    (armGets(a, t).some((i) => tested.includes(i)) ||
      (getsOf(a).length > 0 && t.arms.length > 1 && t.arms.every((b) => b === a || INACTIVE.has(b.type?.code ?? ''))));
  // What each studied group is given, by name.
  const studiedGets = t.arms.filter((a) => a.type?.code === 'EXPERIMENTAL' || isStudied(a)).map(getsOf);
  return t.arms.slice(0, MAX_ARMS_LISTED).map((a) => {
    const given = armGets(a, t);
    const gets = given.filter((i) => !check(i)).map(interventionName);
    const checks = given.filter(check).map(interventionName);
    const studied = isStudied(a);
    const code = studied ? 'EXPERIMENTAL' : a.type?.code;
    // Groups not formed by chance may be different people (cohorts by their tumour's genes), so an "active
    // comparator" among them is said as another treatment, not as a comparison the record does not describe; one
    // whose plan lists no treatment at all (scans, or watching: "Clinical Observation") is not called a treatment.
    const role =
      code === 'ACTIVE_COMPARATOR' && given.filter((i) => !check(i)).every((i) => WATCHING.test(i.name))
        ? undefined
        : code === 'ACTIVE_COMPARATOR' && !byChance(t)
          ? 'another treatment'
          : code
            ? ROLE[code]
            : undefined;
    // A comparison group that lists the one item the studied group lists, while its own description names no word
    // of it (NCT05144867's whole-brain group lists radiosurgery), is the record contradicting itself: its list is
    // left out, and its description, kept as written, says what it gets. Lists of several items, or a description
    // that names the item ("vaginal brachytherapy"), are kept.
    const only = gets.length === 1 ? (gets[0] as string) : undefined;
    // So is a placebo or sham group that lists the studied group's one item, its description silent on it
    // (NCT06454773's "control", described as "Placebo", lists the extract the other group takes).
    const contradicted =
      (a.type?.code === 'ACTIVE_COMPARATOR' ||
        a.type?.code === 'PLACEBO_COMPARATOR' ||
        a.type?.code === 'SHAM_COMPARATOR') &&
      !studied &&
      only !== undefined &&
      studiedGets.length > 0 &&
      studiedGets.every((g) => g.length === 1 && g[0] === only) &&
      !(only.toLowerCase().match(/\p{L}{5,}/gu) ?? []).some((w) => a.description?.toLowerCase().includes(w));
    // A group the record marks as closed ("ARM A (CLOSED AS OF UPDATE #7)") takes no one new, even in an open study.
    const closed = takesPeople && CLOSED_GROUP.test(`${a.label} ${a.description ?? ''}`);
    // A placebo or sham beside treatment the group also gets (NCT06890598: pembrolizumab and a placebo pill) is not
    // all the group gets: "a placebo, to compare" alone reads as no treatment at all. Only where its list names
    // both: a list without the placebo is the record's own muddle, said as the type says it.
    const alsoTreated =
      (code === 'PLACEBO_COMPARATOR' || code === 'SHAM_COMPARATOR') &&
      !contradicted &&
      given.some(isPlaceboLike) &&
      given.some((i) => !check(i) && !isPlaceboLike(i));
    const shownRole = alsoTreated
      ? `${code === 'SHAM_COMPARATOR' ? 'a sham' : 'a placebo'} in place of the treatment being studied, to compare`
      : role;
    const said = [shownRole, closed ? 'the record says it takes no new people' : undefined].filter(Boolean).join('; ');
    return {
      label: a.label,
      ...(said ? { role: said } : {}),
      ...(gets.length && !contradicted ? { gets: joinNames(gets) } : {}),
      ...(checks.length ? { checks: joinNames(checks) } : {}),
      ...(a.description ? { description: a.description } : {}),
    };
  });
}

// An abbreviation in a measure: a word of two to eight capitals ("MACE", "PFS"), not part of a hyphenated or
// slashed word ("Non-HDL", "PFS-2", "HIV-1": the spelled-out words would name something else).
const ABBREVIATION = /(?<![\p{L}\p{N}/-])\p{Lu}{2,8}(?![\p{L}\p{N}/-])/gu;

/**
 * A measure as registered, with each abbreviation the outcome's own description spells out said once in its words:
 * "MACE (major adverse cardiovascular events)" where the description has "major adverse cardiovascular events
 * (MACE)". Fields: the outcome's measure and description. The spelled-out words are the record's, taken only where
 * their first letters make the abbreviation, within one sentence and one line; silent otherwise, where the measure
 * already follows it with "(", and in a measure of several words written in capitals (each looks like an
 * abbreviation: "PFS OR OS").
 */
export function measureText(o: Pick<Outcome, 'measure' | 'description'>): string {
  const { measure, description } = o;
  if (!description || (!/\p{Ll}/u.test(measure) && /\s/.test(measure.trim()))) return measure;
  let out = measure;
  for (const m of [...measure.matchAll(ABBREVIATION)].reverse()) {
    const abbr = m[0];
    const end = m.index + abbr.length;
    // Spelled out in the measure itself already: "Major adverse cardiac events (MACE)"; or said once, further on.
    if (/^\s*\(/.test(measure.slice(end)) || measure.includes(`(${abbr})`) || measure.indexOf(abbr) !== m.index)
      continue;
    const words = spelledOut(description, abbr);
    if (words) out = `${out.slice(0, end)} (${words})${out.slice(end)}`;
  }
  return out;
}

/** "major adverse cardiovascular events" from "… rate of major adverse cardiovascular events (MACE) including …". */
function spelledOut(text: string, abbr: string): string | undefined {
  const at = text.indexOf(`(${abbr})`);
  if (at < 0) return undefined;
  // As many words before it as the abbreviation has letters; a hyphen or slash parts words ("event-free").
  const parts = text
    .slice(0, at)
    .trimEnd()
    .split(/([ /-]+)/);
  const words: string[] = [];
  let i = parts.length - 1;
  while (i >= 0 && words.length < abbr.length) {
    const w = parts[i] as string;
    if (w && !/^[ /-]+$/.test(w)) words.unshift(w);
    i--;
  }
  if (words.length !== abbr.length) return undefined;
  // Each word starts with the abbreviation's letter; none holds a line break or ends a clause before the last.
  const fits = (w: string, k: number) =>
    /^\p{L}/u.test(w) &&
    w[0]?.toUpperCase() === abbr[k] &&
    !/\s/.test(w) &&
    (k === words.length - 1 || !/[.,;:]$/.test(w));
  return words.every(fits) ? parts.slice(i + 1).join('') : undefined;
}

/** A detailed description that repeats the brief summary word for word, white space aside (NCT03475563). */
export const repeatsSummary = (t: Pick<Trial, 'summary' | 'description'>): boolean =>
  t.description !== undefined && squash(t.description) === squash(t.summary ?? '');

export function primaryOutcomes(t: Trial): Outcome[] {
  return t.outcomes.primary.slice(0, MAX_PRIMARY_OUTCOMES);
}

/**
 * "Plans to include about 60 people" (estimated, while the study may take people), "Planned to include …" (closed,
 * ended, or an unknown status whose planned end has passed), "60 people took part" (actual, ended), "No one
 * joined"; a study of past records uses records: "Plans to use the records of about 60 people", "The records of 60
 * people".
 */
export function enrollmentText(t: Trial, e: NonNullable<Trial['enrollment']>): string {
  const who = plural(e.count, 'person', 'people');
  const ended = situationOf(t) === 'ended';
  const back = looksBack(t);
  // An estimate on a study that takes nobody new is a plan that was made, not one under way.
  const plans = mayStillTakePeople(t) ? 'Plans' : 'Planned';
  if (e.kind === 'estimated') return `${plans} to ${back ? 'use the records of' : 'include'} about ${who}`;
  if (e.kind === 'actual') {
    if (e.count === 0) return back ? 'No records were used' : 'No one joined';
    if (back) return `The records of ${who}`;
    return ended ? `${who} took part` : `${who} joined`;
  }
  return back ? `The records of ${who}` : who;
}

export interface DateRow {
  label: string;
  value: string;
}

/** Dates as the record gives them; "expected" only for estimated dates, "planned" once the study has ended. */
export function dateRows(t: Trial): DateRow[] {
  const ended = situationOf(t) === 'ended';
  // A withdrawn study never ran, so an "actual" date there is not a start or an end that happened: it gets the
  // neutral label, and its estimates are plans.
  const withdrawn = t.status?.code === 'WITHDRAWN';
  // An estimate is labelled as one: it may be years old, so never "expected" as if it were fresh.
  const row = (
    d: TrialDate | undefined,
    actual: string,
    estimated: string,
    planned: string,
    neutral: string,
  ): DateRow[] =>
    d
      ? [
          {
            label: withdrawn
              ? d.kind === 'actual'
                ? neutral
                : planned
              : d.kind === 'actual'
                ? actual
                : d.kind === 'estimated'
                  ? ended
                    ? planned
                    : estimated
                  : neutral,
            value: d.label,
          },
        ]
      : [];
  const rows = [
    ...row(t.dates.start, 'Started', 'Start (estimated)', 'Planned start', 'Start date in the record'),
    ...row(
      // A withdrawn study collected no results: an "actual" main-results date would suggest it did.
      withdrawn && t.dates.primaryCompletion?.kind === 'actual' ? undefined : t.dates.primaryCompletion,
      'Main results collected',
      'Main results collected (estimated)',
      'Main results planned',
      'Main results date',
    ),
    ...row(t.dates.completion, 'Ended', 'End (estimated)', 'Planned end', 'End date in the record'),
  ];
  // Older records give these dates as estimates (`type: ESTIMATED`): said so.
  const posted = (label: string, d: TrialDate | undefined) =>
    d ? [{ label: `${label}${d.kind === 'estimated' ? ' (estimated)' : ''}`, value: d.label }] : [];
  rows.push(...posted('First posted on ClinicalTrials.gov', t.dates.firstPosted));
  rows.push(...posted('Last updated on ClinicalTrials.gov', t.dates.lastUpdated));
  if (t.status?.verified) rows.push({ label: 'Status last checked', value: t.status.verified.label });
  return rows;
}

/**
 * Open studies, from an estimated completion date. Said as of the record's last update, so the
 * sentence stays true when the registry is not kept up to date and the date has passed.
 */
export function endSentence(t: Trial): string | undefined {
  const d = t.dates.completion;
  // A withdrawn study's "actual" dates (NCT05193279: October to December 2022, no one enrolled) are no time it ran.
  if (t.status?.code === 'WITHDRAWN' && [t.dates.start, d].some((x) => x?.kind === 'actual'))
    return 'It stopped before anyone joined, so these are dates in the record, not a time when the study ran.';
  // Open or closed (still going on): when it may end. An ended study has its own dates.
  const s = situationOf(t);
  if ((s !== 'open' && s !== 'closed') || !d || d.kind !== 'estimated') return undefined;
  const when = atDate(d);
  const updated = t.dates.lastUpdated;
  const month = updated?.label.replace(/^(\w+) \d{1,2}, /, '$1 ');
  // Registry statuses often stay "open" past the planned end (NCT06454773: to end December 2024, still recruiting
  // in the copy of the record from July 2025), so where the status says people are joining now, and people, not
  // records, join, the reader is asked to check. A page is made from the record alone and does not know today's
  // date: before the end, the advice is said as a condition, true on any date.
  const takingNow = ['RECRUITING', 'ENROLLING_BY_INVITATION'].includes(t.status?.code ?? '') && mayInvite(t);
  const ask = 'check with the study team or on ClinicalTrials.gov whether it is still taking people.';
  // An estimate already past when the record was last updated (compared at the estimate's own precision).
  if (updated && updated.iso.slice(0, d.iso.length) > d.iso)
    return (
      `The planned end date in the record, ${d.label}, had already passed when the record was last updated, ` +
      `in ${month}.${takingNow ? ` So ${ask}` : ''}`
    );
  const asOf = updated ? `When the record was last updated, in ${month}, the` : 'The';
  if (!takingNow) return `${asOf} study was expected to end ${when}.`;
  // People join before the main results are collected (the primary completion date: the last person's main
  // check), which may be years before the end (NCT05519085: November 2025, against an end in 2033): the check
  // follows the earlier date.
  const main = t.dates.primaryCompletion;
  const first = main?.kind === 'estimated' && main.iso.slice(0, d.iso.length) < d.iso.slice(0, main.iso.length);
  if (!main || !first) return `${asOf} study was expected to end ${when}. If that date has passed, ${ask}`;
  const mainPassed = updated && updated.iso.slice(0, main.iso.length) > main.iso;
  return (
    `${asOf} study was expected to end ${when}. Its main results were to be collected ${atDate(main)}. ` +
    (mainPassed ? `That date had already passed then, so ${ask}` : `If that date has passed, ${ask}`)
  );
}
