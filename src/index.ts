// Public library API for scripts: fetch, normalize, render. Never prints, never exits.
export { createClient, DEFAULT_API_BASE, type ClientOptions, type Client } from './ctgov/client.js';
export { parseStudy, studySchema, type Study } from './ctgov/schema.js';
export { searchParams, type SearchFlags } from './ctgov/query.js';
export { parseCriteria, type ParsedCriteria, type CriteriaEntry, type CriteriaSection } from './criteria/parse.js';
export { normalize } from './model/normalize.js';
export { normalizeNctId, parseNctIds } from './model/nct.js';
export type { Trial, Site, Contact, Intervention, Arm } from './model/trial.js';
export { frontMatterOf, type Renderer, type RenderOptions, type CompiledTemplates } from './render/engine.js';
export { compileTemplates, type TemplateSet } from './render/compile.js';
export { BUILTIN_TEMPLATES, readTemplates, loadTemplates } from './io/templates.js';
export { explainTrial, statusMeaning } from './explain/explainers.js';
export { leadSentences } from './page/lead.js';
export { whoSentences } from './page/who.js';
export { situationOf } from './page/situation.js';
export { gradeSentences, proseSentences, redactRecordText, type Grade } from './readability/grade.js';
export { fetchByIds, fetchBySearch, type Hit, type Handlers } from './pipeline/sources.js';
export { ExitCode, TrialcardError, UsageError, FetchFailure, InvalidRecord, LocalFailure } from './errors.js';

import { type ClientOptions, createClient } from './ctgov/client.js';
import { builtinTemplates, readTemplates } from './io/templates.js';
import { compileTemplates } from './render/compile.js';
import { createRenderer as rendererFor, type Renderer } from './render/engine.js';
import type { Format } from './render/view.js';

/** A page renderer from the built-in templates, or a --templates directory and page template. */
export function createRenderer(format: Format, templatesDir?: string, pageTemplate?: string): Renderer {
  const builtin =
    templatesDir === undefined && pageTemplate === undefined ? builtinTemplates(format, 'trial') : undefined;
  return rendererFor(
    format,
    builtin ?? compileTemplates(format, readTemplates(format, 'trial', templatesDir, pageTemplate)),
  );
}
import { parseStudy } from './ctgov/schema.js';
import { InvalidRecord } from './errors.js';
import { normalize } from './model/normalize.js';
import type { Trial } from './model/trial.js';

/** Fetches one trial and returns the normalized model; throws FetchFailure when it cannot. */
export async function fetchTrial(nctId: string, opts: ClientOptions = {}): Promise<Trial> {
  const client = createClient(opts);
  try {
    const { study } = await client.getStudy(nctId);
    const parsed = parseStudy(study);
    if (!parsed.ok) throw new InvalidRecord(`${nctId}: ${parsed.message}`);
    return normalize(parsed.study);
  } finally {
    await client.close();
  }
}
