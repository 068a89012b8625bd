import { countryName } from '../model/places.js';
import type { Contact, Trial } from '../model/trial.js';

// Who to ask: central and site contacts, and the study leaders. The registry's name fields also
// hold instructions ("First line of the email MUST contain …"), call-centre lines and stand-ins
// ("Central Contact", "Clinical Trials"); the page quotes the first and does not call the rest a person.

export interface ContactView {
  name?: string;
  /** A name field that reads as an instruction or a note, quoted as the record's words. */
  note?: string;
  /** Nothing to reach but the note: the page shows only "The record says: …". */
  noteOnly?: boolean;
  role?: string;
  phone?: string;
  /** tel: link, digits only (with a leading + and ;ext= when given). */
  phoneHref?: string;
  email?: string;
  emailHref?: string;
}

// Braces are refused too: an address is printed inside a Markdown autolink, where a static site's template engine
// would read them.
const EMAIL = /^[^\s@<>()[\]\\,;:"{}]+@[^\s@<>()[\]\\,;:"{}]+\.[A-Za-z]{2,}$/;

/**
 * The same person listed twice (same name, phone and email) is shown once, and a bare name adds nothing beside the
 * same person with a phone or email ("Imanol Otaegui" under "Imanol Otaegui, MD, phone …").
 */
