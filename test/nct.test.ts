import { describe, expect, it } from 'vitest';
import { idsFromText, normalizeNctId, parseNctIds } from '../src/model/nct.js';

describe('normalizeNctId', () => {
  it.each([
    ['NCT07438847', 'NCT07438847'],
    ['nct07438847', 'NCT07438847'],
    [' NCT07438847 ', 'NCT07438847'],
    ['NCT123', undefined],
    ['12345678', undefined],
    ['NCT0743884X', undefined],
    ['NCT00000000', undefined],
    ['NCT074388471', undefined],
    ['../NCT07438847', undefined],
  ])('%j → %j', (input, expected) => expect(normalizeNctId(input)).toBe(expected));
});

describe('parseNctIds', () => {
  it('de-duplicates after normalizing', () =>
    expect(parseNctIds(['NCT07438847', 'nct07438847', 'NCT02513394'])).toEqual(['NCT07438847', 'NCT02513394']));
  it('reports every bad value in one error', () =>
    expect(() => parseNctIds(['NCT123', 'NCT07438847', '12345678'])).toThrow(
      /not an NCT ID \(argument\): "NCT123", "12345678"/,
    ));
  it('refuses an empty list', () => expect(() => parseNctIds([])).toThrow(/no NCT IDs/));
});

describe('idsFromText', () => {
  it('skips comments and blank lines', () =>
    expect(idsFromText('# list\nNCT07438847\n\n  nct02513394  # PALLAS\r\n')).toEqual(['NCT07438847', 'nct02513394']));
});
