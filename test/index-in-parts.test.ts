import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSpill } from '../src/io/entry-spill.js';
import { diskListingStore } from '../src/io/listing-store.js';
import type { TrialEntry } from '../src/listing/manifest.js';
import { memorySpill, TrialTable } from '../src/listing/trial-table.js';
import { compileTemplates } from '../src/render/compile.js';
import { createIndexRenderer, tidyParts } from '../src/render/engine.js';
import { LazyList, lazyList } from '../src/render/in-parts.js';

// An index rendered in parts must be, joined, the page a plain render gives: same template, same rows.

const set = (source: string, partials: Record<string, string> = {}) =>
  compileTemplates('md', {
    page: { name: 'index', path: '/t/index.md.hbs', source },
    partials: Object.entries(partials).map(([name, s]) => ({ name, path: `/t/partials/${name}.md.hbs`, source: s })),
  });

const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `item${from + i}`);
const made: string[] = [];
const lazy = (keys: string[]) =>
  lazyList(keys, (k) => {
    made.push(k);
    return { name: k, tags: lazyList([`${k}a`, `${k}b`], (t) => ({ tag: t })) };
  });
const plain = (keys: string[]) => keys.map((k) => ({ name: k, tags: [{ tag: `${k}a` }, { tag: `${k}b` }] }));
const groups = (list: (k: string[]) => unknown) => ({
  title: 'Listing',
  groups: [
    { title: 'One', items: list(names(3)) },
    { title: 'Empty', items: list([]) },
    { title: 'Two', items: list(names(2, 3)) },
  ],
  all: list(names(5)),
});

const TEMPLATES: [string, string, Record<string, string>?][] = [
  [
    'flat, with @index, @first, @last',
    '{{#each all}}{{@index}}{{#if @first}}F{{/if}}{{name}}{{#if @last}}L{{/if}},{{/each}}',
  ],
  [
    'nested, with @../index and {{else}}',
    '{{#each groups}}# {{title}}\n{{#each items}}- {{@../index}}.{{@index}} {{name}}\n' +
      '{{else}}(none)\n{{/each}}{{/each}}',
  ],
  ['lists inside lists', '{{#each all}}{{name}}:{{#each tags}}{{tag}}{{#unless @last}}+{{/unless}}{{/each}};{{/each}}'],
  [
    'block params and ../',
    '{{#each groups as |g gi|}}{{#each items as |it i|}}' +
      '{{g.title}}{{gi}}{{i}}{{it.name}}{{../title}} {{/each}}{{/each}}',
  ],
  [
    'length, if and root',
    '{{all.length}} {{#if groups.1.items}}yes{{else}}no{{/if}} {{#each all}}{{@root.title}}{{/each}}',
  ],
  ['through a partial', '{{#each groups}}{{> row}}{{/each}}', { row: '{{title}}[{{#each items}}{{> item}}{{/each}}]' }],
  ['a partial block', '{{#> wrap}}{{#each all}}{{name}}{{/each}}{{/wrap}}', { wrap: '<{{> @partial-block}}>' }],
  [
    'two lists, the first with lists in its rows',
    '{{#each all}}{{name}}:{{#each tags}}{{tag}}{{/each}};{{/each}}|{{#each all}}{{name}}{{/each}}',
  ],
  ['an indented partial', '- top\n  {{> rows}}\nend\n', { rows: '{{#each all}}\n- {{name}}\n{{/each}}' }],
  ['white space across parts', '\n\n{{#each all}}  {{name}}   \n\n\n\n{{/each}}\n\n   end   \n\n'],
];

