import { criteriaWords } from '../criteria/parse.js';
import { joinWords, plural } from '../model/text.js';
import type { Trial } from '../model/trial.js';
import { COMMON_WORDS } from './common-words.js';
import { perTrial } from './per-trial.js';

// Rules for naming the conditions in a generated sentence ("people with …"):
// - only conditions that are illnesses: matched by the registry's own MeSH indexing
//   (`derivedSection.conditionBrowseModule`), or, for a record saved without it, by a
//   word that names an illness; topics ("Exercise Physiology", "Stereotactic Radiosurgery")
//   and placeholders are never called something people "have";
// - "Healthy"-type conditions make a healthy-volunteer study;
// - inverted index forms read naturally ("Lymphoma, Follicular" → "follicular lymphoma");
// - synonyms and narrower forms of a named illness collapse into the broader one, which is
//   never false ("sarcoidosis, Pulmonary", "Sarcoidosis Lung", "sarcoidosis" → "sarcoidosis");
// - stages of one illness are said once ("stage I, II or III sarcoma"), without the staging system's edition
//   ("AJCC v8"), which the record's own list at the end of the page keeps;
// - one illness: "people with A"; several: "It is about A and B" (they may be alternatives or go together);
// - a kind of tumour that the record's own text never names, while its title names a cancer of the same site, is
//   a condition the record contradicts ("endometrial stromal sarcoma" under a title and criteria about endometrial
//   carcinoma): it is left out, what is left is never "people with" it, and the record's own list keeps it;
// - case: a word is lower-cased only when it is a known common word; acronyms, eponyms and
//   hyphenated names keep their capitals ("Phelan-McDermid syndrome", "COVID-19", "HER2").

const HEALTHY = new RegExp(
  String.raw`^(?:healthy|normal)(?:\s+(?:adults?|volunteers?|subjects?|participants?|people|persons?|` +
    'individuals?|controls?|men|women|children|infants|elderly|older adults|population))?$|' +
    String.raw`^healthy\s+volunteer`,
  'i',
);

// Words that name an illness, for records without MeSH indexing. Conservative on purpose.
const ILLNESS = new RegExp(
  String.raw`\b(?:cancers?|carcinomas?|tumou?rs?|neoplasms?|lymphomas?|leuka?emias?|melanomas?|sarcomas?|` +
    'myelomas?|gliomas?|blastomas?|diseases?|syndromes?|disorders?|infections?|failure|diabetes|asthma|' +
    'hypertension|obesity|stroke|injury|injuries|fractures?|covid-19|hiv|aids|hepatitis|depression|infarction|' +
    String.raw`schizophrenia|psoriasis|eczema|dementia|epilepsy|arthritis|malaria|tuberculosis|\w+itis|\w+emia|` +
    String.raw`\w+oma|\w+pathy|\w{3,}osis)\b`,
  'i',
);
// MeSH also indexes events and processes that nobody "has".
const NOT_AN_ILLNESS = new RegExp(
  String.raw`\b(?:death|mortality|outcomes?|exposure|physiology|quality of life|pregnancy|aging|ageing|` +
    String.raw`intervention|diagnosis|prognosis|surgery|therapy|radiotherapy|radiosurgery|screening)\b`,
  'i',
);

export interface ConditionPhrase {
  /** Illnesses in plain form, broader forms kept, in record order. */
  illnesses: string[];
  /** Every condition is a "Healthy"-type term. */
  healthyOnly: boolean;
  /** Some condition is a "Healthy"-type term. */
  mentionsHealthy: boolean;
  /**
   * A condition the record's own text contradicts was left out, or the title names a wider group: the rest may not
   * be all the study is about.
   */
  leftOut: boolean;
  /** The title's wider group, when no condition names it: "advanced solid tumors" beside "Pancreatic Cancer". */
  widerInTitle?: string;
}

/** The fields a condition is checked against: what the record's own text says the study is about. */
export type ConditionSource = Pick<Trial, 'conditions' | 'conditionMesh'> &
  Partial<Pick<Trial, 'briefTitle' | 'officialTitle' | 'summary' | 'description' | 'keywords' | 'eligibility'>>;

