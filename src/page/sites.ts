import { countryName, distinctSiteCount, repeatedSiteGroups } from '../model/places.js';
import { compareKeys, compareNames, formatCount, joinWords, nameKey, plural } from '../model/text.js';
import type { Site, Trial } from '../model/trial.js';
import { type ContactView, contactViews } from './contacts.js';
import { joinNames } from './roles.js';
import { mayBeOpen, mayStillTakePeople, OPEN_STATUSES, situationOf } from './situation.js';
import { groupBy } from '../model/group.js';

// "Where": a headline that names the countries; open sites first, grouped country → state,
// closed sites folded; or, with a place to measure from, every site by great-circle distance
// from the registry's own coordinates (sites without coordinates last).

export interface Place {
  /** As the user wrote it, for the page: "02115", "Boston, MA". */
  label: string;
  lat: number;
  lon: number;
  unit: 'mi' | 'km';
}

/** Great-circle distance in miles or kilometres (haversine; Earth radius 3,958.8 mi / 6,371 km). */
export function distance(a: { lat: number; lon: number }, b: { lat: number; lon: number }, unit: 'mi' | 'km'): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * (unit === 'mi' ? 3958.8 : 6371) * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function distanceLabel(d: number, unit: 'mi' | 'km'): string {
  const n = d < 10 ? Math.max(1, Math.round(d)) : Math.round(d);
  if (unit === 'km') return `${formatCount(n)} km`;
  return `${formatCount(n)} ${n === 1 ? 'mile' : 'miles'}`;
}

export interface SiteView {
  name?: string;
  place: string;
  status?: string;
  /** The other statuses the record gives this site where it lists it more than once: "also listed as “Completed”". */
  alsoListed?: string;
  distance?: string;
  contacts: ContactView[];
  hasContacts: boolean;
}

export interface SiteGroup {
  /** Country, with its site count; absent in a distance-ordered list. */
  heading?: string;
  states: { heading?: string; sites: SiteView[] }[];
  /** The states or regions none of whose sites are listed, with their counts. */
  unlisted?: string;
}

export interface SitesView {
  summary?: string;
  nearest?: string;
  /** Sites shown first: open (or status not given) for open studies, all sites otherwise. */
  main: SiteGroup[];
  mainCount: number;
  /** What those sites are, in words (their statuses, and "no status given"), counted where they differ. */
  mainKinds: string;
  /** How many of each status, for an open study none of whose sites is closed (the split sentence says it else). */
  kinds?: string;
  /** Sites no longer taking people, for open studies (folded on the page). */
  closed: SiteGroup[];
  closedCount: number;
  /** How many sites the page does not list. */
  notListed: number;
  /** Sites the record lists more than once under the same name and place (see repeatedSites). */
  repeated?: string;
  /** What the counts count: entries where the record lists a site more than once, else sites. */
  noun: [string, string];
}

export const MAX_SITES_LISTED = 50;

