import { colemanLiau } from 'coleman-liau';
import { fleschKincaid } from 'flesch-kincaid';
import { smogFormula } from 'smog-formula';
import { syllable } from 'syllable';
import type { CriteriaEntry, ParsedCriteria } from '../criteria/parse.js';
import { isPlaceholderName, placeKey, siteSummary } from '../model/places.js';
import type { Contact, Outcome, Trial } from '../model/trial.js';
import { conditionPhrase, isIllness } from '../page/conditions.js';
import { isMeasurement, isPlaceboLike } from '../page/roles.js';
import { repeatsSummary } from '../page/study.js';

// Reading grade of the prose trialcard writes. Registry text (titles, summaries, criteria,
// names, places) is quoted as written, so it is replaced by a placeholder before scoring and
// the placeholder is not counted. Each heading, list item and line counts as a sentence.

const MONTH_DATE = new RegExp(
  String.raw`\b(?:January|February|March|April|May|June|July|August|September|October|November|December)` +
    String.raw`(?: \d{1,2},)? \d{4}\b`,
  'g',
);

const PLACEHOLDER = 'Qzq';

export interface Grade {
  fleschKincaid: number;
  smog: number;
  colemanLiau: number;
  sentences: number;
  words: number;
}

/** The trial with every piece of registry free text swapped for the placeholder. */
export function redactRecordText(t: Trial): Trial {
  const contact = (c: Contact): Contact => ({
    ...c,
    ...(c.name ? { name: PLACEHOLDER } : {}),
    ...(c.phone ? { phone: PLACEHOLDER } : {}),
    ...(c.email ? { email: PLACEHOLDER } : {}),
  });
  // Places stay as alike or as different as they were (Qzqa, Qzqb …), so the site sentences graded are the page's:
  // the same repeats, the same states. A placeholder name ("Research Site") is never one place: one token each.
  const tokens = new Map<string, string>();
  const place = (s: string | undefined, unique = false) => {
    if (s === undefined) return undefined;
    const key = unique ? `\u0000${tokens.size}` : placeKey(s);
    const known = tokens.get(key);
    if (known) return known;
    const token = `${PLACEHOLDER}${letters(tokens.size)}`;
    tokens.set(key, token);
    return token;
  };
  const list = t.sites.list.map((s) => ({
    ...s,
    facility: place(s.facility, s.facility !== undefined && isPlaceholderName(s.facility)),
    city: place(s.city),
    state: place(s.state),
    country: place(s.country),
    contacts: s.contacts.map(contact),
  }));
  // Redacted names stay distinct and keep the one word the page's rules read (placebo, scan), and
  // arms keep their links to interventions, so the page keeps the shape of its sentences.
  const ivName = new Map(
    t.interventions.map((i, k) => [
      i.name.toLowerCase(),
      `${PLACEHOLDER}${k}${isPlaceboLike(i) ? '-placebo' : isMeasurement(i) ? '-scan' : ''}`,
    ]),
  );
  const armLabel = new Map(t.arms.map((a, k) => [a.label.toLowerCase(), `${PLACEHOLDER}${k}`]));
  const armIntervention = (s: string) => {
    const m = /^([A-Za-z ]{2,30}):\s*(.*)$/.exec(s);
    return `${m ? `${m[1]}: ` : ''}${ivName.get((m ? (m[2] as string) : s).trim().toLowerCase()) ?? PLACEHOLDER}`;
  };
  const condition = (c: string, k: number) =>
    conditionPhrase({ conditions: [c], conditionMesh: t.conditionMesh }).healthyOnly
      ? c
      : isIllness(c, t.conditionMesh)
        ? `${PLACEHOLDER}-ill${k}`
        : `${PLACEHOLDER}-topic${k}`;
  const outcome = (o: Outcome): Outcome => ({
    measure: PLACEHOLDER,
    ...(o.timeFrame ? { timeFrame: PLACEHOLDER } : {}),
    ...(o.description ? { description: PLACEHOLDER } : {}),
  });
  const entry = (e: CriteriaEntry): CriteriaEntry =>
    e.kind === 'item' ? { ...e, text: PLACEHOLDER, children: e.children.map(entry) } : { ...e, text: PLACEHOLDER };
  const eligibility: ParsedCriteria = {
    ...t.eligibility,
    sections: t.eligibility.sections.map((s) => ({
      ...s,
      ...(s.heading ? { heading: PLACEHOLDER } : {}),
      entries: s.entries.map(entry),
    })),
  };
  return {
    ...t,
    briefTitle: PLACEHOLDER,
    ...(t.officialTitle ? { officialTitle: PLACEHOLDER } : {}),
    ...(t.acronym ? { acronym: PLACEHOLDER } : {}),
    ...(t.summary ? { summary: PLACEHOLDER } : {}),
    // A description that repeats the summary is shown once, one of its own gets its section: kept apart here too.
    ...(t.description ? { description: repeatsSummary(t) ? PLACEHOLDER : `${PLACEHOLDER}-detail` } : {}),
    ...(t.status ? { status: { ...t.status, ...(t.status.whyStopped ? { whyStopped: PLACEHOLDER } : {}) } } : {}),
    conditions: t.conditions.map(condition),
    conditionMesh: { terms: [], found: [`${PLACEHOLDER}-ill`.toLowerCase()] },
    ...(t.studyPopulation ? { studyPopulation: PLACEHOLDER } : {}),
    design: { ...t.design, ...(t.design.maskingDescription ? { maskingDescription: PLACEHOLDER } : {}) },
    ...(t.samples?.description ? { samples: { ...t.samples, description: PLACEHOLDER } } : {}),
    outcomes: {
      primary: t.outcomes.primary.map(outcome),
      secondary: t.outcomes.secondary.map(outcome),
      other: t.outcomes.other.map(outcome),
    },
    keywords: t.keywords.map(() => PLACEHOLDER),
    interventions: t.interventions.map((i) => ({
      ...i,
      name: ivName.get(i.name.toLowerCase()) as string,
      ...(i.description ? { description: PLACEHOLDER } : {}),
      otherNames: [],
      arms: i.arms.map((a) => armLabel.get(a.toLowerCase()) ?? PLACEHOLDER),
    })),
    arms: t.arms.map((a) => ({
      ...a,
      label: armLabel.get(a.label.toLowerCase()) as string,
      ...(a.description ? { description: PLACEHOLDER } : {}),
      interventions: a.interventions.map(armIntervention),
    })),
    ...(t.sponsor ? { sponsor: { ...t.sponsor, name: PLACEHOLDER } } : {}),
    collaborators: t.collaborators.map((c) => ({ ...c, name: PLACEHOLDER })),
    sites: {
      ...t.sites,
      list,
      countries: [],
      ...(t.sites.summary ? { summary: siteSummary(list) as string } : {}),
    },
    contacts: t.contacts.map(contact),
    ...(t.responsibleParty
      ? {
          responsibleParty: {
            ...t.responsibleParty,
            ...(t.responsibleParty.name ? { name: PLACEHOLDER } : {}),
            ...(t.responsibleParty.affiliation ? { affiliation: PLACEHOLDER } : {}),
          },
        }
      : {}),
    officials: t.officials.map((o) => ({
      ...o,
      name: PLACEHOLDER,
      ...(o.affiliation ? { affiliation: PLACEHOLDER } : {}),
    })),
    eligibility,
    publications: t.publications.map((p) => ({ ...p, citation: PLACEHOLDER })),
  };
}

