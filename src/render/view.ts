import type { CriteriaEntry, CriteriaSection } from '../criteria/parse.js';
import { explainTrial, statusMeaning } from '../explain/explainers.js';
import { medicalWords } from '../explain/medical-words.js';
import { plural, squash, stripBullet } from '../model/text.js';
import type { Trial } from '../model/trial.js';
import { leadSentences } from '../page/lead.js';
import { participate } from '../page/participate.js';
import { paperGroups } from '../page/papers.js';
import { interventionName, isPlaceboLike, joinNames, namesUpTo } from '../page/roles.js';
import { type ContactView, contactViews, leaders, reachable } from '../page/contacts.js';
import { type Place, type SiteGroup, type SitesView, sitesView } from '../page/sites.js';
import { byTense, headingsFor, isWithdrawn, joinVerbs, situationOf } from '../page/situation.js';
import {
  armViews,
  dateRows,
  designSentences,
  endSentence,
  enrollmentText,
  MAX_ARMS_LISTED,
  measureText,
  primaryOutcomes,
  repeatsSummary,
} from '../page/study.js';
import { healthyFact, isKeyHeading, whoSentences } from '../page/who.js';
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

export interface Fact {
  label: string;
  value: string;
  href?: string;
  linkText?: string;
}

interface Block {
  isList?: boolean;
  isOrdered?: boolean;
  isHeading?: boolean;
  isNote?: boolean;
  text?: string;
  items?: { text: string; number?: string; blocks: Block[] }[];
}

export interface ViewSection {
  kind: string;
  title: string;
  /** A lead-in the registry wrote above the list ("Subjects who meet all of the following …"). */
  leadIn?: string;
  /** The registry calls these the key or main rules: the study plan has more. */
  keyOnly: boolean;
  blocks: Block[];
  /** Markdown only: the section's list as ready lines (nested bullets, headings, notes). */
  lines: string[];
}

export interface ViewOptions {
  overlay?: Record<string, unknown>;
  near?: Place;
}

