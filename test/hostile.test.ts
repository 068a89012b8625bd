import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { Liquid } from 'liquidjs';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseStudy } from '../src/ctgov/schema.js';
import { criteriaWords, MAX_DEPTH, parseCriteria, words, type CriteriaEntry } from '../src/criteria/parse.js';
import { normalize } from '../src/model/normalize.js';
import { stripControls } from '../src/model/text.js';
import { contactView } from '../src/page/contacts.js';
import { createRenderer } from '../src/index.js';
import { frontMatterText } from '../src/render/escape.js';
import { createReporter } from '../src/ui/reporter.js';
import { FIXTURES } from './helpers.js';

// Record text is data: it must stay inert in static-site engines, terminals and deep structures.

const raw = JSON.parse(readFileSync(join(FIXTURES, 'hostile', 'NCT09999992.json'), 'utf8'));
const trialOf = (value: unknown) => {
  const p = parseStudy(value);
  if (!p.ok) throw new Error(p.message);
  return normalize(p.study);
};
const trial = trialOf(raw);
const md = createRenderer('md').render(trial);
const html = createRenderer('html').render(trial);
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('static-site template syntax in record text stays text', () => {
  it('Liquid (Jekyll, Eleventy) renders the Markdown page, front matter and body, unchanged', () => {
    const liquid = new Liquid({ strictFilters: true });
    const site = { token: 'SECRET-TOKEN', email: 'LEAKED-EMAIL' };
    const out = liquid.parseAndRenderSync(md, { site, page: { title: 'LEAKED-TITLE' } });
    expect(out).toBe(md);
    expect(out).not.toMatch(/SECRET-TOKEN|LEAKED/);
  });

  it('no template opener survives in the body or the front matter; Hugo shortcodes cannot open', () => {
    expect(md).not.toMatch(/\{\{|\{%|\{#/);
    expect(md).toContain('Static &#123;{ site.token }}');
    const fm = md.split('---\n')[1] ?? '';
    expect(fm).toMatch(/^title: .*Static ｛\{ site\.token \}\}/m);
    expect(fm).toMatch(/^sponsor: Sponsor ｛\{ site\.email \}\} x\(\)$/m);
  });

  it('in a browser the Markdown page reads the same words as the record', () => {
    const text = marked.parse(md.split('---\n').slice(2).join('---\n'), { async: false }).replace(/&#123;/g, '{');
    expect(text).toContain('Static {{ site.token }} and {% include secret.html %} and {{&lt; shortcode &gt;}}');
    expect(text).toContain('{% raw %}{{ site.token }}{% endraw %} with {{% md-shortcode %}}');
  });

  it.each([
    ['{{ x }}', '｛{ x }}'],
    ['{% if %}', '｛% if %}'],
    ['a <script>b()</script> c', 'a b() c'],
    ['<!-- hidden --> shown', 'shown'],
    ['age < 18 and > 65', 'age < 18 and > 65'],
    ['{ single } brace', '{ single } brace'],
    // One tag inside another comes back whole after one pass; an unclosed one runs on into the layout's own tag.
    ['<<img src=x>img src=x onerror=alert(1)>', ''],
    ['<scr<script>ipt>alert(1)</script>', 'alert(1)'],
    ['X_<img src=x onerror=alert(1)//', 'X_＜img src=x onerror=alert(1)//'],
    ['a </b c', 'a ＜/b c'],
  ])('front-matter text %j → %j', (input, output) => expect(frontMatterText(input)).toBe(output));

  it('an email address with braces is shown, never put in an autolink', () => {
    expect(contactView({ name: 'A', email: 'a{{site.x}}@example.org' }).emailHref).toBeUndefined();
    expect(contactView({ name: 'A', email: 'a.b@example.org' }).emailHref).toBe('mailto:a.b@example.org');
  });
});

describe('terminal control codes never leave trialcard', () => {
  it('are stripped from every registry string at validation: pages and the model carry none', () => {
    for (const out of [md, html, JSON.stringify(trial)]) expect(out).not.toMatch(CONTROL);
    expect(trial.briefTitle).toContain(']0;pwned trial [31mred[0m');
  });

  it.each([
    ['a\x1b]0;title\x07b', 'a]0;titleb'],
    ['keep\nnew\tlines', 'keep\nnew\tlines'],
    ['crlf\r\nand\rcr', 'crlf\nand\ncr'],
    ['c1\u009b31m', 'c131m'],
    ['nul\u0000del\u007f', 'nuldel'],
  ])('stripControls(%j) → %j', (input, output) => expect(stripControls(input)).toBe(output));

  it('stderr messages are one line without control codes', () => {
    let err = '';
    const r = createReporter({
      stderr: { write: (s: string) => (err += s) },
      chalk: new Chalk({ level: 0 }),
      quiet: false,
      verbose: false,
      log: 'text',
    });
    r.warn('NCT09999992: unknown Status value "X\x1b[2J\x07"\nsecond line');
    expect(err).toBe('trialcard: warning: NCT09999992: unknown Status value "X[2J" second line\n');
  });
});

describe('depth and size are bounded', () => {
  const depthOf = (e: CriteriaEntry, d = 1): number =>
    e.kind === 'item' ? Math.max(d, ...e.children.map((c) => depthOf(c, d + 1))) : d;
  const nested = (levels: number) => {
    const items = Array.from({ length: levels }, (_, i) => `${' '.repeat(i * 2)}* level ${i}`);
    return `Inclusion Criteria:\n\n${items.join('\n')}\n\nExclusion Criteria:\n\n* none`;
  };

  it.each([12, 400, 3000])('criteria nested %i levels: flattened at MAX_DEPTH, every word kept in order', (levels) => {
    const source = nested(levels);
    const parsed = parseCriteria(source);
    expect(Math.max(...parsed.sections.flatMap((s) => s.entries.map((e) => depthOf(e))))).toBe(
      Math.min(levels, MAX_DEPTH),
    );
    expect(criteriaWords(parsed)).toEqual(words(source));
  });

  it('a record nested 3,000 levels renders to Markdown, HTML and JSON', () => {
    const deep = structuredClone(raw);
    deep.protocolSection.eligibilityModule.eligibilityCriteria = nested(3000);
    const t = trialOf(deep);
    const page = createRenderer('md').render(t);
    expect(page).toContain('level 2999');
    expect(createRenderer('html').render(t)).toContain('level 2999');
    expect(JSON.parse(JSON.stringify(t)).nctId).toBe('NCT09999992');
    // Indentation never exceeds the bound either.
    expect(Math.max(...page.split('\n').map((l) => /^ */.exec(l)?.[0].length ?? 0))).toBeLessThanOrEqual(MAX_DEPTH * 4);
  });
});

describe('a site status the spec does not know is record text (locations[].status)', () => {
  it('reads as words, with no tag, in the status and in a repeated entry\'s "also listed as"', () => {
    const site = { facility: 'Hospital A', city: 'Oslo', country: 'Norway' };
    const t = trialOf({
      protocolSection: {
        identificationModule: { nctId: 'NCT09999993', briefTitle: 'T' },
        statusModule: { overallStatus: 'RECRUITING' },
        contactsLocationsModule: {
          locations: [
            { ...site, status: 'ON_<img src=x onerror=alert(1)>_HOLD' },
            { ...site, status: 'RECRUITING' },
          ],
        },
      },
    });
    for (const format of ['md', 'html'] as const) {
      const page = createRenderer(format).render(t);
      const body = format === 'md' ? marked.parse(page, { async: false }) : page;
      expect(body).not.toContain('<img');
      expect(page).toMatch(/also listed as “On .*img src/);
    }
  });
});

describe('enum values the spec does not know are record text (every coded field)', () => {
  // Each coded field a page shows, set to one value with markup in it: a mirror or a proxy may send anything.
  const H = 'X_<img src=x onerror=alert(1)>_Y';
  const hostile = (file: string) => {
    const p = JSON.parse(readFileSync(join(FIXTURES, 'studies', file), 'utf8')).protocolSection;
    Object.assign(p.statusModule, { overallStatus: H, lastKnownStatus: H });
    for (const k of ['startDateStruct', 'primaryCompletionDateStruct', 'completionDateStruct'])
      if (p.statusModule[k]) p.statusModule[k].type = H;
    const design = p.designModule;
    design.phases = [H];
    Object.assign(design.designInfo, {
      allocation: H,
      interventionModel: H,
      primaryPurpose: H,
      observationalModel: H,
      timePerspective: H,
      maskingInfo: { masking: H, whoMasked: [H] },
    });
    design.enrollmentInfo.type = H;
    design.bioSpec = { retention: H, description: 'Blood' };
    Object.assign(p.eligibilityModule, { sex: H, stdAges: [H], samplingMethod: H });
    const sponsors = p.sponsorCollaboratorsModule;
    sponsors.leadSponsor.class = H;
    sponsors.responsibleParty = { ...sponsors.responsibleParty, type: H };
    for (const a of p.armsInterventionsModule?.armGroups ?? []) a.type = H;
    for (const i of p.armsInterventionsModule?.interventions ?? []) i.type = H;
    const cl = p.contactsLocationsModule;
    const siteContacts = cl.locations.flatMap((l: { contacts?: unknown[] }) => l.contacts ?? []);
    for (const c of [...(cl.centralContacts ?? []), ...siteContacts]) c.role = H;
    for (const o of cl.overallOfficials ?? []) o.role = H;
    for (const l of cl.locations) l.status = H;
    return trialOf({ protocolSection: p });
  };
  it.each([
    ['an interventional study', 'NCT06326047.json'],
    ['an observational study', 'NCT03549754.json'],
  ])('%s: no tag reaches its Markdown page, the HTML made of it, its front matter or its HTML page', (_, file) => {
    const t = hostile(file);
    const page = createRenderer('md').render(t);
    const [, front, ...body] = page.split('---\n');
    expect(front).not.toMatch(/<img/);
    expect(marked.parse(body.join('---\n'), { async: false })).not.toMatch(/<img/);
    expect(createRenderer('html').render(t)).not.toMatch(/<img/);
  });
});
