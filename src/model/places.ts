import { groupBy } from './group.js';
import { formatCount, joinWords, plural } from './text.js';
import type { Site } from './trial.js';

// Country names in their common form, the sites a record lists more than once, and the one-line summary of where a
// trial runs.

const COMMON_COUNTRY: Record<string, string> = {
  'Korea, Republic of': 'South Korea',
  "Korea, Democratic People's Republic of": 'North Korea',
  'Russian Federation': 'Russia',
  'Iran, Islamic Republic of': 'Iran',
  'Viet Nam': 'Vietnam',
  'Moldova, Republic of': 'Moldova',
  'Syrian Arab Republic': 'Syria',
  "Lao People's Democratic Republic": 'Laos',
  'Tanzania, United Republic of': 'Tanzania',
  'Venezuela, Bolivarian Republic of': 'Venezuela',
  'Bolivia, Plurinational State of': 'Bolivia',
  'Macedonia, The Former Yugoslav Republic of': 'North Macedonia',
  'Congo, The Democratic Republic of the': 'Democratic Republic of the Congo',
  'Taiwan, Province of China': 'Taiwan',
  'Czech Republic': 'Czechia',
  'Turkey (Türkiye)': 'Turkey',
  Türkiye: 'Turkey',
  'Palestine, State of': 'Palestine',
  'Brunei Darussalam': 'Brunei',
  "Côte D'Ivoire": "Côte d'Ivoire",
};

/** The registry's country name in its common form ("Korea, Republic of" → "South Korea"). */
export function countryName(country: string): string {
  return COMMON_COUNTRY[country] ?? country;
}

const inSentence = (c: string) =>
  /^(United States|United Kingdom|Netherlands|Philippines|Czech Republic|Dominican Republic|Democratic Republic)/.test(
    c,
  )
    ? `the ${c}`
    : c;

// A name that stands for no one place: "Research Site", "Investigational Site", "Local Institution - 0012",
// "Site 101", a sponsor's "GSK Investigational Site" (NCT06472076 lists it in 200 places), "Janssen …, LLC Study
// Site", and Lilly's "For additional information regarding investigative sites …". Two entries under it in one city
// may be two places.
const PLACEHOLDER = new RegExp(
  String.raw`^(?:(?:clinical|research|investigational|investigative|study|trial|local|medical|participating)\s+)*` +
    `(?:site|institution|cent(?:er|re)|facility|hospital|clinic)s?` +
    String.raw`(?:\s*(?:#|no\.?|number|-)?\s*[\w-]*\d[\w-]*)?$|` +
    String.raw`^[\p{L}\p{N}&.,' -]{1,60}\s(?:investigational|investigative|investigator|research|study)\s+sites?` +
    String.raw`(?:\s*(?:#|no\.?|-)?\s*[\w-]*\d[\w-]*)?$|^for (?:additional|more) information\b`,
  'iu',
);

/** A facility name that stands for no one place (see PLACEHOLDER). */
export const isPlaceholderName = (name: string): boolean => PLACEHOLDER.test(name);

/**
 * The sites a record lists more than once: entries under one facility name (case aside) and the same city, state,
 * country and zip (where both give one). Registry lists repeat a site (a study in parts lists each part's sites),
 * sometimes with another status each time. Entries without a facility name or under a placeholder name are never
 * taken for one site.
 */
export function repeatedSiteGroups(sites: readonly Site[]): Site[][] {
  // Asked by normalize (the headline's count) and again by the site list: found once per list.
  let out = repeatsOf.get(sites);
  if (out === undefined) {
    out = findRepeats(sites);
    repeatsOf.set(sites, out);
  }
  return out;
}
const repeatsOf = new WeakMap<readonly Site[], Site[][]>();

function findRepeats(sites: readonly Site[]): Site[][] {
  // Case and marks in a name are not the name (NCT05097287: "Great Lakes Research Institute- Site Number :
  // 8400111" beside the same without the hyphen). Places are grouped first (case aside); facility names, mostly
  // one per site, are made keys only within a place that holds more than one entry, each distinct name once.
  const keys = new Map<string, string>();
  const key = (name: string | undefined) => {
    if (name === undefined) return '';
    let k = keys.get(name);
    if (k === undefined) {
      k = placeKey(name);
      keys.set(name, k);
    }
    return k;
  };
  const byPlace = groupBy(
    sites.filter((s) => s.facility),
    (s) => `${s.city ?? ''}|${s.state ?? ''}|${s.country ?? ''}`.toLowerCase(),
  );
  const out: Site[][] = [];
  for (const place of byPlace.values()) {
    if (place.length < 2) continue;
    for (const g of groupBy(place, (s) => key(s.facility)).values()) {
      // The placeholder test runs once per repeated name.
      if (g.length < 2 || isPlaceholderName(g[0]?.facility ?? '')) continue;
      // A zip tells two places apart only against another zip: an entry without one is the same site as one with
      // it, unless the others hold two zips, when it could be either and is left alone.
      const zips = new Set(g.flatMap((s) => (s.zip ? [zipKey(s.zip)] : [])));
      if (zips.size <= 1) out.push(g);
      else
        for (const [zip, part] of groupBy(g, (s) => (s.zip ? zipKey(s.zip) : '')))
          if (zip && part.length > 1) out.push(part);
    }
  }
  return out;
}
// Letters and digits kept (all of them past U+00BF, marks among them: cheaper than a Unicode class, on every name).
const NOT_WORD = /[^a-z0-9\u00c0-\uffff]+/g;
/** A facility, city, state or country as compared: case and marks aside ("Mayo Clinic." is "mayo clinic"). */
export const placeKey = (name: string): string => name.toLowerCase().replace(NOT_WORD, ' ').trim();
/** "48075-5400" is in "48075" (a US ZIP+4); other zips as written, spaces and case aside. */
const zipKey = (zip: string) => /^(\d{5})-\d{4}$/.exec(zip)?.[1] ?? zip.replace(/\s+/g, '').toLowerCase();
/** How many different sites the entries are: each repeated site (see repeatedSiteGroups) counts once. */
export function distinctSiteCount(sites: readonly Site[], repeats = repeatedSiteGroups(sites)): number {
  return repeats.reduce((n, g) => n - (g.length - 1), sites.length);
}

/**
 * "1,148 sites in the United States and Guam"; "437 sites in 21 countries, most in …". The count is of different
 * sites: a site the record lists twice is one site (the page says how many entries there are).
 */
export function siteSummary(sites: Site[]): string | undefined {
  const distinct = distinctSiteCount(sites);
  if (sites.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const s of sites)
    if (s.country) counts.set(countryName(s.country), (counts.get(countryName(s.country)) ?? 0) + 1);
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => inSentence(c));
  if (distinct === 1) {
    const s = sites[0] as Site;
    const place = [s.city, s.country ? countryName(s.country) : undefined].filter(Boolean).join(', ');
    return place ? `1 site, in ${place}` : '1 site';
  }
  if (byCount.length === 0) return plural(distinct, 'site');
  if (byCount.length <= 3) return `${plural(distinct, 'site')} in ${joinWords(byCount)}`;
  return (
    `${plural(distinct, 'site')} in ${formatCount(byCount.length)} countries, including ` +
    `${joinWords(byCount.slice(0, 3))}`
  );
}