/**
 * Sentences of generated prose from a rendered Markdown page of a redacted trial: only pieces
 * that end as a sentence does (. ! ?); headings, labels and list fragments are not sentences, nor is the line of
 * places a site list leaves out.
 */
export function proseSentences(markdown: string): string[] {
  const out: string[] = [];
  for (const raw of markdown.split('\n')) {
    // "Not listed here: 3 sites in Tokyo, 2 in Osaka …" is a list of places under a label, read as a list is.
    if (/^\s*#/.test(raw) || /^Not listed here\b/.test(raw)) continue;
    const line = raw
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>\s]+@[^>\s]+>/g, ' ')
      .replace(/^\s*(?:[-*]|\d+[.)])\s+/, '')
      // A bold label ("**Phase:**") names a field; the sentence is what follows it.
      .replace(/^\*\*[^*]{1,60}:\*\*\s*/, '')
      .replace(/[*_`]/g, '')
      .replace(/\\/g, '')
      .trim();
    if (!line) continue;
    for (const s of line.split(/(?<=[.!?])\s+/)) {
      if (!/[.!?]["”)]?$/.test(s)) continue;
      // Names and dates are not words a reader decodes: the registry's name, IDs, "May 15, 2026".
      const kept = s
        .replace(new RegExp(`${PLACEHOLDER}[\\w-]*`, 'gi'), ' ')
        .replace(/\bNCT\d{8}\b|ClinicalTrials\.gov/g, ' ')
        .replace(MONTH_DATE, ' ')
        .replace(/\s+/g, ' ');
      if (wordsOf(kept).length > 0) out.push(kept.trim());
    }
  }
  return out;
}

/**
 * Each sentence with its own Flesch–Kincaid grade, hardest first. Sentences under five words are
 * left out, as retext-readability does: one long word swings a short sentence's grade by several.
 */
export function hardestSentences(sentences: string[], n = 5): { sentence: string; grade: number }[] {
  return [...new Set(sentences)]
    .filter((s) => wordsOf(s).length >= 5)
    .map((sentence) => ({ sentence, grade: gradeSentences([sentence]).fleschKincaid }))
    .sort((a, b) => b.grade - a.grade)
    .slice(0, n);
}

function wordsOf(s: string): string[] {
  return s.match(/[A-Za-z]+(?:['’][A-Za-z]+)*/g) ?? [];
}

export function gradeSentences(sentences: string[]): Grade {
  let words = 0;
  let syllables = 0;
  let poly = 0;
  let letters = 0;
  for (const s of sentences) {
    for (const w of wordsOf(s)) {
      const n = syllable(w);
      words += 1;
      syllables += n;
      if (n >= 3) poly += 1;
      letters += w.replace(/[^A-Za-z]/g, '').length;
    }
  }
  const sentence = sentences.length;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    fleschKincaid: round(fleschKincaid({ sentence, word: words, syllable: syllables })),
    smog: round(smogFormula({ sentence, polysillabicWord: poly })),
    colemanLiau: round(colemanLiau({ sentence, word: words, letter: letters })),
    sentences: sentence,
    words,
  };
}

/** 0 → "a", 25 → "z", 26 → "ba": letters only, so a token reads as one word. */
function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}
