import { createHash } from '../model/hash.js';
import Handlebars from 'handlebars';
import { UsageError } from '../errors.js';
import { baseName, type CompiledTemplates, templateError } from './engine.js';
import type { Format } from './view.js';

// Template text → compiled templates, with every error (syntax, unknown helper, missing partial)
// found here, before any record is fetched. The build compiles the built-ins with the same
// options into JavaScript (precompileTemplates); runs compile only custom templates.

export interface TemplateSource {
  /** "trial", "index" or a partial's name. */
  name: string;
  /** Where it came from, for error messages. */
  path: string;
  source: string;
}

/** A page template and the partials it may call, as text. */
export interface TemplateSet {
  page: TemplateSource;
  partials: TemplateSource[];
}

/**
 * knownHelpersOnly keeps templates logic-less: no user helpers, no custom code. `data` as Handlebars.compile sets it
 * by default: partials then get @data, which {{> @partial-block}} needs.
 */
const optionsFor = (format: Format) =>
  ({ noEscape: format === 'md', knownHelpersOnly: true, strict: false, data: true }) as const;

export function digestOf(set: TemplateSet): string {
  const h = createHash('sha256');
  for (const t of [set.page, ...set.partials]) h.update(`\0${t.name}\0`).update(t.source);
  return h.digest('hex');
}

/** Parses and checks the whole set; `emit` turns each checked template into its output. */
function eachChecked<T>(set: TemplateSet, emit: (ast: hbs.AST.Program, t: TemplateSource) => T) {
  const asts = [...set.partials, set.page].map((t) => ({ t, ast: parseTemplate(t) }));
  const names = new Set(set.partials.map((p) => p.name));
  for (const { t, ast } of asts) checkTemplate(ast, t.path, names, t === set.page);
  const partials: Record<string, T> = {};
  for (const { t, ast } of asts.slice(0, -1)) partials[t.name] = emit(ast, t);
  const last = asts[asts.length - 1] as (typeof asts)[number];
  return { page: emit(last.ast, last.t), partials };
}

/** Compiled once, in memory, for this run. */
export function compileTemplates(format: Format, set: TemplateSet): CompiledTemplates {
  const options = optionsFor(format);
  const { page, partials } = eachChecked(set, (ast, t) => compileAst(ast, options, t, true) as TemplateSpecification);
  return { path: set.page.path, digest: digestOf(set), page, partials };
}

/** The same compilation as JavaScript source, for the build (scripts/build-templates.js). */
export function precompileTemplates(format: Format, set: TemplateSet) {
  const options = optionsFor(format);
  const { page, partials } = eachChecked(set, (ast, t) => compileAst(ast, options, t, false) as string);
  return { page, partials, digest: digestOf(set) };
}

/**
 * Handlebars.parse, with Jison's documented parseError(message, hash) hook in place for the call,
 * so a syntax error carries its token and line instead of a message to pick apart.
 */
function parseTemplate(t: TemplateSource): hbs.AST.Program {
  type Hash = { token?: string | null; text?: string; line?: number; expected?: string[] };
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
    if (!failure) {
      throw compilerError(t.path, err);
    }
    const at = syntaxErrorAt(t.source, failure);
    const what = syntaxProblem(failure, t.source);
    throw templateError(t.path, {
      message: what,
      lineNumber: at.line,
      column: at.column === undefined ? undefined : at.column - 1,
    });
  } finally {
    parser.parseError = previous;
  }
}

// The parser's token names, as a template's author reads them, most likely first.
const TOKENS: [string, string][] = [
  ['CLOSE', '}}'],
  ['CLOSE_UNESCAPED', '}}}'],
  ['ID', 'a name'],
  ['STRING', 'a quoted text'],
  ['NUMBER', 'a number'],
  ['BOOLEAN', 'true or false'],
  ['DATA', '@'],
  ['SEP', '. or /'],
  ['EQUALS', '='],
  ['CLOSE_SEXPR', ')'],
  ['OPEN_SEXPR', '('],
  ['OPEN_BLOCK_PARAMS', 'as |'],
  ['CLOSE_BLOCK_PARAMS', '|'],
  ['OPEN', '{{'],
  ['OPEN_UNESCAPED', '{{{'],
  ['OPEN_BLOCK', '{{#'],
  ['OPEN_INVERSE', '{{^'],
  ['INVERSE', '{{else}}'],
  ['OPEN_INVERSE_CHAIN', '{{else …}}'],
  ['OPEN_PARTIAL', '{{>'],
  ['OPEN_PARTIAL_BLOCK', '{{#>'],
  ['COMMENT', 'a comment'],
  ['CONTENT', 'text'],
  ['EOF', 'the end of the template'],
];
const quote = (text: string) => (/^(?:the |a |text$|true )/.test(text) ? text : `"${text}"`);