export function buildView(t: Trial, format: Format, opts: ViewOptions = {}) {
  const overlay = opts.overlay ?? {};
  const e = ESC[format];
  const studyUrl = safeHttpsUrl(t.url) ?? t.url;
  const situation = situationOf(t);
  const healthy = healthyFact(t);
  // A placebo is no drug, whatever its type says: the lead calls it a look-alike with no medicine in it.
  const interventions = t.interventions.map((i) =>
    isPlaceboLike(i)
      ? `${interventionName(i)} (a look-alike with no medicine in it)`
      : i.type
        ? `${interventionName(i)} (${i.type.label.toLowerCase()})`
        : interventionName(i),
  );
  const facts = (
    [
      t.phases.label ? { label: 'Phase', value: t.phases.label } : undefined,
      t.status
        ? {
            label: 'Status',
            value:
              t.status.label + (t.status.lastKnown ? ` (last known: ${t.status.lastKnown.label.toLowerCase()})` : ''),
          }
        : undefined,
      t.studyType ? { label: 'Study type', value: t.studyType.label } : undefined,
      t.enrollment ? { label: 'Enrollment', value: enrollmentText(t, t.enrollment) } : undefined,
      t.ages.label !== 'not given'
        ? { label: 'Ages', value: t.ages.label === 'any age' ? 'No limits in the record' : capitalize(t.ages.label) }
        : undefined,
      t.sex ? { label: 'Sex', value: t.sex.label } : undefined,
      healthy !== undefined ? { label: 'Healthy volunteers', value: healthy ? 'Yes' : 'No' } : undefined,
      // Whether tissue, blood or DNA is stored is a question of consent: said where the record says it.
      t.samples?.retention
        ? {
            // A withdrawn study took no one, so kept nothing: it planned to.
            label: isWithdrawn(t) ? 'Samples it planned to keep' : 'Samples kept',
            value: SAMPLES[t.samples.retention.code] ?? t.samples.retention.label,
          }
        : undefined,
      t.sponsor ? { label: 'Sponsor', value: sponsorText(t, t.sponsor) } : undefined,
      // Organisations that support the study besides the sponsor (often the maker of the drug studied).
      t.collaborators.length
        ? {
            label: 'Also supported by',
            value: namesUpTo(
              t.collaborators.map((c) => c.name),
              5,
            ),
          }
        : undefined,
      interventions.length
        ? {
            // An observational study gives nothing: what it lists is what it looks at (NCT02515279's drugs came from
            // each person's own doctor; NCT06036394's scans were taken years before), as its groups say.
            label:
              t.studyType?.code === 'OBSERVATIONAL'
                ? 'Looked at'
                : t.interventions.length === 1
                  ? 'Intervention'
                  : 'Interventions',
            value: joinNames(interventions),
          }
        : undefined,
      t.sites.count > 0 ? { label: 'Locations', value: t.sites.summary ?? plural(t.sites.count, 'site') } : undefined,
      { label: 'Trial ID', value: `${t.nctId} on ClinicalTrials.gov`, href: studyUrl, linkText: t.nctId },
    ] as (Fact | undefined)[]
  ).filter((f): f is Fact => f !== undefined);

  const sections = criteriaSections(t);
  const asWritten = t.eligibility.case === 'as-written';
  const esc = (s: string | undefined) => (s === undefined ? undefined : e.inline(s));
  const line = (s: string | undefined) => (s === undefined ? undefined : e.line(s));
  const contactOut = (c: ContactView) => ({
    // Fields that may open a list item are escaped as a line's start: "1. Provide …" would become a list.
    name: line(c.name),
    note: esc(c.note),
    noteOnly: c.noteOnly,
    role: c.role,
    phone: esc(c.phone),
    phoneHref: c.phoneHref ? e.url(c.phoneHref) : undefined,
    email: esc(c.email),
    emailHref: c.emailHref,
    // Markdown autolink: only an address that passed the check, written as is.
    emailAuto: format === 'md' && c.emailHref ? c.email : undefined,
  });
  // A detailed description that repeats the brief summary is shown once, as the summary.
  const detail = repeatsSummary(t) ? undefined : t.description;
  const sitesV = sitesView(t, opts.near);
  const closedListed = sitesV.closed.some((g) => g.states.some((st) => st.sites.length > 0));
  const siteGroups = (groups: SiteGroup[], top: boolean) =>
    groups.map((g) => ({
      top,
      heading: esc(g.heading),
      states: g.states.map((st) => ({
        heading: esc(st.heading),
        sites: st.sites.map((s) => ({
          name: line(s.name),
          place: e.line(s.place),
          // Labels come from the registry's codes (one the spec does not know, as words): escaped like record text.
          status: esc(s.status),
          alsoListed: esc(s.alsoListed),
          distance: s.distance,
          contacts: s.contacts.map(contactOut),
          hasContacts: s.hasContacts,
        })),
      })),
      unlisted: esc(g.unlisted),
    }));
  // The trial's own contacts are read in its country where it runs in one.
  const centralViews = contactViews(t.contacts, t.sites.countries.length === 1 ? t.sites.countries[0] : undefined);
  const central = centralViews.map(contactOut);
  const officials = leaders(t).map((o) => ({
    name: e.line(o.name),
    role: o.role?.label,
    affiliation: esc(o.affiliation),
  }));
  const siteContacts = t.sites.list.some((s) => contactViews(s.contacts, s.country).some(reachable));
  const contactsShown = centralViews.some(reachable) || siteContacts;
  const explained = explainTrial(t);
  // "Why it matters" has more to say than the status: what the phase means, or the editor's own words.
  const whyMore =
    explained.some((x) => isPhaseTerm(x.term)) ||
    Boolean(str(overlay.potential_benefit) || str(overlay.similar_studies));
  const who = whoSentences(t);
  const lead = str(overlay.summary) ?? leadSentences(t).join(' ');
  // The medical names the lead and "who" sentences say, in plain words.
  const words = medicalWords(`${lead}\n${who.join('\n')}`);
  const headings = headingsFor(t);
  const how = participate(t, contactsShown);
  const observational = t.studyType?.code === 'OBSERVATIONAL';
  const outcomes = primaryOutcomes(t);
  const secondary = t.outcomes.secondary.length + t.outcomes.other.length;
  const v = byTense(t);
  const design = designSentences(t);
  const paragraphs = (s: string | undefined) => (s ? s.split(/\n\s*\n/).map((p) => e.inline(p.trim())) : []);

  return {
    nctId: t.nctId,
    url: e.url(studyUrl),
    title: e.line(str(overlay.title) ?? t.briefTitle),
    briefTitle: e.line(t.briefTitle),
    officialTitle: t.officialTitle && t.officialTitle !== t.briefTitle ? e.line(t.officialTitle) : undefined,
    headline: [t.phases.label, t.status?.label, t.sponsor?.name, t.nctId]
      .filter(Boolean)
      .map((s) => e.inline(s as string))
      .join(' · '),
    oneLiner: e.line(lead),
    facts: facts.map((f) => ({
      label: f.label,
      value: e.inline(f.value),
      href: f.href ? e.url(f.href) : undefined,
      linkText: f.linkText,
    })),
    summary: t.summary ? e.block(t.summary) : undefined,
    summaryParagraphs: paragraphs(t.summary),
    description: detail ? e.block(detail) : undefined,
    descriptionParagraphs: paragraphs(detail),
    explainers: [...explained.filter((x) => !isPhaseTerm(x.term)), ...words],
    headings,
    who: who.map(e.line),
    // The section only when it has something to say (a record without eligibility may not).
    hasWho: who.length > 0 || Boolean(str(overlay.good_fit) || str(overlay.not_a_fit)),
    goodFit: esc(str(overlay.good_fit)),
    notAFit: esc(str(overlay.not_a_fit)),
    potentialBenefit: esc(str(overlay.potential_benefit)),
    similarStudies: esc(str(overlay.similar_studies)),
    statusMeaning: statusMeaning(t),
    phaseExplainers: explained.filter((x) => isPhaseTerm(x.term)).map((x) => x.text),
    // What happens in the study
    happensTitle: observational
      ? `Who ${v('is', 'was', 'would have been')} in the study and what ${v('is', 'was', 'would have been')} measured`
      : v('What happens in the study', 'What happened in the study', 'What the study planned'),
    design,
    // The design's codes say who is kept from knowing, not until when ("prior to resection of the tumour"), nor
    // which groups (an open-label comparator beside blinded doses): the registry's own words say it.
    maskingNote: paragraphs(t.design.maskingDescription),
    studyPopulation: t.studyPopulation ? e.block(t.studyPopulation) : undefined,
    samplesNote: paragraphs(t.samples?.description),
    populationTitle: v('Who is in the study', 'Who was in the study', 'Who would have been in the study'),
    measuresTitle: v('What the study measures', 'What the study measured', 'What the study planned to measure'),
    studyPopulationParagraphs: paragraphs(t.studyPopulation),
    armsTitle: observational ? 'Groups in the study' : 'Study groups',
    arms: armViews(t).map((a) => {
      const description = a.description ? stripBullet(squash(a.description)) : undefined;
      // A description that opens with what the group is given says it already: "Given: X. X. Two Z-plasties …".
      const said =
        a.gets !== undefined &&
        description?.toLowerCase().startsWith(a.gets.toLowerCase()) &&
        !/[\p{L}\p{N}]/u.test(description.charAt(a.gets.length));
      return {
        label: e.inline(a.label),
        role: a.role,
        gets: said ? undefined : esc(a.gets),
        // An observational study gives nothing: what a group "gets" is what the study looks at in it. What a plan
        // lists may be choices ("1 of 4 platinum doublets", "observation or vaginal brachytherapy"), so never
        // "given" to everyone.
        getsLabel: observational ? 'Looked at' : 'The plan lists',
        checks: esc(a.checks),
        // A description that is only the word its role already says ("control (a placebo, to compare). Placebo",
        // NCT06454773) adds nothing.
        description: echoesRole(description, a.role) ? undefined : esc(description),
      };
    }),
    moreArms: t.arms.length > MAX_ARMS_LISTED ? plural(t.arms.length - MAX_ARMS_LISTED, 'more group') : undefined,
    outcomesLead: outcomes.length
      ? `The main results the researchers ${v('look', 'looked', 'planned to look')} at (primary outcomes):`
      : undefined,
    outcomes: outcomes.map((o) => ({ measure: e.line(measureText(o)), timeFrame: esc(o.timeFrame) })),
    moreOutcomes:
      t.outcomes.primary.length > outcomes.length
        ? plural(t.outcomes.primary.length - outcomes.length, 'more main result')
        : undefined,
    secondaryOutcomes:
      secondary > 0
        ? `The study ${v('also checks', 'also checked', 'also planned to check')} ` +
          `${plural(secondary, 'more thing')}. ${secondary === 1 ? 'It is' : 'They are'} listed on ` +
          `ClinicalTrials.gov.`
        : undefined,
    // A section is left out rather than shown empty.
    hasStudies: Boolean(t.summary) || words.length > 0 || explained.some((x) => !isPhaseTerm(x.term)),
    hasWhy: whyMore || Boolean(statusMeaning(t)),
    // With nothing but the status to say (an observational study has no phase), the heading says just that.
    whyTitle: whyMore ? 'Why it matters' : 'What the status means for you',
    statusOnly: !whyMore,
    hasHappens:
      design.length + t.arms.length + t.outcomes.primary.length + secondary > 0 ||
      t.design.maskingDescription !== undefined ||
      t.samples?.description !== undefined ||
      Boolean(detail || t.studyPopulation),
    // When
    dates: dateRows(t),
    endSentence: endSentence(t),
    // Where
    sitesSummary: sitesV.summary ? e.inline(sitesV.summary) : undefined,
    // Where the record repeats a site, the headline counts sites and this sentence its entries (said just above).
    // The country counts under it are of the sites listed first: say which those are, and whether others follow.
    sitesSplit:
      sitesV.closedCount > 0 && sitesV.mainCount > 0
        ? `${plural(sitesV.mainCount, ...sitesV.noun)} may take people (${sitesV.mainKinds}); ` +
          `${plural(sitesV.closedCount, ...sitesV.noun)} ${sitesV.closedCount === 1 ? 'is' : 'are'} not. ` +
          // Not "only they are listed": the list below may hold only some of them.
          (closedListed
            ? 'Those that may take people are listed first.'
            : 'Only sites that may take people are listed below.')
        : sitesV.kinds,
    sitesRepeated: sitesV.repeated,
    nearest: esc(sitesV.nearest),
    sitesMain: siteGroups(sitesV.main, true),
    sitesClosed: siteGroups(sitesV.closed, false),
    // A heading only over sites listed under it (the list stops at 50; the rest are counted below).
    closedTitle: closedListed ? `${plural(sitesV.closedCount, ...sitesV.noun)} not taking new people` : undefined,
    notListed: notListedSentence(sitesV, closedListed),
    // "Yet" promises sites to come: only an open study's record may still gain them.
    noSites:
      t.sites.count === 0
        ? situation === 'open'
          ? 'The registry lists no sites yet. Check ClinicalTrials.gov for updates.'
          : 'The registry lists no sites for this study.'
        : undefined,
    // Contacts
    contacts: central,
    hasContacts: central.length > 0 || officials.length > 0,
    officials,
    // How to participate / how it ended
    steps: how.steps.map((text, i) => ({ n: i + 1, text })),
    participateParagraphs: how.paragraphs,
    whyStopped: esc(how.whyStopped),
    resultsUrl: how.resultsUrl ? e.url(how.resultsUrl) : undefined,
    papers: paperGroups(t).map((g) => ({
      lead: g.lead,
      items: g.items.map((i) => ({
        citation: e.line(i.citation),
        // Each link named by its number, not all "PubMed": a screen reader lists links by their names.
        pmid: i.pmid,
        url: i.pmid ? e.url(`https://pubmed.ncbi.nlm.nih.gov/${i.pmid}/`) : undefined,
      })),
      more: g.more,
    })),
    criteria: {
      asWritten,
      note: !asWritten
        ? undefined
        : t.eligibility.repeated
          ? 'The record gives the same text for who can join and who cannot, so it is shown as written.'
          : 'The registry does not split these rules into who can and cannot join, so they are shown as written.',
      missing:
        sections.length === 0
          ? 'This copy of the record does not include the list of who can join. See the full record on ' +
            'ClinicalTrials.gov.'
          : undefined,
      sections,
    },
    conditions: t.conditions.length ? e.inline(t.conditions.join(', ')) : undefined,
    keywords: t.keywords.length ? e.inline(t.keywords.join(', ')) : undefined,
    // Older records give the date as an estimate: said so, as in "When".
    lastUpdated: t.dates.lastUpdated
      ? `${t.dates.lastUpdated.label}${t.dates.lastUpdated.kind === 'estimated' ? ' (estimated)' : ''}`
      : undefined,
    reviewedOn: str(overlay.reviewed_on),
    reviewedBy: esc(str(overlay.reviewed_by)),
  };

  function criteriaSections(trial: Trial): ViewSection[] {
    const groups: CriteriaSection[] = trial.eligibility.sections.filter((s) => s.entries.length > 0);
    return groups.map((s) => {
      const keyOnly = isKeyHeading(s);
      const leadIn =
        s.heading && !isPlainLabel(s.heading) && trial.eligibility.case !== 'as-written'
          ? e.line(s.heading)
          : undefined;
      return {
        kind: s.kind,
        title: sectionTitle(s, keyOnly),
        ...(leadIn ? { leadIn } : {}),
        keyOnly,
        blocks: toBlocks(s.entries),
        lines: toLines(s.entries, 0),
      };
    });
    function sectionTitle(s: CriteriaSection, keyOnly: boolean): string {
      if (trial.eligibility.case === 'as-written')
        return s.heading ? e.line(s.heading.replace(/[:：]\s*$/, '')) : 'Eligibility criteria';
      // Nobody new joins a closed or ended study: its lists say who could (see joinVerbs).
      const verbs = joinVerbs(trial);
      const can = `Who ${verbs.can}`;
      const cannot = `Who ${verbs.cannot}`;
      if (s.kind === 'inclusion')
        return keyOnly ? `${can}: the main rules (key inclusion criteria)` : `${can} (inclusion criteria)`;
      if (s.kind === 'exclusion')
        return keyOnly ? `${cannot}: the main rules (key exclusion criteria)` : `${cannot} (exclusion criteria)`;
      return s.heading ? e.line(s.heading.replace(/[:：]\s*$/, '')) : 'Other notes';
    }
  }

  function toBlocks(entries: CriteriaEntry[]): Block[] {
    const blocks: Block[] = [];
    for (const entry of entries) {
      if (entry.kind === 'item') {
        const last = blocks[blocks.length - 1];
        const number = numberOf(entry.marker);
        const item = { text: e.inline(entry.text), ...(number ? { number } : {}), blocks: toBlocks(entry.children) };
        if (last?.isList && Boolean(last.isOrdered) === Boolean(number)) last.items?.push(item);
        else blocks.push({ isList: true, ...(number ? { isOrdered: true } : {}), items: [item] });
      } else if (entry.kind === 'heading') blocks.push({ isHeading: true, text: e.inline(entry.text) });
      else blocks.push({ isNote: true, text: e.inline(entry.text) });
    }
    return blocks;
  }

  // Numbered source lists stay numbered with the registry's own numbers, so "inclusion 9" can be found.
  function toLines(entries: CriteriaEntry[], depth: number): string[] {
    const lines: string[] = [];
    // Markdown needs each nesting level indented past the parent's marker.
    const pad = (d: number) => '   '.repeat(d);
    // CommonMark renumbers a list from its first number; a gap starts a new list (the delimiter switches).
    let expect: number | undefined;
    let delim = '.';
    for (const entry of entries) {
      if (entry.kind === 'item') {
        const number = numberOf(entry.marker);
        if (number !== undefined) {
          if (expect !== undefined && Number(number) !== expect) delim = delim === '.' ? ')' : '.';
          expect = Number(number) + 1;
        } else expect = undefined;
        lines.push(`${pad(depth)}${number ? `${number}${delim}` : '-'} ${e.inline(entry.text)}`);
        lines.push(...toLines(entry.children, depth + 1));
      } else if (entry.kind === 'heading' && depth === 0) {
        lines.push('', `**${e.inline(entry.text)}**`, '');
      } else {
        lines.push('', `${pad(depth)}${e.line(entry.text)}`, '');
      }
    }
    return depth === 0 ? tidy(lines) : lines;
  }
}

