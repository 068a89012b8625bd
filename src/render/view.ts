import type { CriteriaEntry, CriteriaSection } from '../criteria/parse.js';
import { canJoin, explainTrial, oneLiner, statusMeaning, whoCanJoin } from '../explain/explainers.js';
import { joinWords, plural } from '../model/text.js';
import type { Trial } from '../model/trial.js';
import { escapeMarkdownBlock, escapeMarkdownInline, escapeMarkdownLine, markdownUrl, safeHttpsUrl } from './escape.js';

// The template context: the normalized trial turned into display strings. Record text is
// escaped here for Markdown (its templates compile with noEscape) and left raw for HTML
// (Handlebars escapes every {{value}} there). Templates receive no functions.

export type Format = 'md' | 'html';

interface Esc {
  inline: (s: string) => string;
  line: (s: string) => string;
  block: (s: string) => string;
  url: (s: string) => string;
}

const ESC: Record<Format, Esc> = {
  md: { inline: escapeMarkdownInline, line: escapeMarkdownLine, block: escapeMarkdownBlock, url: markdownUrl },
  html: { inline: (s) => s, line: (s) => s, block: (s) => s, url: (s) => s },
};

/** How many sites a page lists before pointing to the registry for the rest. */
export const MAX_SITES_LISTED = 25;

export interface Fact {
  label: string;
  value: string;
  href?: string;
  linkText?: string;
}

interface Block {
  isList?: boolean;
  isHeading?: boolean;
  isNote?: boolean;
  text?: string;
  items?: { text: string; blocks: Block[] }[];
}

export interface ViewSection {
  kind: string;
  title: string;
  blocks: Block[];
  /** Markdown only: the section's list as ready lines (nested bullets, headings, notes). */
  lines: string[];
}

