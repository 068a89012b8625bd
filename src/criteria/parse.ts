import { squash, unescapeMarkdown } from '../model/text.js';

// Splits the registry's free-text eligibility criteria into inclusion and exclusion lists.
// Nothing is dropped: every line of the source ends up in exactly one entry, markers and
// headings included, so the invariant "same words in the same order" can be tested.

export type CriteriaEntry =
  | { kind: 'item'; marker: string; text: string; children: CriteriaEntry[] }
  | { kind: 'heading'; text: string }
  | { kind: 'note'; text: string };

export type SectionKind = 'inclusion' | 'exclusion' | 'other';

export interface CriteriaSection {
  kind: SectionKind;
  /** The heading as written in the registry, if the section had one. */
  heading?: string;
  entries: CriteriaEntry[];
}

/** Which case applied; anything but `split`/`inclusion-only` renders "as written". */
export type CriteriaCase = 'split' | 'inclusion-only' | 'as-written' | 'empty';

export interface ParsedCriteria {
  case: CriteriaCase;
  /** Why the parser fell back or inferred something, for the page note and the logs. */
  reason?: string;
  /** As written because both lists say the same, not because the text is unsplit. */
  repeated?: true;
  sections: CriteriaSection[];
}

const HEADING = new RegExp(
  String.raw`^(?:key\s+|main\s+|general\s+|patient\s+)?(inclusion|exclusion|` +
    String.raw`eligibility)s?(?:\s+criteri[a-z]*)?(?:\s+(?:includes?|are|` +
    String.raw`is))?(?:\s+for\s+[^:]{1,60}?)?\s*(?::\s*(.*))?$`,
  'i',
);

// A list marker: bullets need a following space (except •); numbers may touch a letter ("1)Absolute"). Roman
// numerals are markers as a whole: else "i)" (a letter) would be one and "ii)" text.
const MARK =
  String.raw`(?:[*+](?=\s)|-(?=\s)|•|\d{1,3}[.)](?=\s|\p{L})|` +
  String.raw`(?:[ivx]{2,4}|[IVX]{2,4}|[A-Za-z])[.)](?=\s))`;
const BULLET = new RegExp(String.raw`^(${MARK}(?:\s*${MARK})*)\s*(.*)$`, 'u');

interface Heading {
  kind: SectionKind | 'eligibility';
  heading: string;
  rest: string;
}

function matchHeading(content: string): Heading | undefined {
  const stripped = content
    .replace(/^[*\-•+]+\s*/, '')
    .replace(/：/g, ':')
    .trim();
  if (stripped.length > 120) return undefined;
  const m = HEADING.exec(stripped);
  if (!m) {
    // A lead-in sentence that names its list: "Subjects must meet all the following inclusion criteria …:".
    const lead = /[:：]$/.test(stripped) ? /\b(inclusion|exclusion) criteria\b/i.exec(stripped) : null;
    const other = /inclusion/i.test(stripped) && /exclusion/i.test(stripped);
    if (!lead || other) return undefined;
    return { kind: (lead[1] ?? '').toLowerCase() as SectionKind, heading: content.trim(), rest: '' };
  }
  const word = (m[1] ?? '').toLowerCase() as 'inclusion' | 'exclusion' | 'eligibility';
  const rest = (m[2] ?? '').trim();
  const heading = rest ? content.slice(0, content.length - rest.length).trim() : content.trim();
  return { kind: word, heading, rest };
}

function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n += 1;
    else if (ch === '\t') n += 4;
    else break;
  }
  return n;
}

// A closing remark, not a rule: "Other protocol-defined inclusion/exclusion criteria may apply."
// "Other protocol-defined Inclusion/Exclusion criteria apply." says the list is not all: see OTHER_RULES.
// It ends there: "Additional criteria apply for Cohort B:" heads a list of them, which is no note.
export const OTHER_RULES =
  /^(?:other|additional|further)\b.{0,80}\bcriteria\b.{0,40}?\b(?:(may|will|might)\s+)?apply\b[\s.;)]*$/i;
// "The above information is not intended to contain all considerations relevant to …": a disclaimer.
export const DISCLAIMER = /^the above (?:information|list|criteria)\b.{0,40}\bnot (?:intended|meant)\b/i;
const CLOSING_NOTE = new RegExp(`${OTHER_RULES.source}|${DISCLAIMER.source}|^note\\b`, 'i');

const isSubheading = (text: string, nextIsBullet: boolean): boolean =>
  (/[:：]$/.test(text) && text.length <= 120) ||
  (nextIsBullet && text.split(/\s+/).length <= 5 && !/[.;,；。]$/.test(text));