export function sitesView(t: Trial, near?: Place): SitesView {
  const all = t.sites.list;
  // Read once for the counts and the repeat sentence: where the record repeats a site, every count below the
  // headline counts entries, and says so.
  const repeats = repeatedSiteGroups(all);
  const noun: [string, string] = repeats.length > 0 ? ['entry', 'entries'] : ['site', 'sites'];
  const openStudy = mayBeOpen(t);
  const knownOpen = situationOf(t) === 'open';
  const isClosedSite = (s: Site) => openStudy && !mayTakePeople(s);
  const distances = near ? siteDistances(t, near) : [];
  // Only a list ordered by distance asks for one: no map over thousands of sites otherwise.
  const byIndex = near ? new Map(all.map((s, i) => [s, distances[i] ?? undefined])) : undefined;
  const dist = (s: Site) => byIndex?.get(s) ?? undefined;
  const main = all.filter((s) => !isClosedSite(s));
  const closed = all.filter(isClosedSite);
  let budget = MAX_SITES_LISTED;
  const take = (list: Site[], n = budget) => {
    const shown = list.slice(0, Math.max(0, Math.min(n, budget)));
    budget -= shown.length;
    return shown;
  };
  // Said where it serves the advice to ask which status is current: while the study may still take people.
  const also = mayStillTakePeople(t) ? alsoListedAs(repeats) : new Map<Site, string>();
  const view = (s: Site): SiteView => {
    const d = dist(s);
    const contacts = contactViews(s.contacts, s.country);
    const other = also.get(s);
    return {
      ...(s.facility ? { name: s.facility } : {}),
      place: sitePlace(s),
      ...(s.status ? { status: siteStatus(s.status, knownOpen) } : {}),
      ...(other ? { alsoListed: other } : {}),
      ...(d !== undefined && near ? { distance: distanceLabel(d, near.unit) } : {}),
      contacts,
      hasContacts: contacts.length > 0,
    };
  };
  // Beside sites that are not taking people, a heading's count in the first list is of those that may.
  const split = main.length > 0 && closed.length > 0;
  const arrange = (list: Site[], which: string): SiteGroup[] => {
    if (near) {
      const sorted = [...list].sort((a, b) => (dist(a) ?? Infinity) - (dist(b) ?? Infinity));
      return [{ states: [{ sites: take(sorted).map(view) }] }];
    }
    return grouped(list, take, view, new Set(all.map((s) => s.country ?? '')).size > 1, budget, which, noun);
  };
  const mainGroups = arrange(main, split ? ' that may take people' : '');
  const closedGroups = arrange(closed, '');
  const shown = MAX_SITES_LISTED - Math.max(0, budget);
  let nearest: string | undefined;
  const best = near ? nearestIndex(t, distances, openStudy) : undefined;
  if (near && best !== undefined) {
    const s = all[best] as Site;
    const what = openStudy ? 'Nearest open site' : 'Nearest site';
    const place = [s.facility, s.city, s.state ?? (s.country ? countryName(s.country) : undefined)];
    const away = distanceLabel(distances[best] as number, near.unit);
    nearest = `${what}: ${place.filter(Boolean).join(', ')} — ${away} from ${near.label}`;
  }
  return {
    ...(t.sites.summary ? { summary: t.sites.summary } : {}),
    ...(nearest ? { nearest } : {}),
    main: mainGroups,
    mainCount: main.length,
    // Counted only where the study is known to be open: elsewhere a site's status is what it was last listed as.
    mainKinds: kindsOf(main, knownOpen),
    ...optional('kinds', knownOpen && closed.length === 0 ? kindsSentence(main, noun) : undefined),
    closed: closedGroups,
    closedCount: closed.length,
    notListed: all.length - shown,
    noun,
    // The page shows counts beside a split into open and closed, in country or state headings, or of sites left out.
    ...optional(
      'repeated',
      repeatedSites(
        all,
        repeats,
        mayStillTakePeople(t),
        (main.length > 0 && closed.length > 0) ||
          all.length > shown ||
          // A list ordered by distance has no headings to count in.
          (!near && new Set(all.map((s) => `${s.country ?? ''}|${s.state ?? ''}`)).size > 1),
      ),
    ),
  };
}

const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

/**
 * Registry lists repeat a site (see repeatedSiteGroups), sometimes with another status each time: "Recruiting" at the
 * top of the page and "Active, not recruiting" among the closed. The page keeps each entry as listed, says the record
 * repeats them, and how many entries the headline's sites are, since the counts under it count entries. Fields: each
 * location's facility, city, state, zip, country and status. Silent when nothing repeats; "with different statuses"
 * only of the repeats that have them; the counts clause only where the page shows counts; the advice to ask only
 * while the study may take people.
 */
