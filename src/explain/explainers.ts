import type { Trial } from '../model/trial.js';
import { joinWords, plural } from '../model/text.js';

// Short plain-language explanations, written for a US grade 6–7 reader.
// Every sentence here is generated prose: `trialcard check` scores it and CI fails above grade 8.

const PHASE: Record<string, string> = {
  EARLY_PHASE1: 'An early phase 1 study is a very first test in a few people. It checks how a new drug acts in the body. It is not meant to treat you.',
  PHASE1: 'A phase 1 trial is an early step. It tests a new treatment in a small group of people, often 20 to 80. The main goal is to find a safe dose and learn about side effects. Doctors know little yet about how well it works.',
  PHASE2: 'A phase 2 trial tests a treatment in a larger group, often up to a few hundred people. It checks if the treatment works and keeps watch on safety.',
  PHASE3: 'A phase 3 trial tests a treatment in many people, often hundreds or thousands. It checks if the new treatment works better than, or as well as, the usual care.',
  PHASE4: 'A phase 4 trial studies a treatment that is already approved. It looks for rare or long-term side effects in many people.',
  NA: 'This study has no phase. Phases are used for new drugs. Studies of devices, surgery or daily habits often have none.',
};

const STATUS: Record<string, string> = {
  RECRUITING: 'The study is looking for people to join now. Some sites may not be open yet.',
  NOT_YET_RECRUITING: 'The study has not started to take people yet. You can ask the study team when it will start.',
  ENROLLING_BY_INVITATION: 'The study team picks who can join. You can join only if they invite you.',
  ACTIVE_NOT_RECRUITING: 'The study is still going on, but it is not taking new people.',
  SUSPENDED: 'The study is on hold for now. It may start again later.',
  TERMINATED: 'The study stopped early and will not start again.',
  COMPLETED: 'The study has ended. It is not taking new people.',
  WITHDRAWN: 'The study stopped before anyone joined.',
  UNKNOWN: 'No one has checked the status of this study in the last two years. Ask the study team if it is still open.',
  AVAILABLE: 'You may be able to get this treatment outside a trial. Ask your doctor.',
  NO_LONGER_AVAILABLE: 'This treatment is no longer offered outside a trial.',
  TEMPORARILY_NOT_AVAILABLE: 'This treatment is not offered outside a trial right now.',
  APPROVED_FOR_MARKETING: 'This treatment is now approved and sold.',
  WITHHELD: 'The study team has not shared the status of this study.',
};

const STUDY_TYPE: Record<string, string> = {
  INTERVENTIONAL: 'In this kind of study, the people who join get a treatment or other care chosen by the study plan.',
  OBSERVATIONAL: 'In this kind of study, doctors watch and measure what happens. The study does not choose a treatment for you.',
  EXPANDED_ACCESS: 'This is a way to get a drug that is still being tested, for people who cannot join a trial.',
};

export interface Explainer {
  term: string;
  text: string;
}

/** The explanations that apply to this trial, in page order. */
export function explainTrial(t: Trial): Explainer[] {
  const out: Explainer[] = [];
  for (const code of t.phases.codes) {
    const text = PHASE[code];
    if (text) out.push({ term: t.phases.codes.length > 1 ? `Phase ${code.replace(/\D/g, '')}` : 'Phase', text });
  }
  if (t.phases.codes.length > 1) {
    out.push({ term: 'Combined phases', text: 'This trial joins two phases into one study, so it can move to the next step without a pause.' });
  }
  const model = t.design.interventionModel?.code;
  const allocation = t.design.allocation?.code;
  if (model === 'SINGLE_GROUP') out.push({ term: 'Single group', text: 'Everyone in the study gets the same treatment. No one gets a placebo.' });
  if (allocation === 'RANDOMIZED') out.push({ term: 'Randomized', text: 'A computer puts people into groups by chance, like a coin toss. You and your doctor cannot pick your group.' });
  const masking = t.design.masking?.code;
  if (masking === 'NONE') out.push({ term: 'Open label', text: 'You and the study team both know which treatment you get.' });
  else if (masking) out.push({ term: 'Blinded', text: 'Some people in the study do not know which treatment each person gets. This keeps the results fair.' });
  if (t.arms.some((a) => a.type?.code === 'PLACEBO_COMPARATOR') || t.interventions.some((i) => /placebo/i.test(i.name))) {
    out.push({ term: 'Placebo', text: 'A placebo looks like the real treatment but has no drug in it. In most trials it is given on top of usual care, not in place of it.' });
  }
  if (/dose[- ]?escalation|3\s*\+\s*3/i.test(`${t.officialTitle ?? ''} ${t.summary ?? ''}`)) {
    out.push({ term: 'Dose escalation', text: 'Small groups get the drug one group at a time. The dose goes up only if the group before did not have bad side effects.' });
  }
  if (t.studyType) {
    const text = STUDY_TYPE[t.studyType.code];
    if (text) out.push({ term: t.studyType.code === 'OBSERVATIONAL' ? 'Observational study' : 'Study type', text });
  }
  if (t.healthyVolunteers) out.push({ term: 'Healthy volunteers', text: 'People who do not have the illness being studied may also join.' });
  if (t.arms.some((a) => a.type?.code === 'ACTIVE_COMPARATOR')) {
    out.push({ term: 'Usual care', text: 'Some people get a treatment that doctors already use. The new treatment is measured against it.' });
  }
  return out;
}

