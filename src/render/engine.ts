import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { stringify as yamlStringify } from 'yaml';
import { UsageError } from '../errors.js';
import type { Trial } from '../model/trial.js';
import type { Place } from '../page/sites.js';
import { frontMatterText } from './escape.js';
import { buildView, type Format } from './view.js';

/** Built-in templates ship next to dist/ in the package. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

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

/** An isolated Handlebars environment with the built-in partials, then the custom directory's. */
function environment(format: Format, templatesDir: string) {
  const hb = Handlebars.create();
  // knownHelpersOnly keeps templates logic-less: no user helpers, no custom code.
  const options = { noEscape: format === 'md', knownHelpersOnly: true, strict: false } as const;
  const dirs = templatesDir === BUILTIN_TEMPLATES ? [BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES, templatesDir];
  const checks: (() => void)[] = [];
  for (const dir of dirs) {
    const partialsDir = join(dir, 'partials');
    for (const file of safeList(partialsDir)) {
      const m = new RegExp(`^(.+)\\.${format}\\.hbs$`).exec(file);
      if (!m) continue;
      hb.registerPartial(m[1] as string, compileFile(hb, join(partialsDir, file), options, checks));
    }
  }
  /** A page template from the custom directory if it has one, else the built-in. */
  const page = (name: string, explicit?: string) => {
    const custom = join(templatesDir, `${name}.${format}.hbs`);
    const path =
      explicit ??
      (safeList(templatesDir).includes(`${name}.${format}.hbs`)
        ? custom
        : join(BUILTIN_TEMPLATES, `${name}.${format}.hbs`));
    const template = compileFile(hb, path, options, checks);
    for (const check of checks.splice(0)) check();
    return { path, template };
  };
  return { page };
}

/** One environment per renderer, templates compiled once. */
export function createRenderer(format: Format, templatesDir = BUILTIN_TEMPLATES, pageTemplate?: string): Renderer {
  const { path: pagePath, template: page } = environment(format, templatesDir).page('trial', pageTemplate);
  return {
    format,
    render(trial, opts = {}) {
      const view = buildView(trial, format, {
        ...(opts.overlay ? { overlay: opts.overlay } : {}),
        ...(opts.near ? { near: opts.near } : {}),
      });
      const frontMatter =
        format === 'md' && opts.frontMatter !== false ? yamlStringify(frontMatterOf(trial, opts.overlay)) : undefined;
      const out = runTemplate(page, { ...view, frontMatter }, pagePath);
      return tidyOutput(out, format);
    },
  };
}

/** The listing's index page (index.md / index.html). */
export function createIndexRenderer(format: Format, templatesDir = BUILTIN_TEMPLATES) {
  const { path, template } = environment(format, templatesDir).page('index');
  return (context: object) => tidyOutput(runTemplate(template, context, path), format);
}

/** Changes whenever a template or trialcard itself changes: pages are then re-rendered. */
export function templateVersion(
  format: Format,
  templatesDir = BUILTIN_TEMPLATES,
  pageTemplate?: string,
  version = '',
): string {
  const files: string[] = [];
  for (const dir of templatesDir === BUILTIN_TEMPLATES ? [BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES, templatesDir]) {
    for (const f of safeList(dir)) if (f.endsWith(`.${format}.hbs`)) files.push(join(dir, f));
    for (const f of safeList(join(dir, 'partials')))
      if (f.endsWith(`.${format}.hbs`)) files.push(join(dir, 'partials', f));
  }
  if (pageTemplate) files.push(pageTemplate);
  const h = createHash('sha256').update(version);
  for (const f of files) h.update(f.slice(f.lastIndexOf('/'))).update(readFileSync(f));
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

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

type Compiled = HandlebarsTemplateDelegate;

/** `checks` collects partial-reference checks, run once every partial is registered (a partial may call itself). */
function compileFile(hb: typeof Handlebars, path: string, options: CompileOptions, checks: (() => void)[]): Compiled {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read template ${path}`, 'check the path given with --template or --templates', err);
  }
  try {
    // Parse once; compile eagerly (hb.compile alone is lazy) so errors surface before any fetch.
    const ast = Handlebars.parse(source);
    hb.precompile(ast, options);
    checks.push(() => checkPartials(hb, ast, path));
    return hb.compile(ast, options);
  } catch (err) {
    throw err instanceof UsageError ? err : templateError(path, err);
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
        `template ${basename(path)} (${path}${at}): the partial "${n.name.original}" does not exist`,
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

/** "x.md.hbs (path:3:7): …" from Handlebars' parse, compile and runtime errors (1-based line and column). */
function templateError(path: string, err: unknown): UsageError {
  const e = err as { message?: string; lineNumber?: number; column?: number };
  const msg = String(e.message ?? err);
  let line = e.lineNumber;
  let col = e.column === undefined ? undefined : e.column + 1;
  let detail = msg.split('\n')[0] ?? msg;
  if (/^Parse error on line \d+/.test(msg)) {
    // Jison's message shows a caret in a 40-character window; its lexer knows the real position.
    const loc = (
      Handlebars as unknown as { Parser: { lexer: { yylloc?: { first_line: number; first_column: number } } } }
    ).Parser.lexer.yylloc;
    line = loc?.first_line ?? Number(/line (\d+)/.exec(msg)?.[1]);
    col = loc ? loc.first_column + 1 : undefined;
    detail = (msg.split('\n')[3] ?? detail).replace(/^Expecting .*, got /, 'unexpected ');
  }
  detail = detail.replace(/ - \d+:\d+$/, '');
  const where = line !== undefined ? `:${line}${col !== undefined ? `:${col}` : ''}` : '';
  return new UsageError(
    `template ${basename(path)} (${path}${where}): ${detail.replace(/\s+/g, ' ').trim()}`,
    'fix the template, or run "trialcard templates eject DIR" for a working copy',
  );
}

function tidyOutput(out: string, format: Format): string {
  if (format === 'html') return out;
  return `${out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
