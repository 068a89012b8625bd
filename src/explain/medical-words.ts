import type { Explainer } from './explainers.js';

// Plain words for the medical names a page's own sentences carry: the lead and "who" sentences name the record's
// conditions as given ("It is about hypertension and …", "who have relapsed or refractory multiple myeloma"), and a
// reader at grade 6–8 may not know them. Each entry is our own short text, checked against the grade limit by the
// test suite; a name is explained only where a generated sentence says it, never from registry text alone.

interface Word extends Explainer {
  /** Where a generated sentence says the name (case aside). */
  match: RegExp;
}

const WORDS: Word[] = [
  { match: /\bhypertension\b/i, term: 'Hypertension', text: 'High blood pressure.' },
  {
    match: /\bmyocardial infarction\b/i,
    term: 'Myocardial infarction',
    text: 'A heart attack. Blood flow to part of the heart is blocked.',
  },
  {
    match: /\bcoronary artery disease\b/i,
    term: 'Coronary artery disease',
    text: 'The blood vessels that bring blood to the heart get narrow or blocked.',
  },
  { match: /\bheart failure\b/i, term: 'Heart failure', text: 'The heart does not pump blood as well as it should.' },
  {
    match: /\batherosclerotic cardiovascular disease\b/i,
    term: 'Atherosclerotic cardiovascular disease',
    text: 'Heart and blood vessel disease caused by a fatty buildup, called plaque, inside the blood vessels.',
  },
  {
    match: /\bchronic kidney disease\b/i,
    term: 'Chronic kidney disease',
    text: 'The kidneys are hurt and slowly lose their power to clean the blood.',
  },
  {
    match: /\brenal insufficiency\b/i,
    term: 'Renal insufficiency',
    text: 'Renal means of the kidneys. The kidneys do not work as well as they should.',
  },
  {
    match: /\bkidney failure\b/i,
    term: 'Kidney failure',
    text: 'The kidneys work so poorly that a person needs dialysis or a new kidney to stay well.',
  },
  {
    match: /\btype 1 diabetes\b/i,
    term: 'Type 1 diabetes',
    text: 'The body makes little or no insulin, so blood sugar gets too high.',
  },
  {
    match: /\btype 2 diabetes\b/i,
    term: 'Type 2 diabetes',
    text: 'The body does not use insulin well, so blood sugar gets too high.',
  },
  {
    match: /\bpreeclampsia\b/i,
    term: 'Preeclampsia',
    text: 'High blood pressure in pregnancy, with signs that organs such as the kidneys or liver are harmed.',
  },
  {
    match: /\bintrauterine growth restriction\b/i,
    term: 'Intrauterine growth restriction',
    text: 'The baby grows more slowly than it should in the womb.',
  },
  {
    match: /\bpancreatic insufficiency\b/i,
    term: 'Pancreatic insufficiency',
    text: 'The pancreas does not make enough of the juices that help the body break down food.',
  },
  { match: /\bdysphagia\b/i, term: 'Dysphagia', text: 'Trouble swallowing.' },
  {
    match: /\blatent tuberculosis\b/i,
    term: 'Latent tuberculosis',
    text:
      'The germ that causes TB is in the body but is not active, so the person is not sick. ' +
      'It can become active later.',
  },
  {
    match: /\bhelminth/i,
    term: 'Helminth infection',
    text: 'An infection with worms that live in the body, often in the gut.',
  },
  {
    match: /\bcystic fibrosis\b/i,
    term: 'Cystic fibrosis',
    text: 'An illness passed down in families. Thick mucus builds up in the lungs and other organs.',
  },
  {
    match: /\bhereditary hemorrhagic telangiectasia\b|\bosler-rendu\b/i,
    term: 'Hereditary hemorrhagic telangiectasia (Osler-Rendu disease)',
    text:
      'An illness passed down in families. ' +
      'Some blood vessels form in the wrong way and bleed easily, often in the nose.',
  },
  {
    match: /\bspondyloarthritis\b/i,
    term: 'Spondyloarthritis',
    text: 'A long-lasting illness that causes pain and stiffness, mostly in the back and the joints of the spine.',
  },
  {
    match: /\blichen planus\b/i,
    term: 'Lichen planus',
    text: 'A long-lasting illness that causes sore or itchy patches on the skin or inside the mouth.',
  },
  {
    match: /\bnon-?small[- ]cell\b/i,
    term: 'Non-small cell lung cancer',
    text: 'The most common kind of lung cancer. The name comes from how its cells look under a microscope.',
  },
  {
    match: /\badenocarcinoma\b/i,
    term: 'Adenocarcinoma',
    text: 'A cancer that starts in gland cells, which line many organs.',
  },
  {
    match: /\bcarcinoma\b/i,
    term: 'Carcinoma',
    text: 'A cancer that starts in the cells that cover the skin or line the organs.',
  },
  {
    match: /\bmetasta(?:sis|ses|tic)\b/i,
    term: 'Metastases, metastatic',
    text: 'Cancer that has spread from where it started to other parts of the body.',
  },
  {
    match: /\bneoplasms?\b/i,
    term: 'Neoplasm',
    text: 'A growth of cells that are not normal, also called a tumor. It may or may not be cancer.',
  },
  {
    match: /\bsolid tumou?rs?\b/i,
    term: 'Solid tumor',
    text: 'A tumor that forms a lump in the body, unlike cancers of the blood.',
  },
  {
    match: /\blymphoma\b/i,
    term: 'Lymphoma',
    text: 'A cancer that starts in white blood cells that help the body fight germs.',
  },
  {
    match: /\bleuka?emia\b/i,
    term: 'Leukemia',
    text: 'A cancer of the cells that make blood. It starts in the bone marrow.',
  },
  {
    match: /\bmultiple myeloma\b/i,
    term: 'Multiple myeloma',
    text: 'A cancer of plasma cells, a kind of white blood cell in the bone marrow.',
  },
  { match: /\brelapsed\b/i, term: 'Relapsed', text: 'The illness came back after treatment.' },
  { match: /\brefractory\b/i, term: 'Refractory', text: 'The illness did not get better with treatment.' },
  { match: /\bCNS\b/, term: 'CNS', text: 'The central nervous system: the brain and the spinal cord.' },
];

/** The medical names the given generated sentences say, with plain words for each, in the table's order. */
export function medicalWords(sentences: string): Explainer[] {
  return WORDS.filter((w) => w.match.test(sentences)).map(({ term, text }) => ({ term, text }));
}

/** Every entry, for the test that grades their words. */
export const ALL_MEDICAL_WORDS: readonly Explainer[] = WORDS.map(({ term, text }) => ({ term, text }));
