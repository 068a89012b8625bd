import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readBuildId } from '../src/io/version.js';
import { describe, expect, it } from 'vitest';
import { compileTemplates } from '../src/render/compile.js';
import { type CompiledTemplates, createRenderer } from '../src/render/engine.js';
import { readTemplates } from '../src/io/templates.js';
import { normalize } from '../src/model/normalize.js';
import { parseStudy } from '../src/ctgov/schema.js';
import { fixtureRecords } from './support/fake-ctgov.js';

// The build compiles the built-in templates to JavaScript (dist/builtin-templates/md-trial.cjs, …); runs use
// that, tests from source compile at run time. Both must give the same page, byte for byte.

const built = (format: string, page: string) =>
  createRequire(import.meta.url)(`../dist/builtin-templates/${format}-${page}.cjs`) as Omit<CompiledTemplates, 'path'>;
const trials = fixtureRecords().map((r) => {
  const p = parseStudy(JSON.parse(r.json));
  if (!p.ok) throw new Error(p.message);
  return normalize(p.study);
});

describe.each(['md', 'html'] as const)('precompiled %s templates', (format) => {
  const source = compileTemplates(format, readTemplates(format, 'trial'));
  const pre = { ...built(format, 'trial'), path: source.path };
  it.each(['trial', 'index', 'changes'] as const)(
    'have the digest of the template files they came from (%s)',
    (page) => {
      expect(built(format, page).digest).toBe(compileTemplates(format, readTemplates(format, page)).digest);
    },
  );
  it('render every fixture exactly as the templates compiled at run time', () => {
    const a = createRenderer(format, pre);
    const b = createRenderer(format, source);
    for (const t of trials) expect(a.render(t), t.nctId).toBe(b.render(t));
  });
});

describe('the build', () => {
  it("names itself: a listing's template version changes with the bundled program", () => {
    const bundle = readFileSync(new URL('../dist/bundle/cli.cjs', import.meta.url));
    expect(readBuildId()).toBe(createHash('sha256').update(bundle).digest('hex').slice(0, 16));
  });
});
