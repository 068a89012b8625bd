import { describe, expect, it } from 'vitest';
import type { Manifest, TrialEntry } from '../src/listing/manifest.js';
import { memorySpill, TrialTable } from '../src/listing/trial-table.js';
import { indexContext as contextOf } from '../src/listing/writer.js';

// The context as the writer makes it: its trials from a spilled table, every list made as it is read.
const indexContext = (m: Manifest, format: 'md' | 'html') =>
  contextOf(m, new TrialTable(m.trials, memorySpill()), format);

const entry = (statusCode: string | undefined, phaseCodes: string[] | undefined, distance?: number): TrialEntry => ({
  file: 'x.md',
  modelHash: '',
  fileHash: '',
  title: 'T',
  inListing: true,
  ...(statusCode ? { statusCode, status: statusCode } : {}),
  ...(phaseCodes ? { phaseCodes, phase: phaseCodes.map((c) => c.replace('PHASE', 'Phase ')).join('/') } : {}),
  ...(distance !== undefined ? { nearest: { distance, label: `${distance} miles` } } : {}),
});

const manifest = (trials: Record<string, TrialEntry>, near = false): Manifest => ({
  version: 1,
  title: 'Listing',
  query: {},
  params: {},
  output: {
    format: 'md',
    frontMatter: true,
    ...(near ? { near: { label: '02115', lat: 42.34, lon: -71.09, unit: 'mi' as const } } : {}),
  },
  templateVersion: '',
  trials,
});

describe('listing index groups', () => {
  const trials = {
    NCT00000001: entry('COMPLETED', ['PHASE3']),
    NCT00000002: entry('RECRUITING', ['PHASE2'], 40),
    NCT00000003: entry('RECRUITING', ['PHASE1'], 5),
    NCT00000004: entry('UNKNOWN', undefined),
    NCT00000005: entry('ACTIVE_NOT_RECRUITING', ['PHASE3']),
    NCT00000006: entry('NOT_YET_RECRUITING', ['PHASE2'], 12),
    NCT00000007: { ...entry('RECRUITING', ['PHASE2']), inListing: false },
  };
  it.each([
    [
      false,
      [
        'Taking people now or soon (3 trials)',
        'Status not confirmed (1 trial)',
        'Not taking new people now (1 trial)',
        'Ended (1 trial)',
      ],
    ],
  ])('open first, then unknown, closed, ended; counts per group', (near, titles) => {
    const c = indexContext(manifest(trials, near), 'md');
    expect(c.groups.map((g) => g.title)).toEqual(titles);
    expect(c.groups[0]?.phases.map((p) => p.title)).toEqual(['Phase 1 (1)', 'Phase 2 (2)']);
    expect(c.groups[1]?.phases[0]?.title).toBe('No phase (observational and other studies) (1)');
    expect([...(c.left ?? [])].map((l) => l.nctId)).toEqual(['NCT00000007']);
  });
  it('an open study of past records only is not under "taking people"; ended, it stays with its status', () => {
    const c = indexContext(
      manifest({
        NCT00000001: { ...entry('RECRUITING', undefined), recordsOnly: true },
        NCT00000002: entry('RECRUITING', undefined),
        NCT00000003: { ...entry('COMPLETED', undefined), recordsOnly: true },
        NCT00000004: { ...entry('ENROLLING_BY_INVITATION', undefined), recordsOnly: true },
      }),
      'md',
    );
    expect(c.groups.map((g) => [g.title, g.phases.flatMap((p) => [...p.trials].map((t) => t.nctId))])).toEqual([
      ['Taking people now or soon (1 trial)', ['NCT00000002']],
      ['Using past health records: there may be nothing to join (2 trials)', ['NCT00000001', 'NCT00000004']],
      ['Ended (1 trial)', ['NCT00000003']],
    ]);
  });
  it('phases in their order whatever the NCT IDs: a single phase before a combined one', () => {
    const c = indexContext(
      manifest({
        NCT00000001: entry('RECRUITING', ['PHASE2', 'PHASE3']),
        NCT00000002: entry('RECRUITING', ['PHASE1', 'PHASE2']),
        NCT00000003: entry('RECRUITING', ['PHASE2']),
        NCT00000004: entry('RECRUITING', ['PHASE1']),
        NCT00000005: entry('RECRUITING', undefined),
      }),
      'md',
    );
    expect(c.groups[0]?.phases.map((p) => p.title)).toEqual([
      'Phase 1 (1)',
      'Phase 1/Phase 2 (1)',
      'Phase 2 (1)',
      'Phase 2/Phase 3 (1)',
      'No phase (observational and other studies) (1)',
    ]);
  });
  it('with --near, each phase group lists the nearest trial first and shows its distance', () => {
    const c = indexContext(manifest(trials, true), 'md');
    const phase2 = [...(c.groups[0]?.phases[1]?.trials ?? [])];
    expect(phase2.map((t) => t.nctId)).toEqual(['NCT00000006', 'NCT00000002']);
    expect(phase2.map((t) => t.nearest)).toEqual(['12 miles', '40 miles']);
    expect(c.near).toBe('02115');
  });
});

describe('labels a manifest holds are escaped like record text', () => {
  it('a status or phase with markup (written before unknown codes were read as words) stays text in Markdown', () => {
    const raw = { ...entry('RECRUITING', ['PHASE2']), status: 'On <img src=x> hold', phase: 'Phase *2*' };
    const c = indexContext(manifest({ NCT00000001: raw }), 'md');
    const row = [...(c.groups[0]?.phases[0]?.trials ?? [])][0];
    expect(row?.status).toBe('On &lt;img src=x> hold');
    expect(row?.phase).toBe('Phase \\*2\\*');
    expect(c.groups[0]?.phases[0]?.title).toBe('Phase \\*2\\* (1)');
  });
});
