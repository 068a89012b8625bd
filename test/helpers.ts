import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Study } from '../src/ctgov/schema.js';
import { parseStudy } from '../src/ctgov/schema.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * Every study in the corpus: fixtures/studies, the hand-edited copies in fixtures/edited and the studies inside
 * fixtures/pages.
 */
export function corpus(): { name: string; raw: unknown }[] {
  const out: { name: string; raw: unknown }[] = [];
  for (const dir of ['studies', 'edited', 'pages']) {
    for (const f of readdirSync(join(FIXTURES, dir))
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const j = JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as { studies?: unknown[] };
      const studies = Array.isArray(j.studies) ? j.studies : [j];
      for (const [i, raw] of studies.entries())
        out.push({ name: studies.length > 1 ? `${dir}/${f}#${i}` : `${dir}/${f}`, raw });
    }
  }
  return out;
}

export function loadStudy(nctId: string): Study {
  const r = parseStudy(JSON.parse(readFileSync(join(FIXTURES, 'studies', `${nctId}.json`), 'utf8')));
  if (!r.ok) throw new Error(r.message);
  return r.study;
}

/** A minimal valid study with the given modules merged in. */
export function makeStudy(protocol: Record<string, unknown> = {}, nctId = 'NCT01234567'): Study {
  const r = parseStudy({ protocolSection: { identificationModule: { nctId, briefTitle: 'A study' }, ...protocol } });
  if (!r.ok) throw new Error(r.message);
  return r.study;
}

/** `--log json` output: one JSON object per line. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