/** A marker's kind of list: a lead-in's own bullets end its sub-list, a sub-list's ("i)", "a.", "1.") go in it. */
function markerStyle(marker: string): string {
  const first = marker.split(/\s+/)[0] ?? '';
  if (/^\d/.test(first)) return 'number';
  // A single letter is a letter ("h)", "i)", "j)"); Roman numerals are told by the sub-list that goes on ("ii)").
  if (/^[a-z][.)]$/.test(first)) return 'letter';
  if (/^[A-Z][.)]$/.test(first)) return 'LETTER';
  if (/^[ivx]+[.)]$/.test(first)) return 'roman';
  if (/^[IVX]+[.)]$/.test(first)) return 'ROMAN';
  return 'bullet';
}

/** Whether a marker goes on with a sub-list that began with `first`: "i)" then "ii)" is Roman. */
function continues(first: string, marker: string): boolean {
  const style = markerStyle(marker);
  if (style === markerStyle(first)) return true;
  return (/^i[.)]$/.test(first) && style === 'roman') || (/^I[.)]$/.test(first) && style === 'ROMAN');
}

/** An item that announces a list ("except as noted below:", "one of the following:"). */
interface LeadIn {
  indent: number;
  style: string;
  /** The marker of its first sub-item, once one came. */
  firstChild?: string;
}

interface Open {
  indent: number;
  item: Extract<CriteriaEntry, { kind: 'item' }>;
  /** Blank lines seen before this item opened: a later count means a blank line came after it. */
  blanksBefore: number;
}

/**
 * Lists nest at most this deep; deeper items become siblings at the deepest level, text kept.
 * Real records nest 3 levels at most; the bound keeps every later walk (view, templates, JSON) shallow.
 */
export const MAX_DEPTH = 6;