/** "9." or "9)" → "9"; bullets and letters → undefined. */
function numberOf(marker: string): string | undefined {
  return /^(\d{1,3})[.)]$/.exec(marker.trim())?.[1];
}

// "Inclusion Criteria includes:" and "Exclusion criteria are:" say no more than the page's own heading.
const PLAIN_LABEL = new RegExp(
  String.raw`^\W*(?:key\s+|main\s+)?(?:inclusion|exclusion|eligibility)s?(?:\s+criteri[a-z]*)?` +
    String.raw`(?:\s+(?:includes?|are|is))?\s*[:：]?[\s-]*$`,
  'i',
);

/** "Inclusion Criteria:", "Key Exclusion Criteria" — a label, not a sentence worth keeping. */
function isPlainLabel(heading: string): boolean {
  return PLAIN_LABEL.test(heading.trim());
}

/** "Company" → "company", "US federal agency" stays. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
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

// The registry's retention codes in words (what "DNA" is, once).
const SAMPLES: Record<string, string> = {
  NONE_RETAINED: 'None',
  SAMPLES_WITH_DNA: 'Yes, with DNA (the code of a person’s genes)',
  SAMPLES_WITHOUT_DNA: 'Yes, without DNA',
};

/**
 * "184 more sites that may take people are not listed here": where only the sites that may take people are listed,
 * the closed ones are counted in the sentence above the list, not again here.
 */
