import { describe, expect, it } from 'vitest';
import { type Piece, RecordSplitter } from '../src/ctgov/record-splitter.js';
import { jsonErrorOffset } from '../src/io/json-position.js';
import { recordsFromChunks } from '../src/io/records.js';

// Saved records split as they stream, whatever the chunk boundaries: every case is fed whole,
// and cut into pieces of 1 to 7 characters.

const study = (id: string, extra = '') =>
  JSON.stringify({ protocolSection: { identificationModule: { nctId: id, briefTitle: `T ${extra}` } } });
const page = (...ids: string[]) => `{"studies":[${ids.map((id) => study(id)).join(',')}],"nextPageToken":"x"}`;

function split(text: string, size: number, maxChars?: number): Piece[] {
  const s = new RecordSplitter(maxChars);
  const out: Piece[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  out.push(...s.end());
  return out;
}
const ids = (pieces: Piece[]) =>
  pieces.flatMap((p) => {
    if (p.kind === 'junk') return [`junk@${p.line}`];
    if (p.kind === 'too-large') return [`too-large@${p.line}${p.item ? `#${p.item}` : ''}`];
    const v = JSON.parse(p.text);
    const list = v.studies ?? (Array.isArray(v) ? v : [v]);
    return list.map(
      (x: { protocolSection: { identificationModule: { nctId: string } } }) =>
        `${p.kind}:${x.protocolSection.identificationModule.nctId}@${p.line}`,
    );
  });

const cases: [string, string, string[]][] = [
  ['one study', study('NCT1'), ['value:NCT1@1']],
  ['one pretty-printed study', JSON.stringify(JSON.parse(study('NCT1')), null, 2), ['value:NCT1@1']],
  ['a search page', page('NCT1', 'NCT2'), ['study:NCT1@1', 'study:NCT2@1']],
  // Each study of a pretty page by its own first line: "{" of NCT1 is on line 3, of NCT2 on line 11.
  [
    'a pretty search page',
    JSON.stringify(JSON.parse(page('NCT1', 'NCT2')), null, 2),
    ['study:NCT1@3', 'study:NCT2@11'],
  ],
  [
    'NDJSON of studies',
    `${study('NCT1')}\n${study('NCT2')}\n\n${study('NCT3')}\n`,
    ['value:NCT1@1', 'value:NCT2@2', 'value:NCT3@4'],
  ],
  [
    'NDJSON of search pages',
    `${page('NCT1')}\n${page('NCT2', 'NCT3')}`,
    ['study:NCT1@1', 'study:NCT2@2', 'study:NCT3@2'],
  ],
  ['an array', `[${study('NCT1')},${study('NCT2')}]`, ['value:NCT1@1', 'value:NCT2@1']],
  ['braces and quotes inside strings', study('NCT1', '{[\\"}]\\\\'), ['value:NCT1@1']],
  [
    'CRLF lines and a byte-order mark',
    `\ufeff${study('NCT1')}\r\n${study('NCT2')}\r\n`,
    ['value:NCT1@1', 'value:NCT2@2'],
  ],
  ['junk after a record', `${study('NCT1')}\nnot json\n`, ['value:NCT1@1', 'junk@2']],
  ['a record cut short', `${study('NCT1')}\n{"protocolSection": {`, ['value:NCT1@1', 'junk@2']],
];

describe('RecordSplitter', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    for (const size of [text.length, 1, 2, 3, 5, 7]) expect(ids(split(text, size)), `size ${size}`).toEqual(expected);
  });

  it('a search page’s studies come out before the page has ended', () => {
    const s = new RecordSplitter();
    const text = page('NCT1', 'NCT2');
    const cut = text.indexOf('NCT2') - 10;
    expect(s.push(text.slice(0, cut)).map((p) => p.kind)).toEqual(['study']);
  });
});

