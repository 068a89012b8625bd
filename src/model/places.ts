import { formatCount, joinWords, plural } from './text.js';
import type { Site } from './trial.js';

// Country names in their common form and the one-line summary of where a trial runs.

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

/** "1,148 sites in the United States and Guam"; "437 sites in 21 countries, most in …". */
export function siteSummary(sites: Site[]): string | undefined {
  if (sites.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const s of sites)
    if (s.country) counts.set(countryName(s.country), (counts.get(countryName(s.country)) ?? 0) + 1);
  const byCount = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => inSentence(c));
  if (sites.length === 1) {
    const s = sites[0] as Site;
    const place = [s.city, s.country ? countryName(s.country) : undefined].filter(Boolean).join(', ');
    return place ? `1 site, in ${place}` : '1 site';
  }
  if (byCount.length === 0) return plural(sites.length, 'site');
  if (byCount.length <= 3) return `${plural(sites.length, 'site')} in ${joinWords(byCount)}`;
  return (
    `${plural(sites.length, 'site')} in ${formatCount(byCount.length)} countries, including ` +
    `${joinWords(byCount.slice(0, 3))}`
  );
}
