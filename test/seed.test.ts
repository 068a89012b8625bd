import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize } from '../src/model/normalize.js';
import { parseOverlay } from '../src/overlays/parse.js';
import { createRenderer } from '../src/index.js';
import { FIXTURES, loadStudy } from './helpers.js';

// The seed page, sentence by sentence, must be on trialcard's page for NCT07438847 with its
// overlay — except where the seed is wrong or unplain, which this table corrects (and says why).
const CORRECTED: Record<string, string | null> = {
  'PHASE1 · Cancer Institute and Hospital, Chinese Academy of Medical Sciences · NCT07438847':
    // raw enum
    'Phase 1 · Recruiting · Cancer Institute and Hospital, Chinese Academy of Medical Sciences · NCT07438847',
  PhasePHASE1: 'Phase: Phase 1',
  'Study typeInterventional': 'Study type: Interventional (clinical trial)',
  'Enrollment12 (estimated)': 'Enrollment: Plans to include about 12 people', // planned, in words
  'Ages18 Years and up': 'Ages: 18 years and up',
  SexAll: 'Sex: All',
  'SponsorCancer Institute and Hospital, Chinese Academy of Medical Sciences (other)':
    // class in words
    'Sponsor: Cancer Institute and Hospital, Chinese Academy of Medical Sciences (hospital, university or other ' +
    'organization)',
  // was guessed from exclusion text
  'Drugs / interventionschemotherapy, immunotherapy, radiation': 'Intervention: 177Lu-CTR-FAPI (drug)',
  'Locations2 sites (Beijing and 1 other locations)': 'Locations: 2 sites in China', // names the country
  'Trial IDNCT07438847 on ClinicalTrials.gov': 'Trial ID: NCT07438847 on ClinicalTrials.gov',
  'Show full inclusion / exclusion criteria': null, // a web page toggle; the lists are always shown
  'Inclusion Criteria:': 'Who can join (inclusion criteria)',
  'Exclusion Criteria:': 'Who cannot join (exclusion criteria)',
  'Beijing and 1 other locations': '2 sites in China', // names the country
  'Study contacts': null, // the registry lists no contacts: no empty heading
  'Review the eligibility criteria above with your treating physician.':
    'Go over the list of who can and cannot join with your doctor.',
  ['Visit the official trial page on ClinicalTrials.gov for the most current contact information and recruitment ' +
    'status.']: 'Visit the trial page on ClinicalTrials.gov for the latest status.',
  'Contact the listed study coordinator or principal investigator to request pre-screening.':
    // no contact is listed
    'This record lists no contact details. Ask your doctor to help you reach a study site listed above.',
  // the registry says nothing of cost
  'Pre-screening is free and never obligates you to enroll.': 'Asking does not mean you have to join.',
  'View on ClinicalTrials.gov →': 'View on ClinicalTrials.gov',
  // keywords are not conditions
  'Conditions: Thyroid Cancer, Thyroid cancer, Radionuclide therapy, CTR-FAPI': 'Conditions: Thyroid Cancer',
  'Information on this page is for educational purposes and is not medical advice.':
    'This page is for learning only. It is not medical advice.',
  'Always consult qualified healthcare professionals about clinical trial participation.':
    'Talk with your doctor before you join a trial.',
};

const plain = (md: string) =>
  md
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:#+|-|\d+\.)\s+/gm, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ');

describe("the seed page, corrected, is contained in trialcard's page", () => {
  const seed = readFileSync(join(FIXTURES, 'seed-find-a-trial-NCT07438847.txt'), 'utf8');
  const overlay = parseOverlay(
    readFileSync(join(FIXTURES, 'overlays', 'NCT07438847.yaml'), 'utf8'),
    'NCT07438847.yaml',
  );
  const page = createRenderer('md').render(normalize(loadStudy('NCT07438847')), { overlay, frontMatter: false });
  const text = plain(page);
  const sentences = seed
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.replace(/^(?:\* |\d+\. )/, ''))
    .flatMap((l) => (l in CORRECTED ? [l] : l.replace(/\\>/g, '>').split(/(?<=[.!?])\s+(?=[A-Z])/)))
    .filter((s) => s.length > 0);

  it('has every section and sentence', () => {
    const missing = sentences.filter((s) => {
      const want = s in CORRECTED ? CORRECTED[s] : s;
      return want !== null && want !== undefined && !text.includes(want);
    });
    expect(missing).toEqual([]);
    expect(sentences.length).toBeGreaterThan(60);
  });
  it("has the sections in the seed's order", () => {
    const order = [
      'Quick facts',
      'What this trial studies',
      'Who should consider this trial',
      'Why it matters',
      'Eligibility criteria',
      'Where this trial is running',
      'How to participate',
    ];
    const at = order.map((h) => page.indexOf(`## ${h}`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
  it("corrects the seed's errors", () => {
    expect(page).not.toMatch(/PHASE1|\\>|other locations|## Study contacts|chemotherapy, immunotherapy, radiation\n/);
    expect(page).toContain('Last reviewed 2026-05-15 by the Find a Trial editorial team.');
  });
});