describe('recordsFromChunks', () => {
  /** A text or its bytes in pieces of `size`. */
  const cut = <T extends string | Buffer>(whole: T, size: number): T[] =>
    Array.from({ length: Math.ceil(whole.length / size) }, (_, i) => whole.slice(i * size, (i + 1) * size) as T);
  /** Each record's identification field, with where it stands: "NCT1@in:1". */
  const read = async (chunks: (string | Buffer)[], field: 'nctId' | 'briefTitle') => {
    const out: string[] = [];
    for await (const r of recordsFromChunks(chunks, 'in')) {
      const raw = r.raw as { protocolSection: { identificationModule: Record<string, string> } };
      out.push(`${raw.protocolSection.identificationModule[field]}@${r.at}`);
    }
    return out;
  };
  const all = async (chunks: string[], source = 'in.json') => {
    const out: string[] = [];
    for await (const r of recordsFromChunks(chunks, source)) out.push(r.at);
    return out;
  };
  it('NDJSON lines, then a pretty-printed document, cut anywhere: every record, in order, with its line', async () => {
    const pretty = JSON.stringify(JSON.parse(study('NCT2')), null, 2);
    const text = `${study('NCT1')}\n${pretty}\n${study('NCT3')}\n${page('NCT4', 'NCT5')}\n`;
    for (const size of [text.length, 1, 3, 7, 64]) {
      const n = pretty.split('\n').length;
      expect(await read(cut(text, size), 'nctId'), `size ${size}`).toEqual([
        'NCT1@in:1',
        'NCT2@in:2',
        `NCT3@in:${n + 2}`,
        // Streamed, each study of a page has its place, as in a page read whole.
        `NCT4@in:${n + 3} (item 1)`,
        `NCT5@in:${n + 3} (item 2)`,
      ]);
    }
  });
  it('bad JSON in a study of a pretty page is named by the line it goes wrong on, and its item', async () => {
    const good = JSON.stringify({ studies: [JSON.parse(study('NCT1')), JSON.parse(study('NCT2'))] }, null, 2);
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('"NCT2"'));
    lines[at] = (lines[at] as string).replace(':', '');
    for (const size of [1e6, 1, 7, 64]) {
      const read = async () => {
        for await (const _ of recordsFromChunks(cut(lines.join('\n'), size), 'in'));
      };
      await expect(read(), `size ${size}`).rejects.toThrow(`in:${at + 1} (item 2) is not valid JSON`);
    }
  });
  it('a streamed page hands over every item, also those that are not studies, each with its place', async () => {
    // Pretty-printed, so the page is not one line that parses whole: the streaming splitter reads it.
    const items = [JSON.parse(study('NCT2')), 1, 'x', null, true, -2.5e3, [], {}];
    const text = `${study('NCT1')}\n${JSON.stringify({ studies: items }, null, 2)}\n`;
    for (const size of [text.length, 1, 3, 7, 64]) {
      const got: string[] = [];
      for await (const r of recordsFromChunks(cut(text, size), 'in'))
        got.push(`${JSON.stringify(r.raw).slice(0, 9)}@${r.at}`);
      // The page starts on line 2; each item is named by its own first line.
      expect(got.slice(1), `size ${size}`).toEqual([
        '{"protoco@in:4 (item 1)',
        '1@in:12 (item 2)',
        '"x"@in:13 (item 3)',
        'null@in:14 (item 4)',
        'true@in:15 (item 5)',
        '-2500@in:16 (item 6)',
        '[]@in:17 (item 7)',
        '{}@in:18 (item 8)',
      ]);
    }
  });

  it('bytes cut anywhere, inside a character too: the same text (NDJSON and pretty), no BOM, no CR', async () => {
    const titled = (id: string, title: string) =>
      JSON.stringify({ protocolSection: { identificationModule: { nctId: id, briefTitle: title } } });
    const pretty = JSON.stringify(JSON.parse(titled('NCT3', 'Ça – va')), null, 2);
    const text = `\ufeff${titled('NCT1', 'Étude ≥ 18 ans 🧪')}\r\n\r\n${titled('NCT2', 'Ünïcode – ok')}\n${pretty}`;
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [bytes.length, 1, 2, 3, 5, 64]) {
      expect(await read(cut(bytes, size), 'briefTitle'), `size ${size}`).toEqual([
        'Étude ≥ 18 ans 🧪@in:1',
        'Ünïcode – ok@in:3',
        'Ça – va@in:4',
      ]);
    }
  });

  it('names each record by file and line', async () => {
    expect(await all([`${study('NCT1')}\n${study('NCT2')}`])).toEqual(['in.json:1', 'in.json:2']);
  });
  it.each([
    ['an empty file', ['  \n'], /in\.json is empty/],
    ['bad JSON on line 2', [`${study('NCT1')}\n{"a": tru}`], /in\.json:2 is not valid JSON/],
    ['a line that is no JSON', [`${study('NCT1')}\nhello`], /in\.json:2 is not valid JSON/],
    ['an object that is no study', ['{"a": 1}'], /in\.json:1 is not a ClinicalTrials\.gov v2 study or search page/],
    ['a JSON string', ['"hello"\n'], /in\.json:1 is not a ClinicalTrials\.gov v2 study or search page/],
    // Pretty-printed: the line it goes wrong on, not the line it starts on.
    [
      'a pretty-printed array broken on line 7',
      [`${study('NCT1')}\n[\n  {\n    "a": 1\n  },\n  {\n    "b": tru\n  }\n]\n`],
      /in\.json:7 is not valid JSON/,
    ],
    ['a pretty study cut short', [`${study('NCT1')}\n\n{\n  "a": [1,\n  2,\n`], /in\.json:3 is not valid JSON/],
  ])('%s is a usage error naming the place', async (_n, chunks, message) => {
    await expect(all(chunks)).rejects.toThrow(message);
  });
});

