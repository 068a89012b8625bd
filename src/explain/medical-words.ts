import type { Explainer } from './explainers.js';

// Plain words for the medical names a page's own sentences carry: the lead and "who" sentences name the record's
// conditions as given ("It is about hypertension and …", "who have relapsed or refractory multiple myeloma"), and a
// reader at grade 6–8 may not know them. Each entry is our own short text, checked against the grade limit by the
// test suite. A name is explained only where the lead or who sentences say it (they carry the record's condition
// and treatment names, or an editor's summary in place of the lead), never from registry text elsewhere on the
// page; a pattern leaves out the uses its words would be wrong for ("ocular hypertension", "non-metastatic").

interface Word extends Explainer {
  /** Where a generated sentence says the name (case aside). */
  match: RegExp;
}

// Places whose "hypertension" is another pressure: the eye's, the skull's, the liver's vein, the lungs' vessels.
const OTHER_PRESSURES =
  'pulmonary(?: arterial)?|portopulmonary|portal|ocular|intraocular|intracranial|intra-?abdominal|venous';

const WORDS: Word[] = [
  {
    match: new RegExp(String.raw`(?<!\b(?:${OTHER_PRESSURES})\s)\bhypertension\b`, 'i'),
    term: 'Hypertension',
    text: 'High blood pressure.',
  },
  {
    match: /\b(?:pulmonary|portopulmonary)(?: arterial)? hypertension\b/i,
    term: 'Pulmonary hypertension',
    text:
      'High blood pressure in the blood vessels of the lungs. It makes the heart work harder. ' +
      'It is not the same as common high blood pressure.',
  },
  {
    match: /\b(?:ocular|intraocular) hypertension\b/i,
    term: 'Ocular hypertension',
    text: 'The pressure inside the eye is higher than normal. It is not high blood pressure.',
  },
  {
    match: /\bmyocardial infarction\b/i,
    term: 'Myocardial infarction',
    text: 'A heart attack. Blood flow to part of the heart is blocked.',
  },
  {
    match: /\bcoronary artery disease\b/i,
    term: 'Coronary artery disease',
    text: 'The blood vessels that feed the heart muscle get narrow or blocked, often by a fatty buildup.',
  },
  { match: /\bheart failure\b/i, term: 'Heart failure', text: 'The heart does not pump blood as well as it should.' },
  {
    match: /\batherosclerotic cardiovascular disease\b|\bASCVD\b/i,
    term: 'Atherosclerotic cardiovascular disease',
    text: 'Heart and blood vessel disease caused by a fatty buildup, called plaque, inside the blood vessels.',
  },
  {
    match: /\bchronic kidney disease\b/i,
    term: 'Chronic kidney disease',
    text:
      'The kidneys are damaged and do not clean the blood as well as they should. ' +
      'It lasts a long time and can slowly get worse.',
  },
  {
    match: /\brenal insufficiency\b/i,
    term: 'Renal insufficiency',
    text: 'Renal means of the kidneys. The kidneys do not work as well as they should.',
  },
  // Not "acute kidney failure": often short, and the kidneys often get better.
  {
    match: /(?<!\bacute\s)\b(?:kidney|renal) failure\b/i,
    term: 'Kidney failure',
    text:
      'The kidneys have lost most of their power to clean the blood. ' +
      'When it is this bad, a person needs dialysis or a new kidney to stay well.',
  },
  {
    match: /\bacute (?:kidney|renal) (?:failure|injury)\b/i,
    term: 'Acute kidney failure',
    text: 'The kidneys suddenly stop working well, over hours or days. Some people need dialysis for a while.',
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
    match: /\bpre-?eclampsia\b/i,
    term: 'Preeclampsia',
    text:
      'High blood pressure in pregnancy or soon after birth. ' +
      'There are also signs that organs such as the kidneys or liver are harmed.',
  },
  {
    match: /\b(?:intrauterine|fetal) growth restriction\b/i,
    term: 'Growth restriction',
    text: 'The baby grows more slowly than it should in the womb.',
  },
  {
    match: /\bpancreatic insufficiency\b/i,
    term: 'Pancreatic insufficiency',
    text: 'The pancreas does not make enough of the juices that help the body break down food.',
  },
  { match: /\bdysphagia\b/i, term: 'Dysphagia', text: 'Trouble swallowing.' },
  {
    match: /\blatent (?:tuberculosis|TB)\b|\bLTBI\b/i,
    term: 'Latent tuberculosis',
    text:
      'The germ that causes tuberculosis (TB) is in the body but is not active. ' +
      'The person is not sick and cannot spread it. It can become active later.',
  },
  // Said of a treatment too ("helminthic therapy"): the words are true either way.
  {
    match: /\bhelminth/i,
    term: 'Helminths',
    text:
      'Worms that can live inside the body, often in the gut. ' +
      'An infection with them is called a helminth infection.',
  },
  {
    match: /\bcystic fibrosis\b/i,
    term: 'Cystic fibrosis',
    text:
      'An illness a person is born with. It comes from genes passed on by both parents. ' +
      'Thick mucus builds up in the lungs and other organs.',
  },
  {
    match: /\bhereditary ha?emorrhagic telangiectasia\b|\bosler-(?:weber-)?rendu\b|\brendu-osler\b/i,
    term: 'Hereditary hemorrhagic telangiectasia (Osler-Rendu disease)',
    text:
      'An illness passed down in families. ' +
      'Some blood vessels form in the wrong way and bleed easily, often in the nose.',
  },
  {
    match: /\bspondyloarthritis\b/i,
    term: 'Spondyloarthritis',
    text:
      'A long-lasting kind of arthritis. It causes pain and stiffness, most often in the back and hips. ' +
      'It can also affect other joints.',
  },
  {
    match: /\blichen planus\b/i,
    term: 'Lichen planus',
    text: 'A long-lasting illness that causes sore or itchy patches on the skin or inside the mouth.',
  },
  {
    match: /\bnon[- ]?small[- ]cell\b|\bNSCLC\b/i,
    term: 'Non-small cell lung cancer',
    text: 'The most common kind of lung cancer. The name comes from how its cells look under a microscope.',
  },
  {
    match: /\badenocarcinomas?\b/i,
    term: 'Adenocarcinoma',
    text: 'A cancer that starts in gland cells, which line many organs.',
  },
  {
    match: /\bcarcinomas?\b/i,
    term: 'Carcinoma',
    text: 'A cancer that starts in the cells that cover the skin or line the organs.',
  },
  // Not "non-metastatic": the opposite.
  {
    match: /(?<!\bnon[- ]?)\bmetasta(?:sis|ses|tic)\b/i,
    term: 'Metastases, metastatic',
    text: 'Cancer that has spread from where it started to other parts of the body.',
  },
  {
    match: /\bnon[- ]?metastatic\b/i,
    term: 'Non-metastatic',
    text: 'Cancer that has not spread from where it started to other parts of the body.',
  },
  {
    match: /\bneoplasms?\b/i,
    term: 'Neoplasm',
    text:
      'A growth of cells that are not normal. Many form a lump, called a tumor, but some in the blood do not. ' +
      'A malignant one is a cancer. A benign one is not.',
  },
  {
    match: /\bsolid tumou?rs?\b/i,
    term: 'Solid tumor',
    text:
      'A cancer that grows as a lump in an organ or tissue, such as the lung, breast or bowel. ' +
      'Cancers of the blood are not solid tumors.',
  },
  {
    match: /\blymphomas?\b/i,
    term: 'Lymphoma',
    text: 'A cancer that starts in white blood cells that help the body fight germs.',
  },
  {
    match: /\bleuka?emias?\b/i,
    term: 'Leukemia',
    text: 'A cancer of the cells that make blood. It starts in the bone marrow.',
  },
  {
    match: /\bmultiple myeloma\b/i,
    term: 'Multiple myeloma',
    text: 'A cancer of plasma cells, a kind of white blood cell in the bone marrow.',
  },
  {
    match: /\brelapsed\b/i,
    term: 'Relapsed',
    text: 'The illness came back after a time when it had gone away or got better.',
  },
  {
    match: /\brefractory\b/i,
    term: 'Refractory',
    text: 'The illness did not get better with treatment, or it got worse during or soon after treatment.',
  },
  // Not a "(CNS)" right after a name spelled out (another meaning, or said already), nor "CNS-led" (a nurse).
  {
    match: /\bCNS\b(?!\)|-led\b)/,
    term: 'CNS',
    text: 'The central nervous system: the brain and the spinal cord.',
  },
];

/** The medical names the given generated sentences say, with plain words for each, in the table's order. */
export function medicalWords(sentences: string): Explainer[] {
  return WORDS.filter((w) => w.match.test(sentences)).map(({ term, text }) => ({ term, text }));
}

/** Every entry, for the test that grades their words. */
export const ALL_MEDICAL_WORDS: readonly Explainer[] = WORDS.map(({ term, text }) => ({ term, text }));
