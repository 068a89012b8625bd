import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parsePlace, resolvePlace } from '../src/geo/place.js';
import { normalize } from '../src/model/normalize.js';
import { distance, distanceLabel, sitesView } from '../src/page/sites.js';
import { createRenderer } from '../src/index.js';
import { loadStudy } from './helpers.js';

describe('place parsing', () => {
  it.each([
    ['02115', { kind: 'zip', zip: '02115' }],
    ['02115-1234', { kind: 'zip', zip: '02115' }],
    ['42.34,-71.09', { kind: 'coords', lat: 42.34, lon: -71.09 }],
    [' -33.9 , 151.2 ', { kind: 'coords', lat: -33.9, lon: 151.2 }],
    ['Boston, MA', { kind: 'city', city: 'Boston', region: 'MA' }],
    ['Lyon, France', { kind: 'city', city: 'Lyon', region: 'France' }],
  ])('%j → %j', (input, expected) => expect(parsePlace(input)).toEqual(expected));

  it.each(['nowhere', '1234', '95.1,10', 'a, b, c'])('%j is a usage error naming it', (input) => {
    expect(() => parsePlace(input)).toThrow(UsageError);
    expect(() => parsePlace(input)).toThrow(input.trim());
  });
  it.each(['999,999', '95.1,10', '10,-181', '+91,0'])('%j is out of range, said as such', (input) => {
    expect(() => parsePlace(input)).toThrow(`--near "${input}" is not a place on Earth`);
  });
});

describe('places resolved offline', () => {
  it.each([
    ['02115', 42.34, -71.09, 'mi'],
    ['Boston, MA', 42.36, -71.06, 'mi'],
    ['Lyon, France', 45.75, 4.85, 'km'],
  ])('%s', (input, lat, lon, unit) => {
    const p = resolvePlace(input);
    expect(p.lat).toBeCloseTo(lat, 1);
    expect(p.lon).toBeCloseTo(lon, 1);
    expect(p.unit).toBe(unit);
  });
  it('an unknown city is a usage error with suggestions', () => {
    expect(() => resolvePlace('Bostn, MA')).toThrow(/no city "Bostn" in MA/);
    try {
      resolvePlace('Bostn, MA');
    } catch (e) {
      expect((e as UsageError).hint).toMatch(/did you mean Boston/);
    }
  });
  it('--units overrides the default unit', () => expect(resolvePlace('02115', 'km').unit).toBe('km'));
});

describe('great-circle distance', () => {
  it.each([
    [{ lat: 42.3601, lon: -71.0589 }, { lat: 40.7128, lon: -74.006 }, 'mi', 190],
    [{ lat: 42.3601, lon: -71.0589 }, { lat: 40.7128, lon: -74.006 }, 'km', 306],
    [{ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 }, 'km', 344],
    [{ lat: 0, lon: 0 }, { lat: 0, lon: 0 }, 'km', 0],
  ] as const)('%j → %j (%s)', (a, b, unit, expected) => expect(Math.round(distance(a, b, unit))).toBe(expected));
  it.each([
    [0.2, 'mi', '1 mile'],
    [1.6, 'mi', '2 miles'],
    [1234.4, 'mi', '1,234 miles'],
    [12.5, 'km', '13 km'],
  ] as const)('%d %s → %s', (d, unit, expected) => expect(distanceLabel(d, unit)).toBe(expected));
});

describe('sites near a place (NCT04267848, 1,148 sites)', () => {
  const trial = normalize(loadStudy('NCT04267848'));
  it('lists a Boston-area site first with its distance, for a ZIP and for "City, ST"', () => {
    for (const place of ['02115', 'Boston, MA']) {
      const v = sitesView(trial, resolvePlace(place));
      const first = v.main[0]?.states[0]?.sites[0];
      expect(first?.place).toMatch(/Boston, Massachusetts/);
      expect(first?.distance).toMatch(/^\d+ miles?$/);
      expect(v.nearest).toMatch(/^Nearest open site: .*Boston, Massachusetts — \d+ miles? from /);
    }
  });
  it('without a place, open sites come first, grouped by state, closed ones apart', () => {
    const v = sitesView(trial);
    expect(v.mainCount + v.closedCount).toBe(1148);
    const statuses = v.main.flatMap((g) => g.states.flatMap((s) => s.sites.map((x) => x.status)));
    expect(
      statuses.every((s) => s === undefined || /Recruiting|Not yet recruiting|Enrolling by invitation/.test(s)),
    ).toBe(true);
    // Beside closed sites, a count in the first list is of those that may take people.
    expect(v.main[0]?.states[0]?.heading).toMatch(
      /^\w[\w ]+ \(\d[\d,]* sites? that may take people(?:, \d+ listed here)?\)$/,
    );
  });
  it('the Markdown and HTML pages show the nearest site and the distances', () => {
    const near = resolvePlace('02115');
    const md = createRenderer('md').render(trial, { near });
    const html = createRenderer('html').render(trial, { near });
    expect(md).toContain('**Nearest open site: Boston Medical Center, Boston, Massachusetts — 2 miles from 02115**');
    expect(html).toContain(
      '<p class="nearest">Nearest open site: Boston Medical Center, Boston, Massachusetts — 2 miles from 02115</p>',
    );
    expect(html).toMatch(/href="tel:\d+/);
  });
});