function repeatedSites(
  sites: readonly Site[],
  repeats: Site[][],
  openStudy: boolean,
  counted: boolean,
): string | undefined {
  if (repeats.length === 0) return undefined;
  const differ = repeats.filter((g) => new Set(g.map((s) => s.status?.code)).size > 1).length;
  const statuses =
    differ === 0
      ? '.'
      : differ === repeats.length
        ? ', with different statuses.'
        : `. ${differ === 1 ? 'One of them is' : `${formatCount(differ)} of them are`} listed with different statuses.`;
  const distinct = plural(distinctSiteCount(sites, repeats), 'site');
  const entries = `So it has ${formatCount(sites.length)} entries for ${distinct}`;
  return (
    `The record lists ${plural(repeats.length, 'site')} more than once under the same name and place${statuses} ` +
    `${entries}${counted ? '; the counts below count each entry.' : '.'}` +
    (differ > 0 && openStudy
      ? ' If a site you want is listed more than once, ask the study team which status is current.'
      : '')
  );
}

/**
 * For each entry of a site the record lists more than once with another status, those other statuses: "also listed
 * as “Active, not recruiting”" (NCT06326047 lists each of its 25 open entries again, mostly among the closed ones
 * the page does not show). Fields: the entries' statuses, grouped by repeatedSiteGroups. Silent for an entry whose
 * repeats all share its status, and on a study that may no longer take people (no advice to ask there); an entry
 * without a status is "with no status given".
 */
function alsoListedAs(repeats: readonly Site[][]): Map<Site, string> {
  const out = new Map<Site, string>();
  for (const g of repeats)
    for (const s of g) {
      // By label: two codes the spec does not know may read alike ("On hold").
      const others = new Set<string | undefined>();
      for (const o of g) if (o.status?.label !== s.status?.label) others.add(o.status?.label);
      if (others.size === 0) continue;
      // Quoted: a status such as "Active, not recruiting" holds a comma of its own.
      const named = [...others].filter((l): l is string => l !== undefined).map((label) => `“${label}”`);
      const as = named.length ? `also listed as ${joinWords(named)}` : '';
      const none = others.has(undefined)
        ? as
          ? ', and with no status given'
          : 'also listed with no status given'
        : '';
      out.set(s, `${as}${none}`);
    }
  return out;
}

/** "Boston, Massachusetts, United States"; a repeated part is said once ("Singapore", not "Singapore, Singapore"). */
function placeName(s: Site): string {
  const parts = [s.city, s.state, s.country ? countryName(s.country) : undefined].filter((p): p is string =>
    Boolean(p),
  );
  return parts.filter((p, i) => p !== parts[i - 1]).join(', ');
}

/**
 * A site's status as listed; an open one on a study that is not known to be open (suspended, ended, unknown) is
 * what the site was "last listed as", never a promise that it recruits now.
 */
function siteStatus(status: NonNullable<Site['status']>, knownOpen: boolean): string {
  return knownOpen || !OPEN_STATUSES.has(status.code) ? status.label : `Last listed as ${status.label.toLowerCase()}`;
}

// Short words for the site statuses that may take people, in that order, so the sentence stays plain: the word
// alone, counted ("62 open"), and as said of a count ("62 are open").
const KIND_WORDS: [string | undefined, string, string, (n: number) => string][] = [
  ['RECRUITING', 'open', 'open', (n) => `${n === 1 ? 'is' : 'are'} open`],
  ['NOT_YET_RECRUITING', 'not open yet', 'not open yet', (n) => `${n === 1 ? 'is' : 'are'} not open yet`],
  [
    'ENROLLING_BY_INVITATION',
    'by invitation',
    'by invitation',
    (n) => `${n === 1 ? 'takes' : 'take'} people by invitation`,
  ],
  ['AVAILABLE', 'available', 'available', (n) => `${n === 1 ? 'is' : 'are'} available`],
  [undefined, 'no status given', 'with no status given', (n) => `${n === 1 ? 'has' : 'have'} no status given`],
];

/** How many of the sites have each status that may take people, in KIND_WORDS order. */
function kindCounts(sites: readonly Site[]) {
  const counts = new Map<string | undefined, number>();
  for (const s of sites) counts.set(s.status?.code, (counts.get(s.status?.code) ?? 0) + 1);
  return KIND_WORDS.flatMap(([code, word, counted, said]) => {
    const n = counts.get(code) ?? 0;
    return n > 0 ? [{ n, word, counted, said }] : [];
  });
}