export const conditionPhrase = perTrial(function conditionPhrase(t: ConditionSource): ConditionPhrase {
  const healthy = t.conditions.filter((c) => HEALTHY.test(c.trim()));
  // Examples in brackets go first: they are not what everyone has, and must not make a topic an illness.
  const named = t.conditions.filter((c) => !HEALTHY.test(c.trim())).map(withoutExamples);
  const rest = named.filter((c) => !contradicted(c, t));
  const illnesses = mergeStages(collapse(rest.filter((c) => isIllness(c, t.conditionMesh)).map(plainName)));
  // Only where every illness is a cancer of one site or kind, which solid tumours hold ("Neutropenia" is no tumour,
  // and "Cancer" alone is no narrower than the title).
  const wider =
    illnesses.length > 0 &&
    /solid/i.test(`${t.briefTitle ?? ''} ${t.officialTitle ?? ''}`) &&
    illnesses.every(isSiteCancer) &&
    !t.conditions.some((c) => /\bsolid\b/i.test(c))
      ? widerGroup(t)
      : undefined;
  return {
    illnesses,
    healthyOnly: t.conditions.length > 0 && healthy.length === t.conditions.length,
    mentionsHealthy: healthy.length > 0,
    leftOut: rest.length < named.length || wider !== undefined,
    ...(wider ? { widerInTitle: wider } : {}),
  };
});

// "Advanced Solid Tumors", "locally advanced or metastatic solid tumours", "Solid Malignancies".
const SOLID = new RegExp(
  String.raw`\b(?:(?:advanced|metastatic|unresectable|refractory|relapsed|recurrent|locally)` +
    String.raw`(?:,?\s+(?:or|and|and/or)\s+|,?\s+))*solid\s+(?:tumou?rs?|malignanc(?:y|ies)|cancers?|neoplasms?)\b`,
  'i',
);

/**
 * A basket trial's title names solid tumours while its conditions name one cancer ("TCR-T Cell Therapy on Advanced
 * Solid Tumors" listing "Pancreatic Cancer"): the title's words, since "people with pancreatic cancer" would turn
 * away the others it takes.
 */
function widerGroup(t: ConditionSource): string | undefined {
  const title = `${t.briefTitle ?? ''} ${t.officialTitle ?? ''}`;
  // "Hematologic Malignancies, Not Solid Tumors": the title rules them out.
  if (/\b(?:not|non|excluding|other than|except)[\s-]+(?:\w+\s+){0,2}solid\b/i.test(title)) return undefined;
  const m = SOLID.exec(t.briefTitle ?? '') ?? SOLID.exec(t.officialTitle ?? '');
  return m ? plainName(m[0]) : undefined;
}

// Kinds of tumour that are not one another: "cancer", "carcinoma", "neoplasm" and "tumor" are said of them all.
const TUMOUR_KIND = /\b(?:\w*sarcoma|lymphoma|leuka?emia|melanoma|myeloma|glioma|mesothelioma|\w+blastoma)s?\b/gi;
const NAMES_A_CANCER = /\b(?:cancers?|carcinomas?|neoplasms?|tumou?rs?|malignan\w*)\b/i;

// "Cancer", "Advanced Neoplasms": a cancer with no site or kind, no narrower than solid tumours.
const ANY_CANCER = new RegExp(
  String.raw`^(?:(?:advanced|metastatic|recurrent|refractory|solid)\s+)*` +
    String.raw`(?:cancers?|carcinomas?|neoplasms?|tumou?rs?|malignan\w*)$`,
  'i',
);
const A_KIND = new RegExp(TUMOUR_KIND.source, 'i');

/** "pancreatic cancer", "soft tissue sarcoma": a kind of tumour, or a cancer named with its site (not "Cancer"). */
const isSiteCancer = (illness: string) =>
  (NAMES_A_CANCER.test(illness) || A_KIND.test(illness)) && !ANY_CANCER.test(illness.trim());

/**
 * The title names a cancer of the same site ("Endometrial Cancer" beside "Endometrial Stromal Sarcoma"), and the
 * condition's kind of tumour is named nowhere in the record's own text. A basket trial's "Soft Tissue Sarcoma" under
 * "Advanced Solid Tumors" shares no site word with its title, and stays.
 */