function notListedSentence(v: SitesView, closedListed: boolean): string | undefined {
  const onlyOpen = !closedListed && v.closedCount > 0 && v.mainCount > 0;
  const n = onlyOpen ? v.notListed - v.closedCount : v.notListed;
  if (n <= 0) return undefined;
  const which = onlyOpen ? ' that may take people' : '';
  const are = n === 1 ? 'is' : 'are';
  const [one, many] = v.noun;
  const more = plural(n, `more ${one}`, `more ${many}`);
  return `${more}${which} ${are} not listed here. See all sites on ClinicalTrials.gov.`;
}

/**
 * "Tata Memorial Centre (hospital, university or other organization)"; a sponsor who is the researcher leading the
 * study (`responsibleParty` of type sponsor-investigator, by the same name) is a person, not an organisation.
 */
function sponsorText(t: Trial, sponsor: NonNullable<Trial['sponsor']>): string {
  const rp = t.responsibleParty;
  const same = (a: string, b: string) =>
    a.replace(/[^\p{L}]/gu, '').toLowerCase() === b.replace(/[^\p{L}]/gu, '').toLowerCase();
  if (rp?.type?.code === 'SPONSOR_INVESTIGATOR' && rp.name !== undefined && same(rp.name, sponsor.name))
    return `${sponsor.name} (the researcher who leads the study${rp.affiliation ? `, ${rp.affiliation}` : ''})`;
  const cls =
    sponsor.class && !['UNKNOWN', 'AMBIG'].includes(sponsor.class.code) ? ` (${lowerFirst(sponsor.class.label)})` : '';
  return sponsor.name + cls;
}

/** "Placebo" or "Sham." beside a role that names it: the description says nothing of its own. */
function echoesRole(description: string | undefined, role: string | undefined): boolean {
  const word = /^(placebo|sham)s?\.?$/i.exec(description ?? '')?.[1]?.toLowerCase();
  return word !== undefined && Boolean(role?.includes(`a ${word}`));
}
