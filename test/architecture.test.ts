import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape README promises: the disk only in src/io/, the process only in src/cli.ts.

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
});
