import type { Trial } from '../model/trial.js';

// One page design, four situations, chosen from overallStatus alone. Every heading and
// every "can I join" sentence on the page follows the situation, so a completed study never
// invites and an unknown one is never called closed.

export type Situation = 'open' | 'unknown' | 'closed' | 'ended';

/** Statuses that may take people: for a study, and for each of its sites. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set([
  'RECRUITING',
  'NOT_YET_RECRUITING',
  'ENROLLING_BY_INVITATION',
  'AVAILABLE',
]);
const CLOSED = new Set(['ACTIVE_NOT_RECRUITING', 'SUSPENDED', 'TEMPORARILY_NOT_AVAILABLE']);
const ENDED = new Set([
  'COMPLETED',
  'TERMINATED',
  'WITHDRAWN',
  'NO_LONGER_AVAILABLE',
  'APPROVED_FOR_MARKETING',
  'WITHHELD',
]);

/** A status the registry adds later, or none at all, is treated as unknown: the page then claims least. */
export function situationOf(t: Pick<Trial, 'status'>): Situation {
  const code = t.status?.code ?? '';
  if (OPEN_STATUSES.has(code)) return 'open';
  if (CLOSED.has(code)) return 'closed';
  if (ENDED.has(code)) return 'ended';
  return 'unknown';
}

/** The study may be taking people: open, or its status unknown (never called closed). */
export const mayBeOpen = (t: Pick<Trial, 'status'>) => ['open', 'unknown'].includes(situationOf(t));

/** It may still take people: it may be open, and its planned end has not surely passed (plannedEndPassed). */
export const mayStillTakePeople = (t: Pick<Trial, 'status' | 'dates'>) => mayBeOpen(t) && !plannedEndPassed(t);

/** The page may speak to someone who could join it: it may still take people, and people, not their records. */
export const mayInvite = (t: Trial) => mayStillTakePeople(t) && !looksBack(t);

export const isWithdrawn = (t: Pick<Trial, 'status'>) => t.status?.code === 'WITHDRAWN';
export const byInvitation = (t: Pick<Trial, 'status'>) => t.status?.code === 'ENROLLING_BY_INVITATION';

/** An observational study of past records only (time perspective "retrospective"): nobody joins it. */
export function looksBack(t: Pick<Trial, 'studyType' | 'design'>): boolean {
  return t.studyType?.code === 'OBSERVATIONAL' && t.design.timePerspective?.code === 'RETROSPECTIVE';
}

export interface Headings {
  studies: string;
  who: string;
  where: string;
  participate: string;
}

/** Section headings; an open trial keeps the seed page's wording. Only interventional studies are "trials". */
export function headingsFor(t: Trial): Headings {
  const s = situationOf(t);
  const noun = t.studyType?.code === 'INTERVENTIONAL' || t.studyType === undefined ? 'trial' : 'study';
  // "What this study studies" stutters; a non-trial is "about" its subject.
  const studies = noun === 'trial' ? 'What this trial studies' : 'What this study is about';
  if (s === 'open')
    return {
      studies,
      who: looksBack(t) ? 'Whose records the study uses' : `Who should consider this ${noun}`,
      // Not "is running" before it has started (NCT05865379: "The registry lists no sites yet").
      where: t.status?.code === 'NOT_YET_RECRUITING' ? `Where this ${noun} will run` : `Where this ${noun} is running`,
      participate: 'How to participate',
    };
  // A study of past records has nobody join it: its section says whose records it uses.
  const back = looksBack(t);
  if (s === 'unknown')
    return {
      studies,
      who: back ? 'Whose records the study uses' : `Who this ${noun} is for`,
      where: 'Study sites',
      participate: 'Is it still open?',
    };
  if (s === 'closed') {
    return {
      studies,
      who: back ? 'Whose records the study uses' : `Who this ${noun} is for`,
      where: t.status?.code === 'SUSPENDED' ? 'Study sites' : `Where this ${noun} is running`,
      participate: back ? 'Is it still going on?' : 'Can I join?',
    };
  }
  if (isWithdrawn(t))
    return {
      studies,
      who: back ? 'Whose records the study would have used' : `Who this ${noun} was for`,
      where: 'Where it was planned to run',
      participate: `How this ${noun} ended`,
    };
  return {
    studies,
    who: back ? 'Whose records the study used' : `Who this ${noun} was for`,
    where: `Where this ${noun} took place`,
    participate: `How this ${noun} ended`,
  };
}

/** Present, past or "planned" wording for sentences about the study as a whole. */
export function tense(t: Trial): 'present' | 'past' | 'planned' {
  const s = situationOf(t);
  if (s !== 'ended') return 'present';
  return isWithdrawn(t) ? 'planned' : 'past';
}

/** Picks the wording for the study's tense: running, ended, or withdrawn before it ran. */
export function byTense(t: Trial): (present: string, past: string, planned: string) => string {
  const when = tense(t);
  return (present, past, planned) => (when === 'present' ? present : when === 'past' ? past : planned);
}

/**
 * "who can join" / "who could join" / "who could have joined": a study that takes no new people (closed for now,
 * or ended) says who could join, so its lists never read as an invitation; a withdrawn one never took anyone; a
 * study of past records says who is included.
 */
export function joinVerbs(t: Trial): { can: string; cannot: string } {
  // Nobody joins a study of past records (NCT06036394): its lists say whose records are included.
  if (looksBack(t)) {
    const v = byTense(t);
    return {
      can: v('is included', 'was included', 'would have been included'),
      cannot: v('is not included', 'was not included', 'would not have been included'),
    };
  }
  if (isWithdrawn(t)) return { can: 'could have joined', cannot: 'could not have joined' };
  return mayStillTakePeople(t)
    ? { can: 'can join', cannot: 'cannot join' }
    : { can: 'could join', cannot: 'could not join' };
}

/**
 * An unknown status whose planned (estimated) end is surely past, from the record alone: the registry sets
 * "unknown" once the status went unchecked for two years, so today is at least two years after the last check.
 * Compared at the end's own precision ("2019" has passed only once 2019 has). Such a study may have ended: its
 * lists say who could join, and the page gives no advice to read them.
 */
export function plannedEndPassed(t: Pick<Trial, 'status' | 'dates'>): boolean {
  const end = t.dates.completion;
  if (t.status?.code !== 'UNKNOWN' || end?.kind !== 'estimated') return false;
  const m = /^(\d{4})-(\d{2})/.exec(t.status.verified?.iso ?? '');
  if (!m) return false;
  const months = Number(m[1]) * 12 + Number(m[2]) - 1 + 24;
  const unknownSince = `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}`;
  return unknownSince.slice(0, end.iso.length) > end.iso;
}
