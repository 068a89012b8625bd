import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { stringify as yamlStringify } from 'yaml';
import { UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import type { Place } from '../page/sites.js';
import { frontMatterText } from './escape.js';
import { buildView, type Format } from './view.js';

// Pure: template text in, a renderer out. Reading template files is io/templates.ts's job.

export interface TemplateSource {
  /** "trial", "index" or a partial's name. */
  name: string;
  /** Where it came from, for error messages. */
  path: string;
  source: string;
}

/** A page template and the partials it may call. */
export interface TemplateSet {
  page: TemplateSource;
  partials: TemplateSource[];
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

/** An isolated Handlebars environment with the set's partials; the page compiled once, errors found up front. */
function compileSet(format: Format, set: TemplateSet): Compiled {
  const hb = Handlebars.create();
  // knownHelpersOnly keeps templates logic-less: no user helpers, no custom code.
  const options = { noEscape: format === 'md', knownHelpersOnly: true, strict: false } as const;
  const asts = [...set.partials, set.page].map((t) => ({ t, ast: parseTemplate(t) }));
  for (const { t, ast } of asts.slice(0, -1)) hb.registerPartial(t.name, compileAst(hb, ast, options, t));
  // Partial references are checked once every partial is registered (a partial may call itself).
  for (const { t, ast } of asts) checkPartials(hb, ast, t.path);
  const last = asts[asts.length - 1] as (typeof asts)[number];
  return compileAst(hb, last.ast, options, last.t);
}

/** One renderer per template set. */
export function createRenderer(format: Format, set: TemplateSet): Renderer {
  const page = compileSet(format, set);
  return {
    format,
    render(trial, opts = {}) {
      const view = buildView(trial, format, {
        ...(opts.overlay ? { overlay: opts.overlay } : {}),
        ...(opts.near ? { near: opts.near } : {}),
      });
      const frontMatter =
        format === 'md' && opts.frontMatter !== false ? yamlStringify(frontMatterOf(trial, opts.overlay)) : undefined;
      const out = runTemplate(page, { ...view, frontMatter }, set.page.path);
      return tidyOutput(out, format);
    },
  };
}

/** The listing's index page (index.md / index.html). */
export function createIndexRenderer(format: Format, set: TemplateSet) {
  const template = compileSet(format, set);
  return (context: object) => tidyOutput(runTemplate(template, context, set.page.path), format);
}

/** Changes whenever a template in use or trialcard itself changes: pages are then re-rendered. */
export function templateVersion(sets: TemplateSet[], version = ''): string {
  const h = createHash('sha256').update(version);
  for (const set of sets) for (const t of [set.page, ...set.partials]) h.update(`\0${t.name}\0`).update(t.source);
  return h.digest('hex').slice(0, 16);
}

/** Static-site front matter: machine values (enum codes allowed), read by Hugo, Jekyll, Astro, Eleventy. */
export function frontMatterOf(t: Trial, overlay: Record<string, unknown> = {}) {
  return {
    title: frontMatterText(typeof overlay.title === 'string' ? overlay.title : t.briefTitle),
    nct_id: t.nctId,
    status: t.status?.code ?? null,
    phases: t.phases.codes,
    conditions: t.conditions.map(frontMatterText),
    sponsor: t.sponsor ? frontMatterText(t.sponsor.name) : null,
    last_updated: t.dates.lastUpdated?.iso ?? null,
    url: t.url,
    slug: t.nctId.toLowerCase(),
  };
}

/**
 * Handlebars.parse, with Jison's documented parseError(message, hash) hook in place for the call,
 * so a syntax error carries its token and line instead of a message to pick apart.
 */
function parseTemplate(t: TemplateSource): hbs.AST.Program {
  type Hash = { token?: string | null; text?: string; line?: number };
  const parser = (Handlebars as unknown as { Parser: { parseError: (message: string, hash: Hash) => never } }).Parser;
  const previous = parser.parseError;
  let failure: Hash | undefined;
  parser.parseError = (message, hash) => {
    failure = hash;
    throw new Error(message);
  };
  try {
    return Handlebars.parse(t.source);
  } catch (err) {
    if (!failure) throw templateError(t.path, err);
    const at = syntaxErrorAt(t.source, failure);
    const what = failure.token ? `unexpected '${failure.token}'` : 'unrecognized text';
    throw templateError(t.path, {
      message: what,
      lineNumber: at.line,
      column: at.column === undefined ? undefined : at.column - 1,
    });
  } finally {
    parser.parseError = previous;
  }
}

/** Where the offending token stands: end of input for EOF, else its text on its line when that text is there once. */
function syntaxErrorAt(source: string, hash: { token?: string | null; text?: string; line?: number }) {
  const lines = source.split('\n');
  if (hash.token === 'EOF') return { line: lines.length, column: (lines.at(-1) ?? '').length + 1 };
  const line = hash.line === undefined ? undefined : hash.line + 1;
  const text = lines[(line ?? 0) - 1] ?? '';
  const col = hash.text ? text.indexOf(hash.text) : -1;
  return { line, column: col >= 0 && col === text.lastIndexOf(hash.text ?? '') ? col + 1 : undefined };
}

/**
 * What hb.compile does on first use, done now and once: the compiler's checks (unknown helpers,
 * mismatched blocks) fail before any record is fetched.
 */
function compileAst(hb: typeof Handlebars, ast: hbs.AST.Program, options: CompileOptions, t: TemplateSource): Compiled {
  try {
    const env = hb as unknown as {
      Compiler: new () => { compile(ast: unknown, options: CompileOptions): unknown };
      JavaScriptCompiler: new () => {
        compile(env: unknown, options: CompileOptions, context: undefined, asObject: true): TemplateSpecification;
      };
    };
    const environment = new env.Compiler().compile(ast, options);
    return hb.template(new env.JavaScriptCompiler().compile(environment, options, undefined, true));
  } catch (err) {
    throw err instanceof UsageError ? err : templateError(t.path, err);
  }
}

/** A partial that does not exist is a template error with its position, found before rendering. */
function checkPartials(hb: typeof Handlebars, node: unknown, path: string): void {
  if (!node || typeof node !== 'object') return;
  const n = node as { type?: string; name?: { original?: unknown }; loc?: { start: { line: number; column: number } } };
  if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && typeof n.name?.original === 'string') {
    if (!Object.hasOwn(hb.partials, n.name.original)) {
      const at = n.loc ? `:${n.loc.start.line}:${n.loc.start.column + 1}` : '';
      throw new UsageError(
        `template ${baseName(path)} (${path}${at}): the partial "${n.name.original}" does not exist`,
        'partials live in partials/NAME.FORMAT.hbs of --templates DIR',
      );
    }
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const v of value) checkPartials(hb, v, path);
    else if (value && typeof value === 'object' && value !== n.loc) checkPartials(hb, value, path);
  }
}

function runTemplate(template: Compiled, context: object, path: string): string {
  try {
    return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (err) {
    throw templateError(path, err);
  }
}

/** "x.md.hbs (path:3:7): …" from Handlebars' compile and runtime errors (1-based line and column). */
function templateError(path: string, err: unknown): UsageError {
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

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function tidyOutput(out: string, format: Format): string {
  if (format === 'html') return out;
  return `${out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
