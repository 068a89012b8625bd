/**
 * Undo the registry's Markdown escapes (`\>`, `1\.`, `\[`) and its encoded ampersands (`&amp;`, title-cased as
 * `&Amp;` or encoded again as `&amp;amp;`): the model holds plain text.
 */
export function unescapeMarkdown(text: string): string {
  const plain = text.includes('&') ? text.replace(/&(?:amp;)+/gi, '&') : text;
  // Most text has no backslash: skip the replace (a bulk run calls this for every field of every site).
  if (!plain.includes('\\')) return plain;
  return plain.replace(/\\([\\`*_{}[\]()#+\-.!<>=^~|&'"$%:;,@?/])/g, '$1');
}

/**
 * "• Furlow flap" → "Furlow flap", ". Furlow flap" → "Furlow flap": a list bullet, or a lone mark left where one was,
 * at the start of a name or a group's description is layout, not part of the text. ".5 mg" and "-1 day" are kept.
 */
export function stripBullet(text: string): string {
  return text.replace(/^(?:[\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25a0\u27a2\u25ba*]|[.,;:-](?=\s))\s*/u, '');
}

/** Plural-aware count: plural(1, 'location') → "1 location". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 1148 → "1,148": plain digit grouping, without paying for ICU start-up. */
export function formatCount(n: number): string {
  if (n >= 0 && n < 1000 && Number.isInteger(n)) return String(n);
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * `PAUSED_FOR_REVIEW` → "Paused for review": unknown enum values still read as words. Only letters and digits are
 * kept: the value is record text that generated sentences and labels carry unescaped ("kept secret (…)").
 */
export function humanizeEnum(code: string): string {
  const words = code
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "a, b and c" */
export function joinWords(items: readonly string[], conj = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

/** Collapse runs of white space; registry text carries stray newlines and tabs. */
export function squash(text: string): string {
  // Most names are already single-spaced: then the text is returned as it is, without a copy.
  const ends = text.length > 0 && (maySpace(text.charCodeAt(0)) || maySpace(text.charCodeAt(text.length - 1)));
  if (!ends && !LOOSE_SPACE.test(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}

/** White space other than one inner space: two in a row, or any other kind. */
const LOOSE_SPACE = /[^\S ]| {2}/;
/** Every character `\s` matches passes (a few others do too: they only take the slow path). */
const maySpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c > 0x1000;

/**
 * Drops C0 and C1 control characters (ESC, BEL, NUL …) but keeps newlines and tabs; CR and CRLF
 * become newlines. Record text reaches terminals and pages, where control codes act, not read.
 */
export function stripControls(text: string): string {
  return CONTROL.test(text) ? text.replace(/\r\n?/g, '\n').replace(CONTROLS, '') : text;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A name's place in alphabetical order: accents and case ignored first, then the exact text. */
export function nameKey(s: string): [string, string] {
  // ASCII has no accents to drop: most place names skip the NFD pass.
  return [(ASCII.test(s) ? s : s.normalize('NFD').replace(/\p{M}/gu, '')).toLowerCase(), s];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: any ASCII character, control ones included
const ASCII = /^[\x00-\x7f]*$/;

export function compareKeys(a: [string, string], b: [string, string]): number {
  return byCodeUnit(a[0], b[0]) || byCodeUnit(a[1], b[1]);
}

/**
 * Alphabetical order for names (cities, states, countries). Not localeCompare: its ICU collator
 * costs ~16 ms to start, a tenth of a one-page run.
 */
export function compareNames(a: string, b: string): number {
  return compareKeys(nameKey(a), nameKey(b));
}