export function uniqueContacts(list: readonly Contact[]): Contact[] {
  const norm = (x: string | undefined) => x?.toLowerCase().replace(/\s+/g, ' ');
  const reachable = list.filter((c) => c.phone || c.email).map((c) => norm(c.name) ?? '');
  const seen = new Set<string>();
  // The same person listed again with less (NCT05144867: once with an email, once with a phone and that email).
  const fuller = (c: Contact, d: Contact) =>
    c !== d &&
    norm(c.name) === norm(d.name) &&
    (!c.phone || norm(c.phone) === norm(d.phone)) &&
    (!c.email || norm(c.email) === norm(d.email)) &&
    Boolean(d.phone && d.email) &&
    !(c.phone && c.email);
  return list.filter((c) => {
    const name = norm(c.name);
    if (!c.phone && !c.email && name && reachable.some((r) => r.startsWith(name))) return false;
    if (name && list.some((d) => fuller(c, d))) return false;
    const key = JSON.stringify([c.name, c.phone, c.email].map(norm));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A name field that is a sentence or an instruction, not a name: a sentence that goes on after its full stop
 * ("… in this clinical trial. 1-877-…"), a long line ending in one ("… and Site #."), a phone number, a link or
 * an address, words that instruct ("MUST", "recommended", "Contact the …", "For more information …"), or more than
 * 12 words. "Dr. Rao", "prof. Wang Li", "John Smith, M.D." and "Maria del Carmen Garcia Lopez, M.D." are names.
 */
export function nameIsNote(name: string): boolean {
  const words = name.split(/\s+/).length;
  const sentenceGoesOn = [...name.matchAll(/\b([a-z]{3,})\.\s+[A-Z\p{Nd}]/gu)].some(([, w]) => !TITLES.has(w ?? ''));
  return (
    sentenceGoesOn ||
    (words >= 6 && /(?:\b[a-z]{2,}|#)\.$/.test(name)) ||
    /(?:\p{Nd}[\s().-]*){7}/u.test(name) ||
    /https?:\/\/|@/.test(name) ||
    /\b(?:must|please|recommended|may be)\b/i.test(name) ||
    /^(?:call|e-?mail|contact (?:the|us|our)|see|send|use|refer to|for more information)\b/i.test(name) ||
    words > 12
  );
}

const TITLES = new Set(['prof', 'dra', 'sra', 'srta', 'mrs', 'esq']);

/**
 * "000-000-0000", "+1 000-000-0000", "111-111-1111 ext. 4", "N/A": a stand-in for a number the site did not give
 * (every digit the same, after a country code, or no digit at all), shown as no number.
 */
export function placeholderPhone(phone: string): boolean {
  const main = phone.split(/\bext\b|\bextension\b|\bx\s*(?=\p{Nd})/iu)[0] ?? '';
  const digits = main.match(/\p{Nd}/gu) ?? [];
  if (digits.length === 0) return true;
  const same = (d: string[]) => d.length > 0 && d.every((x) => x === d[0]);
  const coded = main.trim().startsWith('+') || digits.length >= 11;
  return same(digits) || (coded && [1, 2, 3].some((n) => digits.length - n >= 7 && same(digits.slice(n))));
}

/** "Site 0381" with no phone or email tells a reader nothing. */
const SITE_NUMBER = /^site\s*(?:no\.?|#)?\s*\p{Nd}+$/iu;

/** `country`: the registry's name of the site's country (or the trial's only one), for numbers written without "+". */
export function contactView(c: Contact, country?: string): ContactView {
  const out: ContactView = {};
  const phone = c.phone && !placeholderPhone(c.phone) ? c.phone : undefined;
  if (c.name && nameIsNote(c.name)) out.note = c.name;
  else if (c.name && !(SITE_NUMBER.test(c.name) && !phone && !c.email)) out.name = c.name;
  if (c.role && c.role.code !== 'CONTACT') out.role = c.role.label;
  if (phone) {
    out.phone = phone;
    const href = telHref(phone, country);
    if (href) out.phoneHref = href;
  }
  if (c.email) {
    out.email = c.email;
    if (EMAIL.test(c.email)) out.emailHref = `mailto:${c.email}`;
  }
  if (out.note && !out.phone && !out.email) out.noteOnly = true;
  return out;
}

/** A list's contacts as the page shows them: each person once, and none left with nothing to show. */
export function contactViews(list: readonly Contact[], country?: string): ContactView[] {
  return uniqueContacts(list)
    .map((c) => contactView(c, country))
    .filter((c) => c.name || c.note || c.phone || c.email);
}

/** Someone a reader could ask for: a name, a phone or an email (a note alone is not). */
export const reachable = (c: ContactView) => Boolean(c.name || c.phone || c.email);

/**
 * A tel: link only for a number that can be dialled as written: "x12581" and "ext. 12" are extensions, not more
 * digits; "+44 (0) 20 …" and "+81-(0)3-…" drop the trunk "(0)" (Italy's "+39 (0)6 …" keeps it: its 0 is dialled).
 * No link (the number is still shown as written) for a "+" inside the number, an extension that is not digits
 * ("ext. option 6") or that is 0 and more digits (NCT06898385: "87342487", ext "020", is Guangzhou's area code), a
 * length outside 7–15 digits (12 without a "+": "617-632-3000/3001" is two numbers), a number with its trunk 0
 * under 8 digits before an extension (NCT05144867: "0172275", ext "6390"; "06 30151" alone is a number in Rome),
 * and, for the country codes whose numbers have known lengths, a trunk 0 written after the code ("+86 020…", "+91
 * 022…": dialled from abroad it reaches no one, and dropping it would be a guess) or a length the code rules out
 * ("+342746155": Spain's numbers have 9 digits after +34).
 */
export function telHref(phone: string, country?: string): string | undefined {
  const [main = '', ext, ...more] = phone.split(/\s*\bext\.?\s*|\s*\bextension\s*|\s+x\s*(?=\d)/i);
  if (more.length > 0 || (ext !== undefined && !/^(?:0|[1-9]\d{0,5})$/.test(ext.trim()))) return undefined;
  const trimmed = main
    .trim()
    .replace(/^(\+\d{1,3})[\s-]*\(0\)/, (_, code: string) => (code === '+39' ? `${code}0` : code));
  if (/^[^+]*\d[^+]*\+/.test(trimmed) || /[^\d\s+().\-/]/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/[^\d+]/g, '');
  const count = digits.replace(/\D/g, '').length;
  if (count < 7 || count > (digits.startsWith('+') ? 15 : 12)) return undefined;
  if (digits.startsWith('0') && count < 8 && ext !== undefined) return undefined;
  if (digits.startsWith('+') && !internationalFits(digits.slice(1))) return undefined;
  if (!digits.startsWith('+') && country !== undefined && !nationalFits(digits, country)) return undefined;
  return `tel:${digits}${ext ? `;ext=${ext.trim()}` : ''}`;
}

// The calling codes of countries by their common names (countryName), where a number written without "+" can be
// checked.
const CALLING_CODES: Record<string, string> = {
  'United States': '1',
  Canada: '1',
  China: '86',
  India: '91',
  Japan: '81',
  'United Kingdom': '44',
  France: '33',
  Spain: '34',
  Australia: '61',
  Turkey: '90',
  Portugal: '351',
  Germany: '49',
  'South Korea': '82',
  Israel: '972',
  Chile: '56',
  Italy: '39',
  Taiwan: '886',
  Netherlands: '31',
  Belgium: '32',
  Switzerland: '41',
  Austria: '43',
  Poland: '48',
  Greece: '30',
  Egypt: '20',
};
/**
 * A number without "+" as dialled in its site's country: not the calling code written without its "+" (NCT05519085:
 * "81335200111" in Japan, "498941405907" in Germany: in these countries no number of 11 digits or more dialled at
 * home starts with the country's own code), and, where every number there has a known length, that length
 * (NCT05605535: "993538366" has 9 digits, India's have 10).
 */
function nationalFits(digits: string, country: string): boolean {
  const code = CALLING_CODES[countryName(country)];
  if (code === undefined) return true;
  if (code !== '1' && digits.startsWith(code) && digits.length >= 11 && digits.length - code.length >= 8) return false;
  // Where every number of 9 digits or more is dialled at home with its trunk 0, one without it is not dialled
  // as written (NCT06890598: "32 3 821 37 25" in Belgium); shorter ones may be service numbers.
  if (TRUNK_ALWAYS.has(code) && !digits.startsWith('0') && digits.length >= 9) return false;
  const lengths = NATIONAL_LENGTHS[code];
  if (!lengths || SERVICE[code]?.test(digits)) return true;
  const home = digits.startsWith('0') || (code === '1' && digits.length === 11 && digits.startsWith('1'));
  return [...lengths, ...(LOCAL[code] ?? [])].includes(home ? digits.length - 1 : digits.length);
}

// Codes whose every number of 9 digits or more is dialled at home after a trunk 0.
const TRUNK_ALWAYS: ReadonlySet<string> = new Set(['20', '31', '32', '33', '41', '43', '44', '49', '81', '82', '886']);
// Numbers of other lengths dialled at home: Turkey's "444 7 888", India's toll-free "1800-425-1234".
const SERVICE: Record<string, RegExp> = { '90': /^444\d{4}$/, '91': /^18[06]0\d{6,9}$/ };
// A city's own numbers, dialled there without its area code (8 digits in Beijing or Sydney).
const LOCAL: Record<string, readonly number[]> = { '86': [7, 8], '61': [8] };

// Digits of a number after its calling code (or at home after the trunk 0, or the 1 of North America), for codes
// whose numbers all have one length or two (ITU national plans); none of them starts with 0. Other codes are taken
// as written.
const NATIONAL_LENGTHS: Record<string, readonly number[]> = {
  '1': [10],
  '7': [10],
  '33': [9],
  '34': [9],
  '44': [9, 10],
  '61': [9, 10],
  '81': [9, 10],
  '86': [10, 11],
  '90': [10],
  '91': [10],
  '351': [9],
};

/** Digits after "+": false only for a code above whose length or trunk 0 does not fit. */
function internationalFits(digits: string): boolean {
  // Country codes are prefix-free: at most one of these lengths names a code.
  for (const len of [1, 2, 3]) {
    const lengths = NATIONAL_LENGTHS[digits.slice(0, len)];
    const rest = digits.slice(len);
    if (lengths) return lengths.includes(rest.length) && !rest.startsWith('0');
  }
  return true;
}

// Words that no person's name holds: departments, call centres, companies, roles and blanks standing in for one.
const NOT_A_PERSON = new RegExp(
  String.raw`[\p{Nd}@]|www\.|https?:|^n\/?a$|\b(?:contact|clinical|trials|study|transparency|cares|cent(?:er|re)|` +
    'information|department|dept|pharma\\w*|inc|ltd|llc|gmbh|company|corporation|team|office|desk|hotline|' +
    'helpline|sponsor|recruitment|director|monitor|investigator|medical|expert|lead|tbd|tba|determined|unknown|' +
    String.raw`pending|none|not applicable)\b`,
  'iu',
);

/**
 * Study leaders are people: an official whose "name" is a department, a call-centre line, a role, a blank or the
 * organisation itself (the affiliation, the sponsor or a collaborator) is left off rather than shown as a leader.
 * The name is what comes before the first comma, after a label ("Study Director: Jane Doe", "Jane Doe, MD,
 * Clinical Director").
 */
export function isPersonName(name: string, organisations: readonly (string | undefined)[]): boolean {
  const person = (name.replace(/^[^:]{1,40}:\s*(?=\S)/u, '').split(',')[0] ?? '').trim();
  if (!person || NOT_A_PERSON.test(person)) return false;
  const own = letterWords(name.split(',')[0] ?? '');
  // The organisation's name, or its first words ("Shanghai Allist" of "Shanghai Allist Pharmaceuticals Co.").
  return !organisations.some((o) => {
    const theirs = o ? letterWords(o) : [];
    return own.length > 0 && own.every((w, i) => theirs[i] === w);
  });
}

/** A name's words, lower-cased, letters only: how names and organisations are compared. */
const letterWords = (s: string): string[] => s.toLowerCase().match(/\p{L}+/gu) ?? [];

export function leaders(t: Trial): Trial['officials'] {
  const orgs = [t.sponsor?.name, ...t.collaborators.map((c) => c.name)];
  const people = t.officials.filter((o) => isPersonName(o.name, [o.affiliation, ...orgs]));
  if (people.length > 0) return people;
  // No official who is a person: the investigator the record names as answering for the study, if any.
  const rp = t.responsibleParty;
  if (!rp?.name || !rp.type || rp.type.code === 'SPONSOR') return [];
  // "Arbelaez, Ana Maria" as the affiliation of Ana Maria Arbelaez names no place.
  const sameWords = (a: string, b: string) => letterWords(a).sort().join(' ') === letterWords(b).sort().join(' ');
  const affiliation = rp.affiliation && !sameWords(rp.affiliation, rp.name) ? rp.affiliation : undefined;
  if (!isPersonName(rp.name, [affiliation, ...orgs])) return [];
  const role = { code: 'RESPONSIBLE_PARTY', label: 'Responsible investigator', known: true };
  return [{ name: rp.name, role, ...(affiliation ? { affiliation } : {}) }];
}
