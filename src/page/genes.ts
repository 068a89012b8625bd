import { joinWords } from '../model/text.js';
import type { Trial } from '../model/trial.js';
import { perTrial } from './per-trial.js';

// Gene changes and tissue types the record names in its titles or conditions ("KRAS p.G12C", "G12D Variant of
// Mutated RAS", "HLA-A*11:01"). A study for one of them is for fewer people than its illness names, and a patient
// may not know their tumour was tested: the page names them, as written, and never says who has them.

// Genes whose changes decide who joins cancer trials; a closed list, so a drug code ("JAB-21822") is never one.
const GENE =
  'KRAS|NRAS|HRAS|RAS|BRAF|EGFR|ALK|ROS1|HER2|ERBB2|BRCA1|BRCA2|BRCA|MET|RET|NTRK[1-3]?|FGFR[1-4]?|IDH[12]|' +
  'PIK3CA|KIT|PDGFRA|FLT3|NPM1|TP53|PTEN|ESR1|AKT1|JAK2|CALR|MPL|ABL1|ATM|PALB2';
/** A word in any case, as a pattern: gene names stay case-sensitive ("MET", never "met"; "KIT", never "Kit"). */
const anyCase = (word: string) =>
  [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
const words = (...list: string[]) => list.map(anyCase).join('|');
/** One amino-acid change: G12C, V600E, T790M. */
const CHANGE = String.raw`[A-Z]\d{1,4}[A-Z]`;
/** Not a change the study needs: "T790M-negative", "BRAF V600E wild-type". */
const NOT_AFTER = String.raw`(?![\s-]*(?:${words('negative', 'wild')}))`;
// "KRAS p.G12C", "KRAS G12D", "BRAF V600E", "KRAS (G12C)"
const GENE_THEN_CHANGE = new RegExp(String.raw`\b(${GENE})[\s-]*(\(?)((?:[pP]\.)?)(${CHANGE})\b\)?${NOT_AFTER}`, 'g');
// "G12D Variant of Mutated RAS"
const CHANGE_OF_GENE = new RegExp(
  String.raw`\b(${CHANGE})\s+(?:${words('variant', 'mutation', 'mutant')})\s+${anyCase('of')}\s+` +
    String.raw`(?:(?:${words('mutated', 'mutant')})\s+)?(${GENE})\b${NOT_AFTER}`,
  'g',
);
// "KRAS Mutant", "ALK fusion", "EGFR-mutated"; not "EGFR mutation-negative" (the study is for those without it).
const GENE_CHANGED = new RegExp(
  String.raw`\b(${GENE})[\s-]+(?:${anyCase('gene')}\s+)?` +
    `(?:${words('mutations', 'mutation', 'mutated', 'mutant', 'fusions', 'fusion')}|` +
    String.raw`${anyCase('rearrange')}\w*|${anyCase('amplifi')}\w*)\b${NOT_AFTER}`,
  'g',
);
// "Without EGFR Mutations or ALK Rearrangements": a negating word earlier in the same clause (up to a full stop,
// semicolon, colon or bracket) covers what follows it; "no" and "non" only the word right after them ("non-EGFR",
// not "Non-small Cell Lung Cancer With KRAS G12C").
const NEGATED = /\b(?:without|negative for|absence of|lacking|wild[- ]type)\b[^.;:()]*$|\b(?:no|non|not)[\s-]+$/i;
const ANY_NAME = new RegExp(String.raw`\b(?:${GENE})|\bHLA-`);
const HLA = /\bHLA-[A-C]\*?\d{2}(?::\d{2,3})?\b/g;

export interface GeneMentions {
  /** Named changes, as written: "KRAS p.G12C", "G12D Variant of Mutated RAS". */
  changes: string[];
  /** Genes named as changed with no change given: "KRAS". */
  genes: string[];
  /** Tissue types: "HLA-A*11:01". */
  tissueTypes: string[];
}

export const geneMentions = perTrial((t: Pick<Trial, 'briefTitle' | 'officialTitle' | 'conditions'>): GeneMentions => {
  const texts = [t.briefTitle, t.officialTitle ?? '', ...t.conditions];
  const changes = new Map<string, string>();
  const genes = new Map<string, string>();
  const tissueTypes = new Map<string, string>();
  const add = (into: Map<string, string>, key: string, text: string) => {
    if (!into.has(key)) into.set(key, text);
  };
  const gene = (g: string) => g.toUpperCase().replace(/^ERBB2$/, 'HER2');
  // One pass over all the text first: most records name no gene from the list and no tissue type.
  if (!ANY_NAME.test(texts.join('\n'))) return { changes: [], genes: [], tissueTypes: [] };
  for (const text of texts) {
    const free = (at: number) => !NEGATED.test(text.slice(Math.max(0, at - 80), at));
    // Said without the brackets: "KRAS (G12C) Mutated" is "KRAS G12C".
    for (const m of text.matchAll(GENE_THEN_CHANGE))
      if (free(m.index)) add(changes, `${gene(m[1] as string)} ${m[4] as string}`, `${m[1]} ${m[3]}${m[4]}`);
    for (const m of text.matchAll(CHANGE_OF_GENE))
      if (free(m.index)) add(changes, `${gene(m[2] as string)} ${(m[1] as string).toUpperCase()}`, m[0]);
    for (const m of text.matchAll(GENE_CHANGED)) if (free(m.index)) add(genes, gene(m[1] as string), m[1] as string);
    for (const m of text.matchAll(HLA)) add(tissueTypes, m[0].toUpperCase().replace('*', ''), m[0]);
  }
  // A gene whose change is named is not said again as "a change in the gene"; "RAS" is said by "KRAS G12D".
  const named = [...changes.keys()].map((k) => k.split(' ')[0] as string);
  for (const g of [...genes.keys()]) if (named.some((n) => n === g || n.endsWith(g))) genes.delete(g);
  return { changes: [...changes.values()], genes: [...genes.values()], tissueTypes: [...tissueTypes.values()] };
});

/**
 * "The record names a gene change: KRAS p.G12C." and the like; none when it names none. `ask`: the study may take
 * people, so the reader is told what to ask.
 */
export function geneSentences(t: Trial, ask: boolean): string[] {
  const g = geneMentions(t);
  const out: string[] = [];
  if (g.changes.length)
    out.push(`The record names ${g.changes.length === 1 ? 'a gene change' : 'gene changes'}: ${joinWords(g.changes)}.`);
  if (g.genes.length)
    out.push(
      `The record names a change in the ${joinWords(g.genes)} ${g.genes.length === 1 ? 'gene' : 'genes'}` +
        `${g.changes.length ? ' too' : ''}.`,
    );
  if (g.tissueTypes.length)
    out.push(
      `${out.length ? 'It also names' : 'The record names'} ` +
        `${g.tissueTypes.length === 1 ? 'a tissue type' : 'tissue types'}, which a blood test shows: ` +
        `${joinWords(g.tissueTypes)}.`,
    );
  const items = g.changes.length + g.genes.length + g.tissueTypes.length;
  if (out.length && ask) out.push(`Ask your doctor whether you have been tested for ${items > 1 ? 'them' : 'this'}.`);
  return out;
}
