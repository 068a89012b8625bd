import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { marked } from 'marked';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudy } from '../src/ctgov/schema.js';
import { normalize } from '../src/model/normalize.js';
import type { Trial } from '../src/model/trial.js';
import { headingsFor } from '../src/page/situation.js';
import { parseOverlay } from '../src/overlays/parse.js';
import { createRenderer } from '../src/index.js';
import { FIXTURES } from './helpers.js';

// The HTML page, and the Markdown page as a static site would render it, opened in Debian's
// Chromium. CI installs it (.ci/run); elsewhere the test runs when /usr/bin/chromium exists.
const CHROMIUM = '/usr/bin/chromium';
const run = existsSync(CHROMIUM) || process.env.CI === 'true';

const PAGES = [
  ['studies', 'NCT07438847'],
  ['studies', 'NCT05605535'],
  ['studies', 'NCT04267848'],
  ['studies', 'NCT01511679'],
  ['studies', 'NCT02513394'],
  ['studies', 'NCT00072579'],
  ['studies', 'NCT03745326'],
  ['hostile', 'NCT09999991'],
] as const;

const pages = new Map<string, string>();
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  const html = createRenderer('html');
  const md = createRenderer('md');
  const overlay = parseOverlay(
    readFileSync(join(FIXTURES, 'overlays', 'NCT07438847.yaml'), 'utf8'),
    'NCT07438847.yaml',
  );
  for (const [dir, id] of PAGES) {
    const p = parseStudy(JSON.parse(readFileSync(join(FIXTURES, dir, `${id}.json`), 'utf8')));
    if (!p.ok) throw new Error(p.message);
    const t = normalize(p.study);
    trials.set(id, t);
    const o = id === 'NCT07438847' ? { overlay } : {};
    pages.set(`/${id}.html`, html.render(t, o));
    const body = marked.parse(md.render(t, { ...o, frontMatter: false }), { async: false });
    pages.set(
      `/${id}.md.html`,
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" ` +
        `href="data:,"><title>${id}</title></head><body>${body}</body></html>`,
    );
  }
  server = createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
});

interface Seen {
  dialogs: string[];
  console: string[];
  requests: string[];
  h1: number;
  headings: { level: number; text: string }[];
  bodyText: string;
  dangerous: number;
  lang: string;
  overflow: boolean;
  badLinks: string[];
}

async function open(path: string): Promise<Seen> {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const seen = { dialogs: [] as string[], console: [] as string[], requests: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('request', (r) => seen.requests.push(r.url()));
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  await page.waitForTimeout(100);
  // A string, so the test file needs no DOM typings (they would clash with Node's fetch types).
  const dom = (await page.evaluate(`({
    h1: document.querySelectorAll('h1').length,
    headings: [...document.querySelectorAll('h1,h2,h3,h4')]
      .map((h) => ({ level: Number(h.tagName[1]), text: h.innerText.trim() })),
    bodyText: document.body.innerText,
    dangerous: document.querySelectorAll(
      'body script, body style, img, iframe, svg, object, embed, [onerror], [onload], [onmouseover]',
    ).length,
    lang: document.documentElement.lang,
    overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
    badLinks: [...document.querySelectorAll('a')]
      .map((a) => a.getAttribute('href') ?? '')
      .filter((h) => !h.startsWith('https://')),
  })`)) as Omit<Seen, 'dialogs' | 'console' | 'requests'>;
  await context.close();
  return { ...seen, ...dom };
}

const trials = new Map<string, Trial>();

describe.runIf(run)('pages in a real browser', () => {
  const sections = (path: string) => {
    const t = trials.get(path.slice(1).replace(/\..*$/, '')) as Trial;
    const h = headingsFor(t);
    return ['Quick facts', 'Eligibility criteria', h.who, h.where, h.participate];
  };
  it.each(PAGES.flatMap(([, id]) => [`/${id}.html`, `/${id}.md.html`]))('%s', async (path) => {
    const s = await open(path);
    expect(s.dialogs).toEqual([]);
    expect(s.console).toEqual([]);
    expect(s.requests).toEqual([`${origin}${path}`]);
    expect(s.dangerous).toBe(0);
    // trialcard writes https, tel: and mailto: links only.
    expect(s.badLinks.filter((h) => !/^(?:tel:\+?[\d;=ext]+|mailto:[^\s<>]+@[^\s<>]+)$/.test(h))).toEqual([]);
    expect(s.h1).toBe(1);
    expect(s.lang).toBe('en');
    const h2 = s.headings.filter((h) => h.level === 2).map((h) => h.text);
    for (const section of sections(path)) expect(h2).toContain(section);
    // Headings never skip a level.
    for (const [i, h] of s.headings.entries()) expect(h.level - (s.headings[i - 1]?.level ?? 0)).toBeLessThanOrEqual(1);
    if (path.endsWith('.html') && !path.endsWith('.md.html')) expect(s.overflow).toBe(false);
    if (path.includes('NCT09999991')) {
      expect(s.bodyText).toContain("<script>alert('title')</script>");
      expect(s.bodyText).toContain("<script>alert('criteria')</script>");
      expect(s.bodyText).toContain('[click me](javascript:alert(2))');
    }
    if (path.includes('NCT07438847')) {
      expect(s.bodyText).toContain('SUVmax > 10 in more than half');
      expect(s.bodyText).toContain('Last reviewed 2026-05-15 by the Find a Trial editorial team.');
    }
  });
});

// axe-core's rules, run inside the page (with the page's CSP bypassed so the engine can load).
const AXE = readFileSync(join(import.meta.dirname, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

describe.runIf(run)('accessibility (axe-core)', () => {
  it.each(PAGES.filter(([dir]) => dir === 'studies').map(([, id]) => `/${id}.html`))(
    '%s has no axe violations',
    async (path) => {
      const context = await browser.newContext({ viewport: { width: 375, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${origin}${path}`, { waitUntil: 'load' });
      await page.addScriptTag({ content: AXE });
      const violations = (await page.evaluate(
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + ` +
          `v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`,
      )) as string[];
      await context.close();
      expect(violations).toEqual([]);
    },
  );
});
