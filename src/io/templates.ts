import { readdirSync, readFileSync } from 'node:fs';
import { cp, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { dirProblem, readProblem } from './files.js';
import type { TemplateSet, TemplateSource } from '../render/compile.js';
import type { CompiledTemplates } from '../render/engine.js';
import type { Format } from '../render/view.js';

// Template files on disk: the built-ins shipped beside dist/ (and compiled into it by the build),
// a --templates directory laid over them, a --template page. The engine gets compiled templates
// or their text, never a path to read.

/** Built-in templates ship next to dist/ in the package. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A template is a page's layout: far below this. Handlebars needs ~15 KB of memory per tag to compile one. */
const TEMPLATE_MAX = 1024 * 1024;
const hint = 'check the path given with --template or --templates';

function read(path: string, name: string): TemplateSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read template ${path}: it ${readProblem(err)}`, hint, err);
  }
  if (bytes.length > TEMPLATE_MAX) {
    const mb = (bytes.length / 1048576).toFixed(1);
    throw new UsageError(`template ${path} is ${mb} MB; a template is at most 1 MB`, hint);
  }
  try {
    // Not U+FFFD in place of what could not be read: a template's text is kept as written, or refused.
    return { name, path, source: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new UsageError(`template ${path} is not UTF-8 text`, 'save it as UTF-8');
  }
}

/**
 * The page template `page` (trial or index) and every partial of `format`: built-in partials, then
 * the custom directory's, which win by name. The page comes from `explicit`, the custom
 * directory, or the built-ins, in that order.
 */
export function readTemplates(format: Format, page: PageName, dir = BUILTIN_TEMPLATES, explicit?: string): TemplateSet {
  const dirs = dir === BUILTIN_TEMPLATES ? [BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES, dir];
  const partials = new Map<string, TemplateSource>();
  const suffix = `.${format}.hbs`;
  for (const d of dirs) {
    for (const file of list(join(d, 'partials'))) {
      if (!file.endsWith(suffix) || file === suffix) continue;
      const name = file.slice(0, -suffix.length);
      partials.set(name, read(join(d, 'partials', file), name));
    }
  }
  const pageFile = `${page}${suffix}`;
  const path = explicit ?? (list(dir).includes(pageFile) ? join(dir, pageFile) : join(BUILTIN_TEMPLATES, pageFile));
  return { page: read(path, page), partials: [...partials.values()] };
}

/** A trial's page, a listing's index, a listing's change log. */
export type PageName = 'trial' | 'index' | 'changes';

const precompiled = new Map<string, Pick<CompiledTemplates, 'digest' | 'page' | 'partials'> | null>();

/**
 * The built-ins as the build compiled them (dist/builtin-templates/md-trial.cjs, …, written by
 * scripts/build-templates.js); undefined when running from source, where they compile at run time.
 */
export function builtinTemplates(format: Format, page: PageName): CompiledTemplates | undefined {
  const key = `${format}-${page}`;
  if (!precompiled.has(key)) {
    try {
      precompiled.set(key, createRequire(import.meta.url)(`../builtin-templates/${key}.cjs`));
    } catch {
      precompiled.set(key, null);
    }
  }
  const set = precompiled.get(key);
  if (!set) return undefined;
  return {
    digest: set.digest,
    page: set.page,
    partials: set.partials,
    path: join(BUILTIN_TEMPLATES, `${page}.${format}.hbs`),
  };
}

/** The page template `page` with its partials, compiled: the built-ins precompiled, custom ones now. */
export async function loadTemplates(
  format: Format,
  page: PageName,
  dir?: string,
  explicit?: string,
): Promise<CompiledTemplates> {
  const builtin = dir === undefined && explicit === undefined ? builtinTemplates(format, page) : undefined;
  if (builtin) return builtin;
  const { compileTemplates } = await import('../render/compile.js');
  return compileTemplates(format, readTemplates(format, page, dir, explicit));
}

/** --template and --templates must point at something, and only pages have templates. */
export async function checkTemplatePaths(
  opts: { template?: unknown; templates?: unknown },
  format: string,
): Promise<void> {
  for (const flag of ['template', 'templates'] as const) {
    const value = opts[flag];
    if (typeof value !== 'string') continue;
    if (format === 'json' || format === 'ndjson') {
      throw new UsageError(
        `--${flag} cannot be used with --format ${format}`,
        'templates shape md and html pages; drop the flag or use --format md or html',
      );
    }
    const s = await stat(value).catch(() => undefined);
    const fileHint = 'give a template file, e.g. my-templates/trial.md.hbs';
    const dirHint = 'give a directory made by trialcard templates eject DIR';
    if (!s) throw new UsageError(`--${flag} ${value} does not exist`, flag === 'template' ? fileHint : dirHint);
    if (flag === 'templates' && !s.isDirectory())
      throw new UsageError(`--templates ${value} is not a directory`, dirHint);
    if (flag === 'template' && !s.isFile()) throw new UsageError(`--template ${value} is not a file`, fileHint);
  }
}

/** A copy of the built-ins to edit; never overwrites. Returns how many templates were copied. */
export async function ejectTemplates(dir: string): Promise<number> {
  if (dir.trim() === '') throw new UsageError('no directory given', 'e.g. trialcard templates eject my-templates');
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.some((f) => f.endsWith('.hbs') || f === 'partials')) {
    throw new UsageError(`${dir} already holds templates`, 'eject into an empty or new directory');
  }
  try {
    await cp(BUILTIN_TEMPLATES, dir, { recursive: true, errorOnExist: true, force: false });
  } catch (err) {
    throw new UsageError(
      `cannot write templates to ${dir}: it ${dirProblem(err)}`,
      'choose a directory you can write to',
      err,
    );
  }
  return (await readdir(dir)).filter((f) => f.endsWith('.hbs')).length + (await readdir(join(dir, 'partials'))).length;
}