/** "found "}" where "}}" was expected": the token met and what could have stood there, in the template's terms. */
function syntaxProblem(
  hash: { token?: string | null; text?: string; expected?: string[]; line?: number },
  source: string,
): string {
  const token = hash.token ?? '';
  const expected = new Set((hash.expected ?? []).map((e) => e.replace(/'/g, '')));
  // A tag still open at the very end ("hello {{title" with no newline) is read as odd tokens on the last line.
  const lastLine = (hash.line ?? -1) + 1 >= source.split('\n').length;
  const endsOpen = source.lastIndexOf('{{') > source.lastIndexOf('}}');
  if (token === 'EOF' && expected.has('OPEN_ENDBLOCK'))
    return 'a block is not closed: each {{#name}} needs its {{/name}}';
  if (token === 'EOF' || (endsOpen && lastLine && token !== 'OPEN_ENDBLOCK'))
    return 'the template ends inside a {{ tag';
  if (!token) return 'text that cannot be read as a template (a {{ tag or a comment left open?)';
  if (token === 'OPEN_ENDBLOCK') return 'a {{/name}} closes a block that was not opened';
  const named = TOKENS.find(([t]) => t === token)?.[1];
  const found = token === 'INVALID' ? quote((hash.text ?? '').slice(0, 20)) : named ? quote(named) : 'something';
  const wanted = TOKENS.filter(([t]) => expected.has(t)).map(([, text]) => quote(text));
  const where = wanted.length
    ? ` where ${wanted.slice(0, 3).join(' or ')} was expected`
    : ' that does not belong there';
  return `found ${found}${where}`;
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

/** The compiler's checks (unknown helpers, mismatched blocks) fail here, with the template's name. */
function compileAst(ast: hbs.AST.Program, options: CompileOptions, t: TemplateSource, asObject: boolean): unknown {
  try {
    const env = Handlebars as unknown as {
      Compiler: new () => { compile(ast: unknown, options: CompileOptions): unknown };
      JavaScriptCompiler: new () => {
        compile(env: unknown, options: CompileOptions, context: undefined, asObject: boolean): unknown;
      };
    };
    const environment = new env.Compiler().compile(ast, options);
    return new env.JavaScriptCompiler().compile(environment, options, undefined, asObject);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw compilerError(t.path, err);
  }
}

/** An error of Handlebars' parser or compiler as a template error: its position kept, its words mended. */
const compilerError = (path: string, err: unknown) =>
  templateError(path, { ...(err as object), message: compilerProblem(String((err as Error)?.message ?? err)) });

/** The compiler's messages, in the template's terms. */
function compilerProblem(message: string): string {
  const helper = /used the unknown helper (\S+)/.exec(message);
  if (helper) return `"${helper[1]}" is not a helper templates can use (they have if, unless, each, with and lookup)`;
  const block = /^(\S+) doesn't match (\S+)/.exec(message);
  if (block) return `{{/${block[2]}}} closes {{#${block[1]}}}: a block ends with its own name`;
  return message;
}

/** How many values each built-in helper takes: checked here, since the runtime's own errors come per page. */
const HELPER_ARGS: Record<string, [number, string]> = {
  if: [1, 'one value to test, as in {{#if value}}'],
  unless: [1, 'one value to test, as in {{#unless value}}'],
  with: [1, 'one value, as in {{#with value}}'],
  each: [1, 'one list to go through, as in {{#each list}}'],
  lookup: [2, 'a value and a key, as in {{lookup value key}}'],
};

const BLOCK_ONLY: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with']);

/** A source position as one number, for comparing places. */
const at = (p: { line: number; column: number }) => p.line * 1_000_000 + p.column;

interface AstNode {
  type?: string;
  path?: { original?: unknown };
  name?: { original?: unknown };
  params?: unknown[];
  blockParams?: string[];
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** Every node of a template's tree, in order, with the block params in scope ("as |if|") at it. */
function walk(node: unknown, visit: (n: AstNode, shadowed: ReadonlySet<string>) => void, shadowed = new Set<string>()) {
  if (!node || typeof node !== 'object') return;
  const n = node as AstNode;
  visit(n, shadowed);
  const inner = n.blockParams?.length ? new Set([...shadowed, ...n.blockParams]) : shadowed;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const v of value) walk(v, visit, inner);
    else if (value && typeof value === 'object' && value !== n.loc) walk(value, visit, inner);
  }
}

/**
 * What would fail on every page, found before any record: helpers misused, decorators, partials that do not exist
 * (checked against the whole set: a partial may call itself). A block param is a value, not the helper of its name.
 */
function checkTemplate(ast: hbs.AST.Program, path: string, partials: ReadonlySet<string>, isPage: boolean): void {
  // {{#if @partial-block}} … {{/if}}: the idiom for a block that may not come; inside it, {{> @partial-block}} is safe.
  const guarded: [number, number][] = [];
  walk(ast, (n) => {
    const first = n.params?.[0] as { original?: unknown } | undefined;
    if (n.type === 'BlockStatement' && n.path?.original === 'if' && first?.original === '@partial-block' && n.loc)
      guarded.push([at(n.loc.start), at(n.loc.end)]);
  });
  const isGuarded = (n: AstNode) => {
    const start = n.loc ? at(n.loc.start) : -1;
    return guarded.some(([a, b]) => a <= start && start < b);
  };
  walk(ast, (n, shadowed) => {
    const at = n.loc ? `:${n.loc.start.line}:${n.loc.start.column + 1}` : '';
    const refuse = (
      what: string,
      hint = 'fix the template, or run "trialcard templates eject DIR" for a working copy',
    ) => {
      throw new UsageError(`template ${baseName(path)} (${path}${at}): ${what}`, hint);
    };
    if (n.type === 'Decorator' || n.type === 'DecoratorBlock')
      refuse('decorators and inline partials ({{#*inline}}) are not supported: put a partial in partials/NAME.md.hbs');
    const partial = n.name?.original;
    const isPartial = n.type === 'PartialStatement' || n.type === 'PartialBlockStatement';
    // A name worked out per record ({{> (lookup . "kind")}}) could only fail page by page.
    if (isPartial && typeof partial !== 'string')
      refuse('a partial named by an expression is not supported: name the partial, e.g. {{> sites}}');
    // @partial-block is the block a partial was called with, not a file: the page is never called with one, so there
    // it fails on every page. In a partial it depends on the call (a plain call inside a block call inherits the
    // block), so it is left to Handlebars.
    if (isPartial && partial === '@partial-block' && isPage && !isGuarded(n))
      refuse(
        '{{> @partial-block}} is only for a partial called as a block',
        'call it as {{#> NAME}}…{{/NAME}}, or remove {{> @partial-block}}',
      );
    if (isPartial && typeof partial === 'string' && !partials.has(partial) && !partial.startsWith('@'))
      refuse(`the partial "${partial}" does not exist`, 'partials live in partials/NAME.FORMAT.hbs of --templates DIR');
    const name = typeof n.path?.original === 'string' ? n.path.original : undefined;
    // A known helper's name in a tag is always the helper, with or without values.
    const calls = n.type === 'BlockStatement' || n.type === 'SubExpression' || n.type === 'MustacheStatement';
    if (name === undefined || !calls || shadowed.has(name)) return;
    // log writes to the console, into the page output or beside --log json: not a template's to call.
    if (name === 'helperMissing' || name === 'blockHelperMissing' || name === 'log')
      refuse(`"${name}" is not a helper templates can use (they have if, unless, each, with and lookup)`);
    // if, unless, each and with wrap a block: used as a plain tag, they fail on every page.
    if (n.type !== 'BlockStatement' && BLOCK_ONLY.has(name))
      refuse(`${name} wraps a block: write {{#${name} value}} … {{/${name}}}`);
    const rule = Object.hasOwn(HELPER_ARGS, name) ? HELPER_ARGS[name] : undefined;
    if (rule && n.params?.length !== rule[0]) refuse(`${name} needs ${rule[1]}`);
  });
}
