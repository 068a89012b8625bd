import { createHash } from '../model/hash.js';
import HandlebarsRuntime from 'handlebars/runtime.js';
import { UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import type { Place } from '../page/sites.js';
import { frontMatterText } from './escape.js';
import { frontMatterYaml } from './front-matter.js';
import { partsRenderer } from './in-parts.js';
import { buildView, type Format } from './view.js';

// Pure: compiled templates in, a renderer out. Only the Handlebars runtime is loaded here; the
// built-in templates are compiled to JavaScript at build time (scripts/build-templates.js) and
// custom ones by render/compile.ts, once, when a run uses them.

const Handlebars = HandlebarsRuntime as unknown as typeof import('handlebars');

/** A page template and its partials, compiled: what a renderer runs. */
export interface CompiledTemplates {
  /** Where the page template came from, for error messages. */
  path: string;
  /** sha256 over every template's name and text: pages are re-rendered when it changes. */
  digest: string;
  page: TemplateSpecification;
  partials: Record<string, TemplateSpecification>;
}

export interface RenderOptions {
  frontMatter?: boolean;
  overlay?: Record<string, unknown>;
  /** Order sites by distance from this place and show each distance. */
  near?: Place;
}

export interface Renderer {
  render(trial: Trial, opts?: RenderOptions): string;
  readonly format: Format;
}

type Compiled = HandlebarsTemplateDelegate;

/** An isolated Handlebars environment holding the set's partials. */
function environment(set: CompiledTemplates) {
  const hb = Handlebars.create();
  for (const [name, spec] of Object.entries(set.partials)) hb.registerPartial(name, hb.template(spec));
  return hb;
}

/** The set's page template, ready to run. */
function instantiate(set: CompiledTemplates): Compiled {
  return environment(set).template(set.page);
}

/** One renderer per template set. */
export function createRenderer(format: Format, set: CompiledTemplates): Renderer {
  const page = instantiate(set);
  return {
    format,
    render(trial, opts = {}) {
      const view = buildView(trial, format, {
        ...(opts.overlay ? { overlay: opts.overlay } : {}),
        ...(opts.near ? { near: opts.near } : {}),
      });
      const frontMatter =
        format === 'md' && opts.frontMatter !== false ? frontMatterYaml(frontMatterOf(trial, opts.overlay)) : undefined;
      const out = runTemplate(page, { ...view, frontMatter }, set.path);
      return tidyOutput(out, format);
    },
  };
}

/**
 * The listing's index page (index.md / index.html), in parts: its lists of trials may be LazyLists, rendered
 * one item at a time as the pieces are read (render/in-parts.ts). Joined, the pieces are the page.
 */
export function createIndexRenderer(format: Format, set: CompiledTemplates) {
  const hb = environment(set);
  const inParts = partsRenderer(hb);
  const template = hb.template(set.page);
  return (context: object): Iterable<string> => {
    const pieces = inParts((c) => template(c, RUNTIME_OPTIONS), context);
    return tidyParts(withTemplateErrors(pieces, set.path), format);
  };
}

/** Changes whenever a template in use or trialcard itself changes: pages are then re-rendered. */
export function templateVersion(sets: CompiledTemplates[], version = ''): string {
  const h = createHash('sha256').update(version);
  for (const set of sets) h.update(`\0${set.digest}`);
  return h.digest('hex').slice(0, 16);
}

/** Static-site front matter: machine values (enum codes allowed), read by Hugo, Jekyll, Astro, Eleventy. */
export function frontMatterOf(t: Trial, overlay: Record<string, unknown> = {}) {
  return {
    title: frontMatterText(typeof overlay.title === 'string' ? overlay.title : t.briefTitle),
    nct_id: t.nctId,
    // Codes as the record gives them; one the spec does not know is record text like the title.
    status: t.status ? frontMatterText(t.status.code) : null,
    phases: t.phases.codes.map(frontMatterText),
    conditions: t.conditions.map(frontMatterText),
    sponsor: t.sponsor ? frontMatterText(t.sponsor.name) : null,
    last_updated: t.dates.lastUpdated?.iso ?? null,
    url: t.url,
    slug: t.nctId.toLowerCase(),
  };
}

/** Templates read only a context's own properties. */
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

function runTemplate(template: Compiled, context: object, path: string): string {
  try {
    return template(context, RUNTIME_OPTIONS);
  } catch (err) {
    throw templateError(path, err);
  }
}

/** A template failing partway through its parts fails as a whole one does, naming the template. */
function* withTemplateErrors(pieces: Iterable<string>, path: string): Generator<string> {
  try {
    yield* pieces;
  } catch (err) {
    throw templateError(path, err);
  }
}

/** "x.md.hbs (path:3:7): …" from Handlebars' compile and runtime errors (1-based line and column). */
export function templateError(path: string, err: unknown): UsageError {
  const e = err as { message?: string; lineNumber?: number; column?: number };
  const msg = String(e.message ?? err);
  const line = e.lineNumber;
  const col = e.column === undefined ? undefined : e.column + 1;
  // Compile errors end with " - line:column"; the position is given separately.
  const detail = (msg.split('\n')[0] ?? msg).replace(/ - \d+:\d+$/, '');
  const where = line !== undefined ? `:${line}${col !== undefined ? `:${col}` : ''}` : '';
  return new UsageError(
    `template ${baseName(path)} (${path}${where}): ${detail.replace(/\s+/g, ' ').trim()}`,
    'fix the template, or run "trialcard templates eject DIR" for a working copy',
  );
}

export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Markdown: no spaces at line ends, at most one blank line, one newline at the end. */
const tidyText = (text: string) => text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');

function tidyOutput(out: string, format: Format): string {
  return format === 'html' ? out : `${tidyText(out).trim()}\n`;
}

/**
 * tidyOutput over pieces, piece by piece: each piece is cut after its last character that is not white space,
 * and what follows waits for the next piece. Every run of white space that tidying changes then lies within one
 * piece, so the joined result is tidyOutput of the joined input.
 */
export function* tidyParts(pieces: Iterable<string>, format: Format): Generator<string> {
  if (format === 'html') {
    yield* pieces;
    return;
  }
  let pending = '';
  let started = false;
  for (const piece of pieces) {
    const text = pending + piece;
    const end = text.search(/\s*$/);
    pending = text.slice(end);
    if (end === 0) continue;
    const head = tidyText(text.slice(0, end));
    yield started ? head : head.trimStart();
    started = true;
  }
  yield '\n';
}
