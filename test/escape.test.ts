import { describe, expect, it } from 'vitest';
import { escapeMarkdownBlock, escapeMarkdownInline, escapeMarkdownLine, safeHttpsUrl } from '../src/render/escape.js';

describe('escapeMarkdownInline', () => {
  it.each([
    ['SUVmax > 10', 'SUVmax > 10'],
    ['ECOG ≤ 2', 'ECOG ≤ 2'],
    ['age <18', 'age <18'],
    ['<script>alert(1)</script>', '&lt;script>alert(1)&lt;/script>'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)>'],
    ['[click](javascript:alert(1))', '[click\\](javascript:alert(1))'],
    ['[AST] level', '[AST] level'],
    ['HLA-A*11:01', 'HLA-A\\*11:01'],
    ['_under_', '\\_under\\_'],
    ['`code`', '\\`code\\`'],
    ['&copy; &#169;', '&amp;copy; &amp;#169;'],
    ['a & b', 'a & b'],
    ['back\\slash\\*', 'back\\slash\\\\\\*'],
  ])('%j → %j', (input, expected) => expect(escapeMarkdownInline(input)).toBe(expected));
});

describe('escapeMarkdownLine (line starts)', () => {
  it.each([
    ['# not a heading', '\\# not a heading'],
    ['> not a quote', '\\> not a quote'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['   indented code?', 'indented code?'],
    ['-5 degrees', '-5 degrees'],
  ])('%j → %j', (input, expected) => expect(escapeMarkdownLine(input)).toBe(expected));
});

describe('escapeMarkdownBlock', () => {
  it('keeps paragraphs and the registry list lines, escapes the rest', () =>
    expect(escapeMarkdownBlock('First <b>para</b>.\n\n\n* item one\n2. item two\n# heading')).toBe(
      'First &lt;b>para&lt;/b>.\n\n- item one\n2. item two\n\\# heading',
    ));
});

describe('safeHttpsUrl', () => {
  it.each([
    ['https://clinicaltrials.gov/study/NCT07438847', 'https://clinicaltrials.gov/study/NCT07438847'],
    ['javascript:alert(1)', undefined],
    ['http://example.com', undefined],
    ['data:text/html,x', undefined],
    ['not a url', undefined],
  ])('%j → %j', (input, expected) => expect(safeHttpsUrl(input)).toBe(expected));
});
