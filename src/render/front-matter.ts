import { createRequire } from 'node:module';

// A page's front matter as YAML, byte for byte what the `yaml` package's stringify() writes for it, without
// loading that package (~130 KB, ~8 ms of a one-page run) for a map of short strings, nulls and lists. Its
// rules, for a single-line string: plain unless it starts with an indicator, holds ": " or " #", ends in a
// space or colon, or would read as a null, boolean or number; else single quotes when it holds " and no ',
// else double quotes (JSON escapes); lines are folded at a space to fit 80 columns. A string outside those
// rules (a control character, a lone surrogate, a document marker) is written by the package itself, loaded
// then. test/front-matter.test.ts holds the two to the same bytes.

export type FrontMatterValue = string | null | readonly string[];

const WIDTH = 80;
const MIN_CONTENT = 20;
const INDENT = '  ';

/** Characters the package always double-quotes or escapes, and document markers: left to the package. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ITS_OWN = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u{D800}-\u{DFFF}]|^(?:%|---|\.\.\.)/u;
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// What YAML 1.2's core schema would read as something other than a string.
const NOT_A_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

let yamlPackage: { stringify(value: unknown): string } | undefined;

export function frontMatterYaml(fields: Record<string, FrontMatterValue>): string {
  const own = ownYaml(fields);
  if (own !== undefined) return own;
  yamlPackage ??= createRequire(import.meta.url)('yaml') as { stringify(value: unknown): string };
  return yamlPackage.stringify(fields);
}

/** The front matter, or undefined where the package's own rules are needed. */
export function ownYaml(fields: Record<string, FrontMatterValue>): string | undefined {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!/^[a-z_]+$/.test(key)) return undefined;
    if (value === null) lines.push(`${key}: null`);
    else if (typeof value === 'string') {
      const s = scalar(value, key.length + 2);
      if (s === undefined) return undefined;
      lines.push(`${key}: ${s}`);
    } else if (value.length === 0) lines.push(`${key}: []`);
    else {
      lines.push(`${key}:`);
      for (const item of value) {
        const s = scalar(item, undefined, INDENT + INDENT);
        if (s === undefined) return undefined;
        lines.push(`${INDENT}- ${s}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The string as the package writes it after "key: " (startsAt columns) or "- ", or undefined if not ours. */
function scalar(value: string, startsAt: number | undefined, indent = INDENT): string | undefined {
  if (ITS_OWN.test(value)) return undefined;
  if (!NOT_PLAIN.test(value) && !NOT_A_STRING.some((re) => re.test(value))) return fold(value, indent, startsAt);
  if (value.includes('"') && !value.includes("'")) return fold(`'${value}'`, indent, startsAt);
  return fold(JSON.stringify(value), indent, startsAt, true);
}

/**
 * Folds a line at spaces so that each line fits the width: a space between two non-spaces may become a line break
 * followed by the indent. A double-quoted string with no space to fold at is broken inside a word with an escaped
 * line break ("…\" + newline), never inside an escape.
 */
function fold(text: string, indent: string, startsAt: number | undefined, quoted = false): string {
  const step = Math.max(1 + MIN_CONTENT, 1 + WIDTH - indent.length);
  if (text.length <= step) return text;
  const folds: number[] = [];
  const escaped = new Set<number>();
  let end = WIDTH - indent.length;
  if (startsAt !== undefined) {
    if (startsAt > WIDTH - Math.max(2, MIN_CONTENT)) folds.push(0);
    else end = WIDTH - startsAt;
  }
  let split: number | undefined;
  let prev: string | undefined;
  let escStart = -1;
  let escEnd = -1;
  for (let i = 0; i < text.length; i++) {
    let ch = text[i] as string;
    if (quoted && ch === '\\') {
      // Only \" and \\ reach here (no control characters): two characters.
      escStart = i;
      i += 1;
      escEnd = i;
    }
    if (ch === ' ' && prev && prev !== ' ' && prev !== '\t') {
      const next = text[i + 1];
      if (next && next !== ' ' && next !== '\t') split = i;
    }
    if (i >= end) {
      if (split !== undefined) {
        folds.push(split);
        end = split + step;
        split = undefined;
      } else if (quoted) {
        while (prev === ' ' || prev === '\t') {
          prev = ch;
          i += 1;
          ch = text[i] as string;
        }
        const j = i > escEnd + 1 ? i - 2 : escStart - 1;
        if (escaped.has(j)) return text;
        folds.push(j);
        escaped.add(j);
        end = j + step;
        split = undefined;
      }
    }
    prev = ch;
  }
  if (folds.length === 0) return text;
  let out = text.slice(0, folds[0]);
  for (let k = 0; k < folds.length; k++) {
    const at = folds[k] as number;
    const to = folds[k + 1] || text.length;
    if (at === 0) out = `\n${indent}${text.slice(0, to)}`;
    else {
      if (escaped.has(at)) out += `${text[at]}\\`;
      out += `\n${indent}${text.slice(at + 1, to)}`;
    }
  }
  return out;
}