function contradicted(condition: string, t: ConditionSource): boolean {
  const kinds = condition.match(TUMOUR_KIND);
  const title = `${t.briefTitle ?? ''} ${t.officialTitle ?? ''}`;
  if (!kinds || !NAMES_A_CANCER.test(title)) return false;
  const kindWords = new Set(kinds.map(oneWord));
  const titleWords = wordsOf(title);
  const sameSite = [...wordsOf(condition)].some(
    (w) =>
      w.length >= 5 && !kindWords.has(w) && !/^(?:stage|adult|child|recurrent|advanced)$/.test(w) && titleWords.has(w),
  );
  if (!sameSite) return false;
  const text = recordWords(t);
  return [...kindWords].some((k) => !text.has(k));
}

// "Leukaemia" is "leukemia"; "sarcomas" is "sarcoma".
const oneWord = (w: string) => w.toLowerCase().replace(/ae/g, 'e').replace(/s$/, '');
const wordsOf = (text: string) => new Set((text.match(/[\p{L}\p{N}]+/gu) ?? []).map(oneWord));

/** Every word of the record's own text, once per trial (a record may list many staged conditions). */
const recordWords = perTrial((t: ConditionSource) =>
  wordsOf(
    [
      t.briefTitle,
      t.officialTitle,
      t.summary,
      t.description,
      ...(t.keywords ?? []),
      ...(t.eligibility ? criteriaWords(t.eligibility) : []),
    ].join(' '),
  ),
);

export function isIllness(condition: string, mesh: Trial['conditionMesh']): boolean {
  if (NOT_AN_ILLNESS.test(condition) && !ILLNESS.test(condition.replace(NOT_AN_ILLNESS, ''))) return false;
  // MeSH indexing is not complete ("Cancer Cervix" beside an indexed "Cancer of Prostate"), so a word that names
  // an illness counts too.
  if (ILLNESS.test(condition) && !/\b(?:diagnosis|prognosis)\b/i.test(condition)) return true;
  if (!mesh) return false;
  const c = condition.toLowerCase();
  return (
    mesh.found.some((f) => f.length > 2 && c.includes(f.toLowerCase())) || mesh.terms.some((m) => m.toLowerCase() === c)
  );
}

/** " Its title names a wider group: advanced solid tumors." after "It is about …", or nothing. */
export const widerSentence = (c: ConditionPhrase): string =>
  c.widerInTitle ? ` Its title names a wider group: ${c.widerInTitle}.` : '';

/**
 * "A", "A and B", "A, B, C and 2 other conditions"; undefined when none. Said as what a study is about, never as
 * "people with A or B": a record's conditions may be alternatives or go together, and it does not say which.
 */
export function aboutList(illnesses: string[], max = 3): string | undefined {
  if (illnesses.length === 0) return undefined;
  if (illnesses.length <= max + 1) return joinWords(illnesses);
  return `${illnesses.slice(0, max).join(', ')} and ${plural(illnesses.length - max, 'other condition')}`;
}

/** Inverted index forms turned round, the staging edition dropped, then common words lower-cased. */
export function plainName(condition: string): string {
  return lowerCommon(uninvert(withoutExamples(condition).trim().replace(EDITION, '')));
}

