import { quoted, UsageError } from '../errors.js';

const NCT = /^NCT(\d{8})$/;

/** Accepts `nct07438847` or ` NCT07438847 `; returns the canonical form or undefined. */
export function normalizeNctId(input: string): string | undefined {
  const id = input.trim().toUpperCase();
  const m = NCT.exec(id);
  // NCT00000000 is not a registry ID (the API's own pattern refuses it).
  if (!m || /^0+$/.test(m[1] ?? '')) return undefined;
  return id;
}

export function isNctId(input: string): boolean {
  return normalizeNctId(input) === input;
}

/** Validates and de-duplicates up front, reporting every bad value in one error. */
export function parseNctIds(
  inputs: readonly string[],
  source = 'argument',
  onDuplicate?: (id: string) => void,
): string[] {
  const bad: string[] = [];
  const seen = new Set<string>();
  for (const raw of inputs) {
    const id = normalizeNctId(raw);
    if (!id) bad.push(quoted(raw));
    else if (seen.has(id)) onDuplicate?.(id);
    else seen.add(id);
  }
  if (bad.length > 0) {
    const list = bad.length > 5 ? `${bad.slice(0, 5).join(', ')} and ${bad.length - 5} more` : bad.join(', ');
    throw new UsageError(
      `not an NCT ID (${source}): ${list}`,
      'an NCT ID is "NCT" followed by 8 digits, e.g. NCT07438847',
    );
  }
  if (seen.size === 0)
    throw new UsageError(`no NCT IDs given (${source})`, 'pass IDs as arguments or with --ids-file FILE');
  return [...seen];
}

/** Reads an --ids-file body: one ID per line, `#` comments and blank lines ignored. */
export function idsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0)
    .flatMap((line) => line.split(/[\s,]+/))
    .filter(Boolean);
}