export function buildView(t: Trial, format: Format, overlay: Record<string, unknown> = {}) {
  const e = ESC[format];
  const studyUrl = safeHttpsUrl(t.url) ?? t.url;
  const enrollment = t.enrollment
    ? `${plural(t.enrollment.count, 'person', 'people')}${t.enrollment.kind === 'unspecified' ? '' : ` (${t.enrollment.kind})`}`
    : undefined;
  const interventions = t.interventions.map((i) => (i.type ? `${i.name} (${i.type.label.toLowerCase()})` : i.name));
  const facts = ([
    t.phases.label ? { label: 'Phase', value: t.phases.label } : undefined,
    t.status ? { label: 'Status', value: t.status.label + (t.status.lastKnown ? ` (last known: ${t.status.lastKnown.label.toLowerCase()})` : '') } : undefined,
    t.studyType ? { label: 'Study type', value: t.studyType.label } : undefined,
    enrollment ? { label: 'Enrollment', value: enrollment } : undefined,
    { label: 'Ages', value: capitalize(t.ages.label) },
    t.sex ? { label: 'Sex', value: t.sex.label } : undefined,
    t.healthyVolunteers !== undefined ? { label: 'Healthy volunteers', value: t.healthyVolunteers ? 'Yes' : 'No' } : undefined,
    t.sponsor ? { label: 'Sponsor', value: t.sponsor.name + (t.sponsor.class ? ` (${t.sponsor.class.label.toLowerCase()})` : '') } : undefined,
    interventions.length ? { label: t.interventions.length === 1 ? 'Intervention' : 'Interventions', value: joinWords(interventions) } : undefined,
    t.sites.count > 0 ? { label: 'Locations', value: `${plural(t.sites.count, 'site')}${t.sites.summary ? ` (${t.sites.summary})` : ''}` } : undefined,
    { label: 'Trial ID', value: `${t.nctId} on ClinicalTrials.gov`, href: studyUrl, linkText: t.nctId },
  ] as (Fact | undefined)[]).filter((f): f is Fact => f !== undefined);

  const sections = criteriaSections(t);
  const asWritten = t.eligibility.case === 'as-written';
  const sites = t.sites.list.slice(0, MAX_SITES_LISTED).map((s) => ({
    name: s.facility ? e.inline(s.facility) : undefined,
    place: e.inline([s.city, s.state, s.country].filter(Boolean).join(', ')),
    status: s.status ? s.status.label : undefined,
  }));
  const contacts = t.contacts.map((c) => ({
    name: c.name ? e.inline(c.name) : undefined,
    role: c.role?.label,
    phone: c.phone ? e.inline(c.phone) : undefined,
    email: c.email ? e.inline(c.email) : undefined,
  }));
  const esc = (s: string | undefined) => (s === undefined ? undefined : e.inline(s));
  const explained = explainTrial(t);

  return {
    nctId: t.nctId,
    url: e.url(studyUrl),
    title: e.line(str(overlay.title) ?? t.briefTitle),
    briefTitle: e.line(t.briefTitle),
    officialTitle: t.officialTitle && t.officialTitle !== t.briefTitle ? e.line(t.officialTitle) : undefined,
    headline: [t.phases.label, t.status?.label, t.sponsor?.name, t.nctId].filter(Boolean).map((s) => e.inline(s as string)).join(' · '),
    oneLiner: e.line(str(overlay.summary) ?? oneLiner(t)),
    facts: facts.map((f) => ({ label: f.label, value: e.inline(f.value), href: f.href ? e.url(f.href) : undefined, linkText: f.linkText })),
    summary: t.summary ? e.block(t.summary) : undefined,
    summaryParagraphs: t.summary ? t.summary.split(/\n\s*\n/).map((p) => e.inline(p.trim())) : [],
    explainers: explained.filter((x) => !isPhaseTerm(x.term)),
    who: whoCanJoin(t).map(e.line),
    goodFit: esc(str(overlay.good_fit)),
    notAFit: esc(str(overlay.not_a_fit)),
    potentialBenefit: esc(str(overlay.potential_benefit)),
    similarStudies: esc(str(overlay.similar_studies)),
    statusMeaning: statusMeaning(t),
    phaseExplainers: explained.filter((x) => isPhaseTerm(x.term)).map((x) => x.text),
    criteria: { asWritten, note: asWritten ? 'The registry does not split these rules into who can and cannot join, so they are shown as written.' : undefined, sections },
    sitesSummary: t.sites.summary ? e.inline(t.sites.summary) : undefined,
    sites,
    moreSites: t.sites.count > MAX_SITES_LISTED ? t.sites.count - MAX_SITES_LISTED : 0,
    contacts,
    hasContacts: contacts.length > 0,
    canJoin: canJoin(t),
    conditions: t.conditions.length ? e.inline(t.conditions.join(', ')) : undefined,
    keywords: t.keywords.length ? e.inline(t.keywords.join(', ')) : undefined,
    lastUpdated: t.dates.lastUpdated?.label,
    reviewedOn: str(overlay.reviewed_on),
    reviewedBy: esc(str(overlay.reviewed_by)),
  };

  function criteriaSections(trial: Trial): ViewSection[] {
    const groups: CriteriaSection[] = trial.eligibility.sections.filter((s) => s.entries.length > 0);
    return groups.map((s) => {
      const title = asWrittenTitle(s);
      return { kind: s.kind, title, blocks: toBlocks(s.entries), lines: toLines(s.entries, 0) };
    });
    function asWrittenTitle(s: CriteriaSection): string {
      if (trial.eligibility.case === 'as-written') return s.heading ? e.line(s.heading.replace(/[:：]\s*$/, '')) : 'Eligibility criteria';
      if (s.kind === 'inclusion') return 'Who can join (inclusion criteria)';
      if (s.kind === 'exclusion') return 'Who cannot join (exclusion criteria)';
      return s.heading ? e.line(s.heading.replace(/[:：]\s*$/, '')) : 'Other notes';
    }
  }

  function toBlocks(entries: CriteriaEntry[]): Block[] {
    const blocks: Block[] = [];
    for (const entry of entries) {
      if (entry.kind === 'item') {
        const last = blocks[blocks.length - 1];
        const item = { text: e.inline(entry.text), blocks: toBlocks(entry.children) };
        if (last?.isList) last.items?.push(item);
        else blocks.push({ isList: true, items: [item] });
      } else if (entry.kind === 'heading') blocks.push({ isHeading: true, text: e.inline(entry.text) });
      else blocks.push({ isNote: true, text: e.inline(entry.text) });
    }
    return blocks;
  }

  function toLines(entries: CriteriaEntry[], depth: number): string[] {
    const pad = '  '.repeat(depth);
    const lines: string[] = [];
    for (const entry of entries) {
      if (entry.kind === 'item') {
        lines.push(`${pad}- ${e.inline(entry.text)}`);
        lines.push(...toLines(entry.children, depth + 1));
      } else if (entry.kind === 'heading' && depth === 0) {
        lines.push('', `**${e.inline(entry.text)}**`, '');
      } else {
        lines.push('', `${pad}${e.line(entry.text)}`, '');
      }
    }
    return depth === 0 ? tidy(lines) : lines;
  }
}

const isPhaseTerm = (term: string) => /^Phase|^Combined phases/.test(term);

function tidy(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) if (!(l === '' && (out.length === 0 || out[out.length - 1] === ''))) out.push(l);
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export type View = ReturnType<typeof buildView>;
