import { atDate } from '../model/dates.js';
import type { Trial } from '../model/trial.js';
import { byTense, looksBack } from '../page/situation.js';
import { healthyFact } from '../page/who.js';

// Short plain-language explanations, written for a US grade 6–7 reader.
// Every sentence here is generated prose: `trialcard check` scores it and CI fails above grade 8.

const PHASE: Record<string, string> = {
  EARLY_PHASE1:
    // Not "it is not meant to treat you": many early phase 1 records have a treatment purpose.
    'An early phase 1 study is a very first test in a few people. It often checks how a new drug acts in the body.',
  PHASE1:
    'A phase 1 trial is an early step. It tests a new treatment in a small group of people, often 20 to 80. The ' +
    'main goal is often to find a safe dose and learn about side effects. Some also look at how well it works.',
  PHASE2:
    'A phase 2 trial tests a treatment in a larger group, often up to a few hundred people. It often checks ' +
    'if the treatment works, and keeps watch on safety.',
  PHASE3:
    'A phase 3 trial tests a treatment in many people, often hundreds or thousands. It often checks if the ' +
    'treatment works better than, or as well as, the usual care or a placebo.',
  PHASE4:
    'A phase 4 trial studies a treatment that is already approved. It often looks at how well it works in more ' +
    'people, or for rare or long-term side effects.',
  NA:
    'This study has no phase. Phases are used for tests of new drugs. A study of a device, a surgery or a ' +
    'daily habit often has no phase.',
};

// A drug study without a phase: not "a device, a surgery or a daily habit", and no guess at why.
const NO_PHASE_DRUG =
  'This study has no phase. Phases are the steps used to test a new drug before and after it is approved.';
const ofDrugs = (t: Trial) =>
  t.interventions.some((i) => ['DRUG', 'BIOLOGICAL', 'GENETIC', 'COMBINATION_PRODUCT'].includes(i.type?.code ?? ''));

// Only for studies that may take people: the page's last section speaks for every other status.
const STATUS: Record<string, string> = {
  // The sites list says which sites are open; the record may list no contact to ask.
  RECRUITING: 'The study is looking for people to join.',
  NOT_YET_RECRUITING: 'The study has not started to take people yet.',
  ENROLLING_BY_INVITATION: 'The study team picks who can join. You can join only if they invite you.',
  AVAILABLE: 'You may be able to get this treatment outside a trial. Ask your doctor.',
};

// Each named as the Quick facts name it ("Interventional (clinical trial)"), not by the field's name.
const STUDY_TYPE: Record<string, Explainer> = {
  INTERVENTIONAL: {
    term: 'Interventional study',
    text: 'In this kind of study, the people who join get a treatment or other care chosen by the study plan.',
  },
  OBSERVATIONAL: {
    term: 'Observational study',
    text:
      'In this kind of study, doctors watch and measure what happens. ' +
      'The study does not choose a treatment for you.',
  },
  EXPANDED_ACCESS: {
    term: 'Expanded access',
    text: 'This is a way to get a drug that is still being tested, for people who cannot join a trial.',
  },
};

export interface Explainer {
  term: string;
  text: string;
}

/** The explanations that apply to this trial, in page order. */
export function explainTrial(t: Trial): Explainer[] {
  const out: Explainer[] = [];
  for (const code of t.phases.codes) {
    const text = code === 'NA' && ofDrugs(t) ? NO_PHASE_DRUG : PHASE[code];
    if (text) out.push({ term: t.phases.codes.length > 1 ? `Phase ${code.replace(/\D/g, '')}` : 'Phase', text });
  }
  if (t.phases.codes.length > 1) {
    out.push({
      term: 'Combined phases',
      // Said of such trials, not of this one: true whatever its status.
      text: 'A combined-phase trial joins two phases into one study, so it can move to the next step without a pause.',
    });
  }
  if (/dose[- ]?escalation|3\s*\+\s*3/i.test(`${t.officialTitle ?? ''} ${t.summary ?? ''}`)) {
    out.push({
      term: 'Dose escalation',
      text:
        'Small groups get the drug one group at a time. The dose goes up only if the group before did not ' +
        'have bad side effects.',
    });
  }
  const studyType = t.studyType && STUDY_TYPE[t.studyType.code];
  // A study of past records watches no one (NCT06036394): it reads what was written down.
  const back = looksBack(t);
  if (studyType)
    out.push(
      back
        ? {
            term: studyType.term,
            text:
              'In this kind of study, researchers look at what happens to people. This one looks at health ' +
              "records from the past. It does not choose anyone's treatment.",
          }
        : studyType,
    );
  if (healthyFact(t) !== undefined) {
    const v = byTense(t);
    const takes = back
      ? v('uses their records', 'used their records', 'would have used their records')
      : v('takes them', 'took them', 'would have taken them');
    out.push({
      term: 'Healthy volunteers',
      text: `These are people who do not have the illness being studied. The facts above say if this study ${takes}.`,
    });
  }
  return out;
}

/** What an open status means for someone who wants to join; undefined for any other status. */
export function statusMeaning(t: Trial): string | undefined {
  // A study of past records gathers records, not people: no "looking for people to join".
  const meaning =
    looksBack(t) && t.status?.code === 'RECRUITING'
      ? 'The study is gathering past health records.'
      : STATUS[t.status?.code ?? ''];
  // Said as of the last check, never "now": an open status may be years old when nobody updates the record.
  const verified = t.status?.verified;
  if (!meaning || !verified || !DATED.has(t.status?.code ?? '')) return meaning;
  return `${meaning} The status was last checked ${atDate(verified)}.`;
}

const DATED = new Set(['RECRUITING', 'NOT_YET_RECRUITING', 'ENROLLING_BY_INVITATION']);
