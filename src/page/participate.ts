import { atDate } from '../model/dates.js';
import type { Trial } from '../model/trial.js';
import { byInvitation, isWithdrawn, looksBack, plannedEndPassed, situationOf } from './situation.js';
import { hasRules } from './who.js';

// The "can I join / how it ended" section, one rule per situation:
// open → steps (by invitation: only people the team invites); unknown → "may still be open,
// ask"; paused or closed → "not taking new people now"; ended → past tense, the registry's
// reason in its own words, the results link when results are posted. Never an invitation
// on an ended page, never "closed" on an unknown one, never a team the page does not show.

export interface Participate {
  /** Numbered steps (open studies only). */
  steps: string[];
  /** Plain paragraphs. */
  paragraphs: string[];
  /** The registry's reason for stopping, quoted word for word. */
  whyStopped?: string;
  /** Link to posted results. */
  resultsUrl?: string;
}

export function participate(t: Trial, contactsShown: boolean): Participate {
  const s = situationOf(t);
  const code = t.status?.code;
  const noun = t.studyType?.code === 'INTERVENTIONAL' || t.studyType === undefined ? 'trial' : 'study';
  const ask = contactsShown ? 'the study team listed on this page' : 'a study site listed above';
  const siteOrTeam = contactsShown || t.sites.count > 0;
  if (s === 'open') {
    if (code === 'AVAILABLE') {
      return {
        steps: [],
        paragraphs: [
          'This treatment may be available to you outside a trial. Ask your doctor if it could be right for you.',
        ],
      };
    }
    if (looksBack(t))
      return {
        steps: [],
        paragraphs: [
          'This study looks back at past health records, so there may be nothing to sign up for. ' +
            `See the ${noun} page on ClinicalTrials.gov for details.`,
        ],
      };
    // No list to go over where the record gives none, or gives the same words for both (NCT06948435: "refer to the
    // … master protocol"), as the who section says.
    const steps = [
      hasRules(t)
        ? 'Go over the list of who can and cannot join with your doctor.'
        : 'Ask the study team who can join. The record does not list the rules here.',
    ];
    if (byInvitation(t)) {
      steps.push('Only people the study team invites can join. Ask your doctor if you might be asked.');
    } else if (contactsShown) {
      steps.push(
        `Contact the study team listed on this page and ask to be checked for the ${noun}. Asking does not mean ` +
          `you have to join.`,
      );
    } else if (siteOrTeam) {
      steps.push(
        'This record lists no contact details. Ask your doctor to help you reach a study site listed above. ' +
          'Asking does not mean you have to join.',
      );
    } else {
      steps.push(
        `This record lists no contact details or sites yet. Check the ${noun} page on ClinicalTrials.gov for updates.`,
      );
    }
    // Said once: the step above already points there when the record lists no one to ask.
    if (contactsShown || siteOrTeam || byInvitation(t))
      steps.push(`Visit the ${noun} page on ClinicalTrials.gov for the latest status.`);
    // Asking needs someone to ask: a listed contact or site.
    if (code === 'NOT_YET_RECRUITING')
      steps.push(
        // As of the status's last check, like the status itself: the record may not have been updated since.
        `${t.status?.verified ? `At its last check, in ${t.status.verified.label}, the study had` : 'The study has'} ` +
          `not started to take people yet. ${siteOrTeam ? 'Ask when it will start.' : 'Check back later.'}`,
      );
    return { steps, paragraphs: access(t) };
  }
  if (s === 'unknown') {
    const first =
      code === 'UNKNOWN'
        ? // Timeless: the registry marks a status unknown once it went unconfirmed for two years.
          'The registry marks this status as unknown: no one had confirmed it for more than two years.'
        : "The registry does not give this study's status.";
    const last = t.status?.lastKnown
      ? `Its last known status was ` +
        `"${t.status.lastKnown.label.toLowerCase()}"${t.status.verified ? `, in ${t.status.verified.label}` : ''}.`
      : '';
    // The page does not know today's date: the end is said as of the last update, and said to have passed only
    // where the record itself proves it (plannedEndPassed).
    const end = t.dates.completion?.kind === 'estimated' ? t.dates.completion : undefined;
    const passed = plannedEndPassed(t);
    const planned = end
      ? `As of its last update, it was planned to end around ${end.label}.` +
        (passed ? ' That date has now passed.' : '')
      : '';
    // Last known as not yet recruiting (NCT03877679): it may never have opened at all.
    const never =
      t.status?.lastKnown?.code === 'NOT_YET_RECRUITING' ? 'It may never have started, it may have ended, ' : '';
    const open = !passed
      ? 'It may still be open.'
      : never
        ? `${never}or it may still be open.`
        : 'It may have ended, or it may still be open.';
    const next = siteOrTeam
      ? `${open} To find out, contact ${ask}.`
      : `${open} Check the ${noun} page on ClinicalTrials.gov.`;
    return {
      steps: [],
      paragraphs: [[first, last, planned].filter(Boolean).join(' '), next, ...posted(t), ...access(t)],
      ...resultsLink(t),
    };
  }
  if (s === 'closed') {
    // As of the status's last check, like an open status: a record may go years without one.
    const checked = t.status?.verified;
    const [present, past] =
      code === 'SUSPENDED'
        ? [`is on hold and is not taking new people now`, `was on hold and was not taking new people`]
        : code === 'TEMPORARILY_NOT_AVAILABLE'
          ? ['is not offered outside a trial right now', 'was not offered outside a trial']
          : looksBack(t)
            ? // Nobody joined a study of past records.
              [
                "is not taking in more people's records. It is still going on",
                "was not taking in more people's records. It was still going on",
              ]
            : [
                'is not taking new people. It is still going on with the people who already joined',
                'was not taking new people. It was still going on with the people who had joined',
              ];
    const subject = code === 'TEMPORARILY_NOT_AVAILABLE' ? 'treatment' : noun;
    const again = code === 'SUSPENDED' ? ' It may start again.' : '';
    const now = checked
      ? `When its status was last checked, ${atDate(checked)}, this ${subject} ${past}.${again}`
      : `This ${subject} ${present}.${again}`;
    return {
      steps: [],
      paragraphs: [now, ...posted(t), ...access(t), 'Ask your doctor about other trials that may fit you.'],
      ...stopped(t),
      ...resultsLink(t),
    };
  }
  const d = t.dates.completion;
  const end = d?.kind === 'actual' ? ` ${atDate(d)}` : '';
  const first = isWithdrawn(t)
    ? `This ${noun} stopped before ${looksBack(t) ? 'it began' : 'anyone joined'}.`
    : code === 'TERMINATED'
      ? `This ${noun} stopped early${end}. It will not start again.`
      : code === 'COMPLETED'
        ? end
          ? `This ${noun} ended${end}.`
          : `This ${noun} has ended.`
        : code === 'APPROVED_FOR_MARKETING'
          ? 'This treatment is now approved, so it is no longer offered through this program.'
          : code === 'NO_LONGER_AVAILABLE'
            ? 'This treatment is no longer offered through this program.'
            : 'This study is not open. The registry does not share its details.';
  const results = t.hasResults
    ? 'Results are posted on ClinicalTrials.gov.'
    : isWithdrawn(t)
      ? ''
      : `No results are posted on ClinicalTrials.gov for this ${noun}.`;
  return {
    steps: [],
    paragraphs: [
      first,
      results,
      ...access(t),
      // Withdrawn: nobody joined, so no one is "new".
      `It is not taking ${isWithdrawn(t) ? 'anyone' : 'new people'}. ` +
        'Ask your doctor about other trials that may fit you.',
    ].filter(Boolean),
    ...stopped(t),
    ...resultsLink(t),
  };
}

