import { plural } from '../model/text.js';
import type { Trial } from '../model/trial.js';

// Published papers (`referencesModule.references`): those the study team lists as reporting its results, then
// those PubMed links to the study by its NCT ID (they may be the results, the plan or later work on the data).
// Background reading is not about this study and is left out. Citations are the registry's text, word for word.

export const MAX_PAPERS = 5;

export interface PaperGroup {
  lead: string;
  items: { citation: string; pmid?: string }[];
  /** "3 more are listed on ClinicalTrials.gov." */
  more?: string;
}

/** The latest year a citation names ("… Gut. 2020 Jan;69(1):…"): it was published then or later. */
function latestYear(citation: string): number | undefined {
  const years = (citation.match(/\b(?:19|20)\d{2}\b/g) ?? []).map(Number);
  return years.length ? Math.max(...years) : undefined;
}

export function paperGroups(t: Pick<Trial, 'publications' | 'dates'>): PaperGroup[] {
  // A "result" from before the study started is background the team filed as a result: it reports no result of
  // this study (NCT03877679 lists a 2007 paper; it started in 2019).
  const started = t.dates.start ? Number(t.dates.start.iso.slice(0, 4)) : undefined;
  const before = (p: Trial['publications'][number]) => {
    const year = latestYear(p.citation);
    return started !== undefined && year !== undefined && year < started;
  };
  const papers = t.publications.filter((p) => p.kind !== 'result' || !before(p));
  // A paper listed both ways is said once, as the study team lists it.
  const asResult = new Set(papers.filter((p) => p.kind === 'result').map((p) => p.pmid ?? p.citation));
  const group = (kind: 'result' | 'derived', lead: (n: number) => string): PaperGroup[] => {
    const all = papers.filter((p) => p.kind === kind && (kind === 'result' || !asResult.has(p.pmid ?? p.citation)));
    if (all.length === 0) return [];
    const more = all.length - MAX_PAPERS;
    return [
      {
        lead: lead(all.length),
        items: all.slice(0, MAX_PAPERS).map((p) => ({ citation: p.citation, ...(p.pmid ? { pmid: p.pmid } : {}) })),
        ...(more > 0
          ? { more: `${plural(more, 'more paper')} ${more === 1 ? 'is' : 'are'} listed on ClinicalTrials.gov.` }
          : {}),
      },
    ];
  };
  return [
    // The team's word, not the page's: a team may list its protocol paper as a result.
    ...group(
      'result',
      (n) => `The study team lists ${n === 1 ? 'a paper' : plural(n, 'paper')} as reporting its results:`,
    ),
    ...group(
      'derived',
      (n) =>
        `PubMed, a list of health papers, links ${n === 1 ? 'a paper' : plural(n, 'paper')} to this study. ` +
        `${n === 1 ? 'It' : 'They'} may be about its results, its plan or later work:`,
    ),
  ];
}
