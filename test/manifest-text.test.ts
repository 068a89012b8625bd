import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/io/files.js';
import { type Manifest, manifestText } from '../src/listing/manifest.js';

// The manifest is written in pieces (one per trial) so a large listing is never one string in memory;
// the bytes must be exactly those of JSON.stringify(manifest, null, 2) and a newline.

const base: Manifest = {
  version: 1,
  title: 'Trials "quoted" \u00e9 \u2028',
  query: { cond: 'x', status: ['RECRUITING'] },
  params: { 'query.cond': 'x' },
  output: { format: 'md', frontMatter: false },
  templateVersion: 'v1',
  trials: {},
};
const entry = (i: number) => ({
  file: `NCT0000000${i}.md`,
  modelHash: 'a'.repeat(64),
  fileHash: 'b'.repeat(64),
  title: `Trial ${i} \u00fc\n`,
  phaseCodes: ['PHASE1', 'PHASE2'],
  inListing: i % 2 === 0,
  nearest: { distance: 1.5, label: '1.5 miles' },
});

describe('manifestText', () => {
  const cases: [string, Manifest][] = [
    ['no trials', base],
    ['one trial', { ...base, trials: { NCT00000001: entry(1) } }],
    [
      'many trials, changes and an undefined key',
      {
        ...base,
        watermark: undefined,
        changes: [],
        trials: Object.fromEntries([1, 2, 3].map((i) => [`NCT0000000${i}`, entry(i)])),
      },
    ],
    ['trials not last', Object.assign({ trials: {} }, base, { trials: { NCT00000001: entry(1) } })],
  ];
  for (const [name, m] of cases)
    it(name, () => expect([...manifestText(m)].join('')).toBe(`${JSON.stringify(m, null, 2)}\n`));

  it('lands on disk whole, through the atomic write, in pieces over 1 MB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-manifest-'));
    try {
      const trials = Object.fromEntries(
        Array.from({ length: 5000 }, (_, i) => [`NCT${String(i).padStart(8, '0')}`, entry(i)]),
      );
      const m = { ...base, trials };
      const path = join(dir, 'trialcard.json');
      await writeFileAtomic(path, manifestText(m), { host: 'h', pid: process.pid, alive: () => true });
      const text = readFileSync(path, 'utf8');
      expect(text.length).toBeGreaterThan(1 << 20);
      expect(text).toBe(`${JSON.stringify(m, null, 2)}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
