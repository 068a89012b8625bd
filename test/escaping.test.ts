import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseStudy } from '../src/ctgov/schema.js';
import { normalize } from '../src/model/normalize.js';
import { createRenderer } from '../src/index.js';
import { FIXTURES } from './helpers.js';

const raw = JSON.parse(readFileSync(join(FIXTURES, 'hostile', 'NCT09999991.json'), 'utf8'));
const parsed = parseStudy(raw);
if (!parsed.ok) throw new Error(parsed.message);
const trial = normalize(parsed.study);

describe('hostile record text never becomes markup', () => {
  it('HTML page: every record string is escaped', () => {
    const html = createRenderer('html').render(trial).split('<body>')[1] ?? '';
    expect(html).not.toMatch(/<(script|img|iframe|svg|b|style)\b|<a href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;');
    expect(html).toContain('{{constructor.constructor}}');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'https://clinicaltrials.gov/study/NCT09999991',
      'https://clinicaltrials.gov/study/NCT09999991',
    ]);
  });

  it('Markdown page, rendered by a standard Markdown library: no raw HTML, no record links or images', () => {
    const md = createRenderer('md').render(trial, { frontMatter: false });
    const html = marked.parse(md, { async: false });
    expect(html).not.toMatch(/<(script|img|iframe|svg|b|style)\b|<!--|href="javascript/i);
    expect(html).not.toMatch(/<h1>Not a heading|<blockquote>/);
    // Bare https URLs in record text may be autolinked by the site's Markdown; nothing else links.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(hrefs.filter((h) => h.startsWith('https://clinicaltrials.gov/'))).toHaveLength(2);
    for (const h of hrefs) expect(h).toMatch(/^https:\/\//);
    expect(html).not.toMatch(/<img\b/);
    // The text still reads literally.
    expect(html).toContain('&lt;script&gt;alert(&#39;criteria&#39;)&lt;/script&gt;');
    expect(md).toContain('Age >= 18');
  });

  it('front matter values are YAML with the markup taken out (a layout may print them unescaped)', () => {
    const md = createRenderer('md').render(trial);
    const fm = md.split('---\n')[1] ?? '';
    expect(fm).not.toMatch(/<\/?(script|b)\b/);
    expect(fm).toMatch(/^title: .*alert\('title'\) Trial of \*\*bold\*\*/m);
    expect(fm).toMatch(/^sponsor: .*Evil Sponsor$/m);
    expect(fm).toContain('slug: nct09999991');
  });
});