// "Mental Health Issue (E.G., Depression, Psychosis, …)": examples are not what everyone in the study has.
const EXAMPLES_OPEN = /\s*\((?:e\.\s?g\.?|eg|such as|for example|including)[,:]?\s/i;

/** The condition less a bracket of examples, to its matching bracket ("(e.g. major (recurrent) depression)"). */
export function withoutExamples(condition: string): string {
  const m = EXAMPLES_OPEN.exec(condition);
  if (!m) return condition;
  let depth = 1;
  for (let i = m.index + m[0].length; i < condition.length; i++) {
    if (condition[i] === '(') depth++;
    else if (condition[i] === ')' && --depth === 0) return `${condition.slice(0, m.index)}${condition.slice(i + 1)}`;
  }
  return condition.slice(0, m.index);
}

// The staging system's edition or year: "AJCC v8", "(AJCC 8th edition)", "FIGO 2018".
const EDITION = /\s+\(?(?:AJCC|FIGO|UICC|TNM)\s+(?:v?\d+(?:st|nd|rd|th)?(?:\s+edition)?|\d{4})\)?$/i;
const STAGED = /^(stage)\s+(0|[IVX]{1,4}[A-C]?\d?)\s+(.+)$/i;

/**
 * "stage I X", "stage II X" → "stage I or II X", at the place of the first: a person has one stage, so "or" (the
 * lead may say "people with" it).
 */
export function mergeStages(names: string[]): string[] {
  const parsed = names.map((name) => {
    const [, word = '', stage = '', rest = ''] = STAGED.exec(name) ?? [];
    return { name, word, stage, key: rest.toLowerCase(), rest };
  });
  const stagesOf = (key: string) =>
    parsed
      .filter((p) => p.stage && p.key === key)
      .map((p) => p.stage)
      .sort(byStage);
  return parsed.flatMap((p) => {
    const all = p.stage ? stagesOf(p.key) : [];
    if (all.length < 2) return [p.name];
    return p === parsed.find((q) => q.stage && q.key === p.key) ? [`${p.word} ${joinWords(all, 'or')} ${p.rest}`] : [];
  });
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10 };

/** 0 < I < IA < IB < II < … < IV: the numeral's value, then its letter and number. */
function byStage(a: string, b: string): number {
  const value = (s: string) => {
    const [, numeral = '', rest = ''] = /^([IVX]*)(.*)$/.exec(s.toUpperCase()) ?? [];
    let n = 0;
    for (let i = 0; i < numeral.length; i++) {
      const v = ROMAN[numeral[i] as string] ?? 0;
      n += v < (ROMAN[numeral[i + 1] as string] ?? 0) ? -v : v;
    }
    return { n, rest };
  };
  const x = value(a);
  const y = value(b);
  // Not localeCompare: its collator costs a one-page run ~16 ms to start.
  return x.n - y.n || (x.rest < y.rest ? -1 : x.rest > y.rest ? 1 : 0);
}

function uninvert(c: string): string {
  const parts = c.split(', ');
  if (parts.length !== 2 || /[()]/.test(c)) return c;
  const [head, tail] = parts as [string, string];
  const words = (s: string) => s.split(/\s+/).length;
  if (words(head) > 4 || words(tail) > 3) return c;
  return `${tail} ${head}`;
}

/**
 * Lower-cases a condition only when every plain capitalized word in it is a known common word:
 * "Non-Small Cell Lung Cancer" → "non-small cell lung cancer"; names and acronyms are not plain
 * words and keep their capitals ("Phelan-McDermid syndrome", "COVID-19"); any unknown word keeps
 * the whole name as written, so a name is never half lowered ("Intrauterine Growth Restriction").
 */
function lowerCommon(name: string): string {
  const tokens = name.split(' ');
  const plain = (p: string) => /^[A-Z][a-z]+$/.test(p);
  const parts = (token: string) => token.split('-');
  // A Roman numeral or a single letter is a stage or type name ("Stage II", "Hepatitis C"), kept as written.
  const isName = (token: string) =>
    /^(?:[IVX]{1,4}[A-C]?|[A-Z])$/.test(token) || parts(token).some((p) => /[A-Z].*[A-Z]|\d/.test(p) && !plain(p));
  const safe = tokens.every(
    (token) => isName(token) || parts(token).every((p) => p === '' || !plain(p) || COMMON_WORDS.has(p.toLowerCase())),
  );
  if (!safe) return name;
  return tokens.map((token) => (isName(token) ? token : token.toLowerCase())).join(' ');
}

const SYNONYM: Record<string, string> = {
  pulmonary: 'lung',
  renal: 'kidney',
  hepatic: 'liver',
  cardiac: 'heart',
  gastric: 'stomach',
  neoplasm: 'cancer',
  carcinoma: 'cancer',
  tumor: 'cancer',
  tumour: 'cancer',
  malignancy: 'cancer',
  cancer: 'cancer',
  mellitus: 'diabetes',
};

function wordSet(name: string): Set<string> {
  // "non-Hodgkin" is one word: else non-Hodgkin lymphoma would be a narrower Hodgkin lymphoma.
  const words =
    name
      .toLowerCase()
      .replace(/\bnon[- ](?=\p{L})/gu, 'non')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(
    words.map((w) => {
      const one = w.length > 4 && /s$/.test(w) && !/(ss|is|us)$/.test(w) ? w.slice(0, -1) : w;
      return SYNONYM[one] ?? one;
    }),
  );
}

/** Drops a condition whose words contain another's (a narrower or same form); the broader stays. */
function collapse(names: string[]): string[] {
  const sets = names.map(wordSet);
  return names.filter(
    (_, i) =>
      !sets.some(
        (other, j) =>
          j !== i && isSubset(other, sets[i] as Set<string>) && (other.size < (sets[i] as Set<string>).size || j < i),
      ),
  );
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