describe('text that is not UTF-8 is refused where it is found, not published with U+FFFD', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  const read = async (chunks: Buffer[]) => {
    const out: string[] = [];
    for await (const r of recordsFromChunks(chunks, 'in.json')) out.push(r.at);
    return out;
  };
  // "Malmö" saved as Latin-1: ö is the byte 0xF6.
  const latin1 = bytes(study('NCT2').replace('T ', 'Malm'), [0xf6], '\n');
  it('a line of NDJSON names its line', async () => {
    await expect(read([bytes(`${study('NCT1')}\n`), latin1])).rejects.toMatchObject({
      message: 'in.json:2 is not valid UTF-8 text',
      hint: 'save the file as UTF-8, e.g. with iconv -t utf-8',
    });
  });
  it('a pretty-printed document too', async () => {
    const pretty = Buffer.from(`${JSON.stringify(JSON.parse(study('NCT1')), null, 2)}\n`);
    await expect(read([pretty, bytes('{"a": "Malm', [0xf6], '"}\n')])).rejects.toThrow(/in\.json.* is not valid UTF-8/);
  });
  it('a U+FFFD the file holds itself is a character like any other', async () => {
    expect(await read([bytes(`${study('NCT1').replace('T ', 'T \ufffd')}\n`)])).toEqual(['in.json:1']);
  });
});

describe('a record longer than the limit is refused where it starts, not held', () => {
  const long = study('NCT2', 'x'.repeat(500));
  it.each([
    ['a study', `${study('NCT1')}\n${long}\n${study('NCT3')}`, ['value:NCT1@1', 'too-large@2']],
    ['a study of a search page', page('NCT1').replace(']', `,${long}]`), ['study:NCT1@1', 'too-large@1#2']],
    ['an array', `[${study('NCT1')},${long}]`, ['too-large@1']],
    [
      'a page field after the studies',
      page('NCT1').replace('"x"}', `"${'x'.repeat(500)}"}`),
      ['study:NCT1@1', 'too-large@1'],
    ],
  ])('%s', (_, text, want) => {
    // A study that arrives whole within one chunk is never held across chunks: the limit is on what is held.
    for (const size of [1, 7, 100]) expect(ids(split(text, size, 400)), `size ${size}`).toEqual(want);
  });
  it('a saved line of 70M characters is one line of error naming it, read 1M at a time', async () => {
    const head = `${study('NCT1')}\n{"protocolSection":{"x":"`;
    async function* chunks() {
      yield Buffer.from(head);
      const mb = Buffer.alloc(1 << 20, 'x');
      for (let i = 0; i < 70; i++) yield mb;
      yield Buffer.from('"}}\n');
    }
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const r of recordsFromChunks(chunks(), 'big.ndjson')) got.push(r.at);
      })(),
    ).rejects.toThrow('big.ndjson:2 holds a record or value longer than 64M characters');
    expect(got).toEqual(['big.ndjson:1']);
  });
});

describe('where JSON text goes wrong (jsonErrorOffset)', () => {
  it.each([
    ['{"a": 1}', undefined],
    ['{"a": tru}', 9],
    ['{"a" 1}', 5],
    ['[1, 2,]', 6],
    ['{"a": "x\ty"}', 8],
    ['{"a": "\\q"}', 8],
    ['[1] x', 4],
    ['{"a": [1, 2', 11],
    ['  ', 2],
    ['-', 0],
  ])('%j → %s', (text, want) => expect(jsonErrorOffset(text)).toBe(want));
  it('agrees with JSON.parse on whether 20,000 mutated texts are valid', () => {
    const base = JSON.stringify({ a: [1, -2.5e3, 'x\u00e9"\\', true, null, { b: false }], c: '' }, null, 1);
    const alphabet = ' \n{}[]:,"\\-+.0123456789eEtrufalsn\u00e9x';
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 20_000; k++) {
      let t = base;
      for (let m = rand(3) + 1; m > 0; m--) {
        const at = rand(t.length + 1);
        const op = rand(3);
        const ch = alphabet[rand(alphabet.length)] as string;
        t =
          op === 0
            ? t.slice(0, at) + t.slice(at + 1)
            : op === 1
              ? t.slice(0, at) + ch + t.slice(at)
              : t.slice(0, at) + ch + t.slice(at + 1);
      }
      let valid = true;
      try {
        JSON.parse(t);
      } catch {
        valid = false;
      }
      const off = jsonErrorOffset(t);
      expect(off === undefined, t).toBe(valid);
      // An offset inside the text, or its end when the text stops too soon.
      if (off !== undefined) expect(off).toBeLessThanOrEqual(t.length);
    }
  });
});
