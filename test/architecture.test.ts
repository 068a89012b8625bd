import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape README promises: the disk only in src/io/, the process only in src/cli.ts, and
// code lines of at most 120 characters (the formatter's width; it does not break strings).

const SRC = join(import.meta.dirname, '..', 'src');
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
const text = (f: string) => readFileSync(join(SRC, f), 'utf8');

describe('architecture', () => {
  it('only src/io/ imports node:fs', () => {
    const offenders = files.filter((f) => !f.startsWith('io/') && /from 'node:fs(\/promises)?'/.test(text(f)));
    expect(offenders).toEqual([]);
  });

  it('only src/cli.ts touches process', () => {
    const offenders = files.filter(
      (f) => f !== 'cli.ts' && /\bprocess\./.test(text(f).replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')),
    );
    expect(offenders).toEqual([]);
  });

  it('no line of code is longer than 120 characters', () => {
    const root = join(import.meta.dirname, '..');
    const code = ['src', 'test', 'scripts'].flatMap((d) =>
      (readdirSync(join(root, d), { recursive: true }) as string[])
        .filter((f) => /\.(ts|js)$/.test(f))
        .map((f) => join(d, f)),
    );
    const long = code.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.length > 120 ? [`${f}:${i + 1}`] : [])),
    );
    expect(long).toEqual([]);
  });
});