// Expanded access: some people may get a treatment of the study outside a trial. Said as the record lists it,
// as of its last update; not on the page of an expanded access record itself. A program that no longer offers it
// (ended, or the treatment approved for use) is told in the past: "may get" would promise what it no longer gives.
const ACCESS: Record<string, string> = {
  AVAILABLE: 'it was available',
  TEMPORARILY_NOT_AVAILABLE: 'it was paused for now',
  NO_LONGER_AVAILABLE: 'it was no longer offered',
  APPROVED_FOR_MARKETING: 'the treatment had been approved for use. The program no longer offered it',
};
const ACCESS_ENDED: ReadonlySet<string> = new Set(['NO_LONGER_AVAILABLE', 'APPROVED_FOR_MARKETING']);
function access(t: Trial): string[] {
  const ea = t.expandedAccess;
  if (!ea || t.studyType?.code === 'EXPANDED_ACCESS') return [];
  const code = ea.status?.code ?? '';
  const what =
    (ACCESS_ENDED.has(code)
      ? 'A program offered a treatment from this study outside of a trial. '
      : 'Some people may get a treatment from this study outside of a trial. ') +
    `The record calls this expanded access${ea.nctId ? ` (${ea.nctId})` : ''}.`;
  const state = ACCESS[code];
  return [state ? `${what} When the record was last updated, ${state}.` : what];
}

// A study still going on may post results too (`hasResults`): said, and linked, whatever its status.
const posted = (t: Trial) => (t.hasResults ? ['Results are posted on ClinicalTrials.gov.'] : []);
const resultsLink = (t: Trial) => (t.hasResults ? { resultsUrl: `${t.url}?tab=results` } : {});

function stopped(t: Trial): { whyStopped?: string } {
  return t.status?.whyStopped ? { whyStopped: t.status.whyStopped } : {};
}