/**
 * What the sites that may take people are, in words: "open", and where they differ, how many of each: "62 open and
 * 282 not open yet" (most may not have opened yet: NCT06890598).
 */
function kindsOf(sites: readonly Site[], counted: boolean): string {
  const kinds = kindCounts(sites);
  if (kinds.length === 1 || !counted)
    return joinWords(
      kinds.map((k) => k.word),
      'or',
    );
  return joinWords(kinds.map((k) => `${formatCount(k.n)} ${k.counted}`));
}

/**
 * For an open study whose sites all may take people but differ in status: "Of the 101 sites, 1 is open and 100 are
 * not open yet." (NCT06948435). Silent where the split sentence says it, or there is one kind.
 */
function kindsSentence(sites: readonly Site[], noun: [string, string]): string | undefined {
  const kinds = kindCounts(sites);
  if (kinds.length < 2) return undefined;
  const each = kinds.map((k) => `${formatCount(k.n)} ${k.said(k.n)}`);
  return `Of the ${plural(sites.length, ...noun)}, ${joinWords(each)}.`;
}

/** A site whose status is open, or not given. */
const mayTakePeople = (s: Site) => s.status === undefined || OPEN_STATUSES.has(s.status.code);

/** Distance of each site in `sites.list` order; null for a site without coordinates. */
function siteDistances(t: Trial, near: Place): (number | null)[] {
  return t.sites.list.map((s) => (s.geo ? distance(near, s.geo, near.unit) : null));
}

/** Index of the closest site (that may take people, when `openOnly`), or undefined. */
function nearestIndex(t: Trial, distances: (number | null)[], openOnly: boolean): number | undefined {
  let best: number | undefined;
  t.sites.list.forEach((s, i) => {
    const d = distances[i];
    if (d === null || d === undefined || (openOnly && !mayTakePeople(s))) return;
    if (best === undefined || d < (distances[best] as number)) best = i;
  });
  return best;
}

/** Open now: recruiting, by invitation or available; not "not yet recruiting", nor a site with no status. */
const openNow = (s: Site) =>
  s.status !== undefined && s.status.code !== 'NOT_YET_RECRUITING' && OPEN_STATUSES.has(s.status.code);

/** A site given by its country or state alone is still a site: the words say why no more is shown. */
function sitePlace(s: Site): string {
  const place = placeName(s);
  if (s.facility || s.city) return place;
  return place ? `${place} (the record gives no site name or city)` : 'A site the record gives no name or place for';
}

/**
 * Country → state groups, biggest country first. When not every site fits, the list is shared out a site at a
 * time across countries, so every country is seen with at least one site while there is room, and its heading says
 * how many of its sites are listed: a reader looks for their own country first. Within a country, the sites open now
 * are shared out first, then the rest across the states still without one; the states left out are named with their
 * counts.
 */