/** What the status means for someone who wants to join. */
export function statusMeaning(t: Trial): string | undefined {
  const code = t.status?.code;
  if (!code) return undefined;
  return STATUS[code] ?? 'Check the status of this study with the study team.';
}

export function canJoin(t: Trial): boolean {
  return ['RECRUITING', 'NOT_YET_RECRUITING', 'ENROLLING_BY_INVITATION', 'AVAILABLE'].includes(t.status?.code ?? '');
}

/** One plain sentence of what the trial tries. */
export function oneLiner(t: Trial): string {
  const who = t.conditions.length > 0 ? `people with ${joinWords(t.conditions.slice(0, 2).map(lowerFirst))}` : 'people';
  const names = t.interventions.slice(0, 2).map((i) => i.name);
  if (t.interventions.length > 2) names.push(t.interventions.length === 3 ? 'one more treatment' : `${t.interventions.length - 2} more treatments`);
  if (t.studyType?.code === 'OBSERVATIONAL') return `This study watches and measures health in ${who}. It does not give a treatment.`;
  if (t.studyType?.code === 'EXPANDED_ACCESS') return `This program gives ${names.length ? joinWords(names) : 'a drug still being tested'} to ${who} who cannot join a trial.`;
  const what = names.length > 0 ? joinWords(names) : 'a new approach';
  const purpose = t.design.primaryPurpose?.code;
  const goal =
    purpose === 'PREVENTION' ? 'to see if it can prevent illness'
      : purpose === 'DIAGNOSTIC' ? 'to see if it helps find or measure illness'
      : purpose === 'SUPPORTIVE_CARE' ? 'to see if it helps people feel better during care'
      : t.phases.codes.includes('PHASE1') || t.phases.codes.includes('EARLY_PHASE1') ? 'to see if it is safe and to find the right dose'
      : 'to see if it is safe and if it helps';
  return `This trial tests ${what} in ${who} ${goal}.`;
}

/** Who the trial is for, from ages, sex, volunteers and the criteria counts. */
export function whoCanJoin(t: Trial): string[] {
  const out: string[] = [];
  const adultsOnly = (t.ages.min?.unit === 'year' && t.ages.min.value >= 18) ?? false;
  const childrenOnly = t.ages.max !== undefined && !(t.ages.max.unit === 'year' && t.ages.max.value >= 18);
  const sexWord = (female: boolean) => (adultsOnly ? (female ? 'women' : 'men') : childrenOnly ? (female ? 'girls' : 'boys') : female ? 'women and girls' : 'men and boys');
  const sex = t.sex?.code === 'FEMALE' ? sexWord(true) : t.sex?.code === 'MALE' ? sexWord(false) : 'people';
  const age = t.ages.label === 'any age' ? 'of any age' : `aged ${t.ages.label}`;
  const cond = t.conditions.length > 0 ? ` who have ${joinWords(t.conditions.slice(0, 3).map(lowerFirst))}` : '';
  out.push(`This study is for ${sex} ${age}${cond}.`);
  if (t.healthyVolunteers === true) out.push('People without the illness may also join.');
  else if (t.healthyVolunteers === false) out.push('It does not take healthy volunteers.');
  const inc = countItems(t, 'inclusion');
  const exc = countItems(t, 'exclusion');
  if (t.eligibility.case === 'split' || t.eligibility.case === 'inclusion-only') {
    const parts = [inc > 0 ? `${plural(inc, 'thing')} you must have or do` : '', exc > 0 ? `${plural(exc, 'thing')} that would keep you out` : ''].filter(Boolean);
    if (parts.length) out.push(`The full list below has ${joinWords(parts)}.`);
  }
  out.push('Read the list with your doctor. The rules keep people safe and make the results clear. Not fitting is not about you as a person.');
  return out;
}

function countItems(t: Trial, kind: 'inclusion' | 'exclusion'): number {
  return t.eligibility.sections.filter((s) => s.kind === kind).reduce((n, s) => n + s.entries.filter((e) => e.kind === 'item').length, 0);
}

function lowerFirst(s: string): string {
  // Keep acronyms and names ("HIV", "Crohn Disease") as written; lower only plain capitalized words.
  return /^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+\s[A-Z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