/** Parses `eligibilityCriteria` (registry Markdown); pure. */
export function parseCriteria(source: string | undefined): ParsedCriteria {
  const text = unescapeMarkdown(source ?? '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const sections: CriteriaSection[] = [];
  let section: CriteriaSection | undefined;
  let sawEligibilityHeading = false;
  let stack: Open[] = [];
  let leadIn: LeadIn | undefined;
  let blanks = 0;
  // The next non-blank line after each line, computed once (linear, not a scan per line).
  const nextContent: (string | undefined)[] = new Array(lines.length);
  for (let i = lines.length - 1, next: string | undefined; i >= 0; i--) {
    nextContent[i] = next;
    const t = (lines[i] as string).trim();
    if (t !== '') next = t;
  }

  const current = (): CriteriaSection => {
    if (!section) {
      section = { kind: 'other', entries: [] };
      sections.push(section);
    }
    return section;
  };

  lines.forEach((line, i) => {
    const content = line.trim();
    if (content === '' || /^[*\-•+]$/.test(content)) {
      blanks += 1;
      return;
    }
    const indent = indentOf(line);
    const heading = matchHeading(content);
    if (heading) {
      if (heading.kind === 'eligibility') sawEligibilityHeading = true;
      section = {
        kind: heading.kind === 'eligibility' ? 'other' : heading.kind,
        heading: heading.heading,
        entries: [],
      };
      sections.push(section);
      stack = [];
      leadIn = undefined;
      // "Inclusion Criteria:-": a mark after the colon is no rule of its own.
      if (heading.rest && /[\p{L}\p{N}]/u.test(heading.rest))
        section.entries.push({ kind: 'item', marker: '', text: squash(heading.rest), children: [] });
      return;
    }
    const bullet = BULLET.exec(content);
    if (bullet && (bullet[2] ?? '') !== '' && !/\d/.test(bullet[1] ?? '') && CLOSING_NOTE.test(bullet[2] ?? '')) {
      stack = [];
      leadIn = undefined;
      current().entries.push({ kind: 'note', text: squash(bullet[2] ?? '') });
      return;
    }
    if (bullet && (bullet[2] ?? '') !== '') {
      const marker = squash(bullet[1] ?? '');
      // At the lead-in's own indent, items of another list kind than its own are its sub-list ("* … as noted
      // below:" then "i) …", "ii) …"); an item like the lead-in's own ends it.
      let at = indent;
      if (leadIn && indent === leadIn.indent) {
        const other = leadIn.firstChild === undefined ? markerStyle(marker) !== leadIn.style : true;
        if (other && (leadIn.firstChild === undefined || continues(leadIn.firstChild, marker))) {
          leadIn.firstChild ??= marker;
          at = indent + 0.5;
        } else leadIn = undefined;
      } else if (leadIn && (indent < leadIn.indent || leadIn.firstChild === undefined)) {
        // Outdented, or its list came indented under it: the lead-in has had its list.
        leadIn = undefined;
      }
      while (stack.length > 0 && (stack[stack.length - 1] as Open).indent >= at) stack.pop();
      while (stack.length >= MAX_DEPTH) stack.pop();
      const item = { kind: 'item' as const, marker, text: squash(bullet[2] ?? ''), children: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.item.children.push(item);
      else current().entries.push(item);
      stack.push({ indent: at, item, blanksBefore: blanks });
      if (at === indent && /[:：]\.?$/.test(item.text)) leadIn = { indent, style: markerStyle(marker) };
      return;
    }
    // A plain line indented under an open item continues it (wrapped text, "OR", notes).
    if (indent > 0 && stack.length > 0) {
      while (stack.length > 1 && (stack[stack.length - 1] as Open).indent >= indent) stack.pop();
      const open = stack[stack.length - 1] as Open;
      if (open.indent < indent) {
        if (open.item.children.length === 0 && blanks === open.blanksBefore)
          open.item.text = squash(`${open.item.text} ${content}`);
        else open.item.children.push({ kind: 'note', text: squash(content) });
        return;
      }
    }
    stack = [];
    leadIn = undefined;
    const next = nextContent[i];
    const nextIsBullet = next !== undefined && BULLET.test(next);
    const entries = current().entries;
    if (isSubheading(content, nextIsBullet)) entries.push({ kind: 'heading', text: squash(content) });
    else if (/^notes?\b/i.test(content) || CLOSING_NOTE.test(content))
      entries.push({ kind: 'note', text: squash(content) });
    else entries.push({ kind: 'item', marker: '', text: squash(content), children: [] });
  });
  return classify(sections, sawEligibilityHeading);
}

const has = (sections: CriteriaSection[], kind: SectionKind) =>
  sections.some((s) => s.kind === kind && s.entries.length > 0);

function itemTexts(sections: CriteriaSection[], kind: SectionKind): string {
  return sections
    .filter((s) => s.kind === kind)
    .flatMap((s) => s.entries.map((e) => ('text' in e ? e.text.toLowerCase() : '')))
    .join('\n');
}

function classify(sections: CriteriaSection[], sawEligibilityHeading: boolean): ParsedCriteria {
  if (sections.every((s) => s.entries.length === 0 && !s.heading)) return { case: 'empty', sections: [] };
  const inc = has(sections, 'inclusion');
  const exc = has(sections, 'exclusion');
  if (inc && exc) {
    if (itemTexts(sections, 'inclusion') === itemTexts(sections, 'exclusion')) {
      return { ...asWritten(sections, 'the exclusion list repeats the inclusion list word for word'), repeated: true };
    }
    return { case: 'split', sections };
  }
  if (!inc && exc) {
    // "Eligibility criteria:" … "Exclusion criteria:" — the generic block is the inclusion list.
    const before = sections.slice(
      0,
      sections.findIndex((s) => s.kind === 'exclusion'),
    );
    const generic = before.filter((s) => s.kind === 'other' && s.entries.length > 0);
    if (sawEligibilityHeading && generic.length === 1 && generic[0]?.heading) {
      generic[0].kind = 'inclusion';
      return { case: 'split', reason: `inclusion list read from the heading "${generic[0].heading}"`, sections };
    }
    return asWritten(sections, 'the criteria have an exclusion heading but no inclusion heading');
  }
  if (inc) {
    const unlabeled = sections.some((s) => s.kind === 'other' && s.entries.length > 0 && sections.indexOf(s) > 0);
    if (unlabeled) return asWritten(sections, 'part of the text follows the inclusion list under another heading');
    return { case: 'inclusion-only', reason: 'the registry lists no exclusion criteria', sections };
  }
  return asWritten(sections, 'the criteria are not labeled as inclusion or exclusion');
}

function asWritten(sections: CriteriaSection[], reason: string): ParsedCriteria {
  return { case: 'as-written', reason, sections };
}

/** Every word of the parsed model in source order (headings and markers included), for the invariant. */
export function criteriaWords(parsed: ParsedCriteria): string[] {
  const out: string[] = [];
  const walk = (e: CriteriaEntry) => {
    if (e.kind === 'item') {
      out.push(...words(e.marker), ...words(e.text));
      e.children.forEach(walk);
    } else out.push(...words(e.text));
  };
  for (const s of parsed.sections) {
    if (s.heading) out.push(...words(s.heading));
    s.entries.forEach(walk);
  }
  return out;
}

/** Letter/digit runs: the unit of the "nothing lost" comparison. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}