function grouped(
  list: Site[],
  take: (l: Site[], n: number) => Site[],
  view: (s: Site) => SiteView,
  multiCountry: boolean,
  budget: number,
  which: string,
  noun: [string, string],
): SiteGroup[] {
  const byCountry = groupBy(list, (s) => (s.country ? countryName(s.country) : ''));
  const countries = [...byCountry.entries()].sort((a, b) => b[1].length - a[1].length || compareNames(a[0], b[0]));
  const countryShares = fairShares(
    countries.map(([, sites]) => sites.length),
    budget,
  );
  const count = (n: number, listed: number) =>
    `${plural(n, ...noun)}${which}${listed < n ? `, ${listed} listed here` : ''}`;
  return countries
    .map(([country, sites], c) => {
      // Sort keys and open-now once per site, and once per name: a trial may list thousands of sites in a few cities.
      const keys = new Map<string, [string, string]>();
      const key = (name: string) => {
        const known = keys.get(name);
        if (known) return known;
        const k = nameKey(name);
        keys.set(name, k);
        return k;
      };
      const keyed = sites.map((s) => ({ s, state: key(s.state ?? ''), city: key(s.city ?? ''), open: openNow(s) }));
      // A site without a city (often without a name too) last among its state's.
      const byPlace = (a: (typeof keyed)[number], b: (typeof keyed)[number]) =>
        compareKeys(a.state, b.state) || Number(!a.s.city) - Number(!b.s.city) || compareKeys(a.city, b.city);
      keyed.sort(byPlace);
      const byState = groupBy(keyed, (k) => k.s.state ?? '');
      const useStates = byState.size > 1;
      // "Not given" last.
      const states = [...byState.entries()].sort(([a], [b]) => Number(a === '') - Number(b === ''));
      // Two rounds, each shared out a site at a time: first the sites open now, across the states that have them
      // (most first), then the rest, states with nothing listed yet first, bigger before smaller (Wisconsin's 68
      // before Alabama's one). States are still shown in name order.
      const shares = openFirstShares(
        states.map(([, ks]) => ks),
        countryShares[c] ?? 0,
      );
      const unlisted: string[] = [];
      const noState: string[] = [];
      const groups = states
        .map(([state, ks], k) => {
          const share = shares[k] ?? 0;
          // Within a state (or a country without states), shared out across its cities the same way: a reader
          // looks for their own city, and "A Coruña" and "Alicante" should not fill Spain's share before Madrid.
          const picked = share === 0 ? [] : take(acrossCities(ks, share), share);
          const chosen = new Set(picked);
          const shown = picked.length === 0 ? [] : ks.filter((x) => chosen.has(x.s)).map((x) => view(x.s));
          // A country whose record gives no states (Japan, Spain under "GSK Investigational Site"): the sites left
          // out are named by city instead, so a reader can tell whether theirs has one. Beside states, so are those
          // without one (China: "State or region not given (12 sites, 1 listed here)"; New Zealand: one in Otago,
          // and one in Auckland where no state is given), in a sentence of their own.
          if ((!useStates || state === '') && shown.length < ks.length)
            (useStates ? noState : unlisted).push(
              ...unlistedCities(
                ks.filter((x) => !chosen.has(x.s)).map((x) => x.s),
                noun,
                which,
              ),
            );
          if (shown.length === 0 && useStates && state) {
            // "that may take people" where closed sites are counted apart: the number is of those only.
            const n = unlisted.length === 0 ? `${plural(ks.length, ...noun)}${which}` : formatCount(ks.length);
            // No "or" in the words: a list whose items hold "and" or "or" is kept apart by semicolons (joinNames).
            unlisted.push(`${n} in ${state}`);
          }
          if (shown.length === 0) return undefined;
          // Sites without a state get a heading too, or the first state's heading would seem to hold them.
          const heading = `${state || 'State or region not given'} (${count(ks.length, shown.length)})`;
          return { ...(useStates ? { heading } : {}), sites: shown };
        })
        .filter((g) => g !== undefined);
      const listed = groups.reduce((n, g) => n + g.sites.length, 0);
      return {
        ...(multiCountry ? { heading: `${country || 'Country not given'} (${count(sites.length, listed)})` } : {}),
        states: groups,
        ...(unlisted.length || noState.length
          ? {
              unlisted: [
                unlisted.length ? `Not listed here: ${joinNames(unlisted)}.` : '',
                // "By city": a state and a city may share a name (Taiwan's Tainan).
                noState.length
                  ? `Not listed here, where the record gives no state, by city: ${joinNames(noState)}.`
                  : '',
              ]
                .filter(Boolean)
                .join(' '),
            }
          : {}),
      };
    })
    .filter((g) => g.states.length > 0);
}

const MAX_CITIES_NAMED = 30;

/**
 * "3 sites in Tokyo", "2 in Osaka", … in the order of the list (by city); past 30 cities, those with the most sites
 * are named and the rest counted ("and 40 in 31 other cities"), so the line stays readable.
 */