describe('an index rendered in parts', () => {
  it.each(TEMPLATES)('%s: joined, it is the plain render', (_, source, partials = {}) => {
    const render = createIndexRenderer('md', set(source, { item: '({{name}})', ...partials }));
    const inParts = [...render(groups(lazy))];
    expect(inParts.join('')).toBe([...render(groups(plain))].join(''));
  });

  it('makes each row only when the output reaches it, and once', () => {
    made.length = 0;
    const render = createIndexRenderer('md', set('{{#each groups}}{{#each items}}{{name}}\n{{/each}}{{/each}}'));
    const pieces = render(groups(lazy))[Symbol.iterator]();
    pieces.next();
    expect(made.length).toBeLessThan(3);
    for (let p = pieces.next(); !p.done; p = pieces.next());
    expect(made).toEqual(names(5));
  });

  it('a template failing on a row names the template, as a whole render does', () => {
    // A partial that calls itself for a row with a name: it fails on a row, not when compiled.
    const render = createIndexRenderer(
      'md',
      set('{{#each all}}{{> again}}{{/each}}', { again: '{{#if name}}{{> again}}{{/if}}' }),
    );
    expect(() => [...render(groups(lazy))]).toThrow(
      /^template index\.md\.hbs \(\/t\/index\.md\.hbs.*Maximum call stack size exceeded/,
    );
  });

  it('an empty list is [] (false for if); a LazyList is walked by a plain each too', () => {
    expect(lazyList([], () => 1)).toEqual([]);
    const list = new LazyList(['a', 'b'], (k) => k.toUpperCase());
    expect([...list]).toEqual(['A', 'B']);
    expect(list.length).toBe(2);
    expect(Object.keys(list)).toEqual(['length']);
  });
});

describe('Markdown tidied in parts', () => {
  const tidy = (text: string) => [...tidyParts([text], 'md')].join('');
  // Random texts of the characters tidying touches, cut at random places.
  const rand = (seed: number) => () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  it('gives, joined, what tidying the whole text gives, wherever it is cut', () => {
    const r = rand(7);
    const alphabet = ['a', ' ', '\t', '\n', '\n', '\n', '\u00a0', 'b'];
    for (let n = 0; n < 2000; n += 1) {
      const text = Array.from({ length: Math.floor(r() * 40) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(
        '',
      );
      const cuts: string[] = [];
      for (let at = 0; at < text.length; ) {
        const next = at + Math.floor(r() * 6);
        cuts.push(text.slice(at, next));
        at = Math.max(next, at);
        if (next === at && r() < 0.5) cuts.push('');
      }
      expect([...tidyParts(cuts, 'md')].join('')).toBe(tidy(text));
    }
    expect(tidy('  a  \n\n\n\nb \n\n')).toBe('a\n\nb\n');
    expect(tidy(' \n ')).toBe('\n');
  });
  it('leaves HTML as it is', () => {
    expect([...tidyParts(['a  \n\n\n', ' b'], 'html')].join('')).toBe('a  \n\n\n b');
  });
});

describe("a listing's trial table", () => {
  const dir = mkdtempSync(join(tmpdir(), 'trialcard-table-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const entry = (title: string): TrialEntry => ({
    file: 'NCT00000001.md',
    modelHash: 'm',
    fileHash: 'f',
    title,
    inListing: true,
  });

  it.each([
    ['in memory', () => ({ spill: memorySpill(), close: () => {} })],
    [
      'in its scratch file',
      () => {
        const spill = fileSpill(join(dir, 'scratch'));
        return { spill, close: () => spill.close() };
      },
    ],
  ])('%s: keeps the first-set order, gives back what was set, and forgets what is deleted', (_, make) => {
    const { spill, close } = make();
    const table = new TrialTable({ NCT00000009: entry('kept as it was') }, spill);
    table.set('NCT00000002', entry('two: ünïcödé, 😀'));
    table.set('NCT00000001', entry('one'));
    table.set('NCT00000002', entry('two again'));
    table.delete('NCT00000009');
    table.set('NCT00000009', entry('nine, now last'));
    expect([...table.entries()].map(([id, e]) => [id, e.title])).toEqual([
      ['NCT00000002', 'two again'],
      ['NCT00000001', 'one'],
      ['NCT00000009', 'nine, now last'],
    ]);
    expect(table.get('NCT00000001')).toEqual(entry('one'));
    expect(table.get('NCT00000003')).toBeUndefined();
    expect(table.size).toBe(3);
    close();
  });

  it('gives back thousands of entries, put and read in turns, as the same table in memory does', () => {
    const spill = fileSpill(join(dir, 'scratch3'));
    const onDisk = new TrialTable({}, spill);
    const inMemory = new TrialTable({}, memorySpill());
    const id = (i: number) => `NCT${String(i).padStart(8, '0')}`;
    for (let i = 0; i < 3000; i++) {
      // Titles of many lengths, some set twice, some read back at once: blocks are written and read part-full.
      for (const t of [onDisk, inMemory]) t.set(id(i % 2500), entry(`${'é'.repeat(i % 97)} ${i}`));
      if (i % 7 === 0) expect(onDisk.get(id(i % 2500))).toEqual(inMemory.get(id(i % 2500)));
    }
    expect([...onDisk.entries()]).toEqual([...inMemory.entries()]);
    for (let i = 2499; i >= 0; i -= 13) expect(onDisk.get(id(i))).toEqual(inMemory.get(id(i)));
    spill.close();
  });

  it('an entry read back after more were written is still the one that was put', () => {
    const spill = fileSpill(join(dir, 'scratch4'));
    const text = (i: number) => JSON.stringify({ i, pad: 'x'.repeat(300) });
    const refs = Array.from({ length: 400 }, (_, i) => spill.put(text(i)) as number);
    expect(spill.get(refs[0] as number)).toBe(text(0)); // read with the block after it
    for (let i = 400; i < 800; i++) refs.push(spill.put(text(i)) as number); // more blocks written meanwhile
    for (let i = 1; i < 800; i++) expect(spill.get(refs[i] as number)).toBe(text(i));
    spill.close();
  });

  it('the scratch file is gone from the folder as soon as it is open; an entry too long for it stays in memory', () => {
    const spill = fileSpill(join(dir, 'scratch2'));
    expect(readdirSync(dir)).not.toContain('scratch2');
    const table = new TrialTable({}, spill);
    const long = entry('x'.repeat(2 ** 21));
    table.set('NCT00000001', long);
    table.set('NCT00000002', entry('short'));
    expect(table.get('NCT00000001')).toBe(long);
    expect(table.get('NCT00000002')?.title).toBe('short');
    const ref = spill.put('{}') as number;
    expect(spill.get(ref)).toBe('{}');
    spill.close();
    expect(() => spill.get(ref)).toThrow();
  });
});

describe("a listing's page paths", () => {
  const owner = { host: 'h', pid: process.pid, alive: () => true };
  it.each(['.', '', 'out', './out/', '/abs/out', 'a/../b'])('in %j are what path.join gives', (dir) => {
    const store = diskListingStore(dir, owner);
    for (const file of ['NCT01234567.md', 'index.html', '.trialcard', 'a/b.md', '../x'])
      expect(store.where(file)).toBe(join(dir, file));
  });
});
