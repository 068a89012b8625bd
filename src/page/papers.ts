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

export function paperGroups(t: Pick<Trial, 'publications'>): PaperGroup[] {
  const group = (kind: 'result' | 'derived', lead: (n: number) => string): PaperGroup[] => {
    // A paper listed both ways is said once, as a result.
    const results = new Set(t.publications.filter((p) => p.kind === 'result' && p.pmid).map((p) => p.pmid));
    const all = t.publications.filter((p) => p.kind === kind && (kind === 'result' || !results.has(p.pmid)));
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
    ...group(
      'result',
      (n) => `The study team lists ${n === 1 ? 'a paper that reports' : `${n} papers that report`} its results:`,
    ),
    ...group(
      'derived',
      (n) =>
        `PubMed, a list of health papers, links ${n === 1 ? 'a paper' : plural(n, 'paper')} to this study. ` +
        `${n === 1 ? 'It' : 'They'} may be about its results, its plan or later work:`,
    ),
  ];
}