function unlistedCities(sites: readonly Site[], noun: [string, string], which: string): string[] {
  const byCity = [...groupBy(sites, (s) => s.city ?? '').entries()];
  const named =
    byCity.length <= MAX_CITIES_NAMED
      ? byCity
      : [...byCity].sort((a, b) => b[1].length - a[1].length).slice(0, MAX_CITIES_NAMED - 1);
  const keep = new Set(named.map(([city]) => city));
  const parts = byCity
    .filter(([city]) => keep.has(city))
    .map(([city, list], i) => {
      const n = i === 0 ? `${plural(list.length, ...noun)}${which}` : formatCount(list.length);
      return city ? `${n} in ${city}` : `${n} where the record gives no city`;
    });
  const rest = byCity.filter(([city]) => !keep.has(city));
  if (rest.length > 0) {
    const n = rest.reduce((sum, [, list]) => sum + list.length, 0);
    parts.push(`${formatCount(n)} in ${formatCount(rest.length)} other cities`);
  }
  return parts;
}

/**
 * A budget shared out over groups of sites (states, or a state's cities) in two rounds, each a site at a time: first
 * the sites open now, across the groups that have them (most first), then the rest, groups with nothing yet first,
 * bigger before smaller (Wisconsin's 68 before Alabama's one). Returns each group's share, in the groups' order.
 */
function openFirstShares(groups: readonly (readonly { open: boolean }[])[], budget: number): number[] {
  const sizes = groups.map((g) => g.length);
  const opens = groups.map((g) => g.filter((k) => k.open).length);
  const size = (k: number) => sizes[k] ?? 0;
  const open = (k: number) => opens[k] ?? 0;
  const shares: number[] = groups.map(() => 0);
  const round = (order: number[], room: (k: number) => number, n: number) =>
    fairShares(order.map(room), n).forEach((got, i) => {
      const k = order[i] as number;
      shares[k] = (shares[k] ?? 0) + got;
    });
  round(
    groups.map((_, k) => k).sort((a, b) => open(b) - open(a) || size(b) - size(a)),
    open,
    budget,
  );
  const left = budget - shares.reduce((a, b) => a + b, 0);
  const byRest = groups
    .map((_, k) => k)
    .sort((a, b) => Number((shares[a] ?? 0) > 0) - Number((shares[b] ?? 0) > 0) || size(b) - size(a));
  round(byRest, (k) => size(k) - (shares[k] ?? 0), left);
  return shares;
}

/** The sites of one state to list, `share` of them spread over its cities (open now first in each), in place order. */
function acrossCities<K extends { s: Site; open: boolean }>(ks: readonly K[], share: number): Site[] {
  if (share >= ks.length) return ks.map((k) => k.s);
  const cities = [...groupBy(ks, (k) => k.s.city ?? '').values()];
  const shares = openFirstShares(cities, share);
  return cities.flatMap((g, i) =>
    [...g.filter((k) => k.open), ...g.filter((k) => !k.open)].slice(0, shares[i] ?? 0).map((k) => k.s),
  );
}

/** A budget shared out one at a time, in order, to each group that has more: [25, 18, 11] with 10 → [4, 3, 3]. */
export function fairShares(sizes: readonly number[], budget: number): number[] {
  const shares = sizes.map(() => 0);
  let left = Math.min(
    budget,
    sizes.reduce((a, b) => a + b, 0),
  );
  while (left > 0)
    for (let i = 0; i < sizes.length && left > 0; i++)
      if ((shares[i] as number) < (sizes[i] as number)) {
        shares[i] = (shares[i] as number) + 1;
        left -= 1;
      }
  return shares;
}

/**
 * JSON output with --near: `near.distances[i]` is the distance of `sites.list[i]` (null without
 * coordinates); `near.nearestOpenSite` indexes the closest site that may take people.
 */
export function nearInfo(t: Trial, near: Place) {
  const distances = siteDistances(t, near);
  return {
    place: near.label,
    lat: near.lat,
    lon: near.lon,
    unit: near.unit,
    distances: distances.map((d) => (d === null ? null : Math.round(d * 10) / 10)),
    nearestOpenSite: nearestIndex(t, distances, true) ?? null,
  };
}

/** The distance to the nearest site that may take people, for search --within. */
export function nearestOpenDistance(t: Trial, near: Place): number | undefined {
  const distances = siteDistances(t, near);
  const best = nearestIndex(t, distances, true);
  return best === undefined ? undefined : (distances[best] as number);
}
