import { describe, expect, it } from 'vitest';
import { atomFeed, kindWords, mergeChanges } from '../src/listing/change-log.js';
import { type Change, diffSnapshots, type Snapshot, snapshotOf } from '../src/listing/diff.js';
import type { ChangeEntry, Manifest } from '../src/listing/manifest.js';
import { normalize } from '../src/model/normalize.js';
import { DOMParser } from '@xmldom/xmldom';
import { loadStudy } from './helpers.js';

// The change log's words, rule by rule: each row edits a snapshot and names the lines expected.

const base: Snapshot = {
  title: 'A study of X',
  status: 'Recruiting',
  phase: 'Phase 2',
  enrollment: '40 people (planned)',
  dates: { start: 'March 2025', completion: 'June 2027 (planned)' },
  sites: [['Mercy Hospital, Portland, Oregon, United States', 'Recruiting']],
  contacts: ['Ann Lee, 555-0100'],
  inclusion: ['Age 18 or older', 'Has X'],
  exclusion: ['Pregnant'],
  groups: ['Drug A', 'Placebo'],
  outcomes: ['Time to relapse'],
  hasResults: false,
};
const edit = (f: (s: Snapshot) => void): Snapshot => {
  const s = structuredClone(base);
  f(s);
  return s;
};

const rows: [string, Snapshot, string[]][] = [
  ['nothing changed', edit(() => {}), []],
  [
    'status, in words',
    edit((s) => {
      s.status = 'Active, not recruiting';
    }),
    ['Status: Recruiting → Active, not recruiting'],
  ],
  [
    'stopped, with the reason',
    edit((s) => {
      s.status = 'Terminated';
      s.whyStopped = 'Sponsor decision';
    }),
    ['Status: Recruiting → Terminated', 'Why it stopped: “Sponsor decision”'],
  ],
  [
    'results posted',
    edit((s) => {
      s.hasResults = true;
    }),
    ['Results were posted on ClinicalTrials.gov'],
  ],
  [
    'phase',
    edit((s) => {
      s.phase = 'Phase 3';
    }),
    ['Phase: Phase 2 → Phase 3'],
  ],
  [
    'enrollment count and kind',
    edit((s) => {
      s.enrollment = '52 people (actual)';
    }),
    ['Number of people: 40 people (planned) → 52 people (actual)'],
  ],
  [
    'a date, and one no longer given',
    edit((s) => {
      s.dates.start = 'April 2025';
      delete s.dates.completion;
    }),
    ['Start date: March 2025 → April 2025', 'End date: June 2027 (planned) → not given'],
  ],
  [
    'a site added, one removed, one changed status',
    edit((s) => {
      s.sites = [
        ['Mercy Hospital, Portland, Oregon, United States', 'Active, not recruiting'],
        ['Changes Hospital, Portland, Oregon, United States', 'Recruiting'],
      ];
    }),
    [
      'New site: Changes Hospital, Portland, Oregon, United States (recruiting)',
      'Site status: Mercy Hospital, Portland, Oregon, United States: Recruiting → Active, not recruiting',
    ],
  ],
  [
    'many sites: counted, not listed',
    edit((s) => {
      for (let i = 0; i < 9; i++) s.sites.push([`Site ${i}, Town`, 'Recruiting']);
    }),
    ['Sites: 9 new sites'],
  ],
  [
    'criteria items, quoted as written',
    edit((s) => {
      s.inclusion = ['Age 18 or older', 'Has Y'];
    }),
    ['New rule for who can join: “Has Y”', 'Rule for who can join removed: “Has X”'],
  ],
  [
    'many criteria changes: counted',
    edit((s) => {
      s.exclusion = ['a', 'b', 'c', 'd'];
    }),
    ['Rules for who cannot join: 4 added, 1 removed'],
  ],
  [
    'study groups',
    edit((s) => {
      s.groups.push('Drug B');
    }),
    ['New study group: “Drug B”'],
  ],
  [
    'main outcomes',
    edit((s) => {
      s.outcomes = ['Survival'];
    }),
    ['New main result to measure: “Survival”', 'Main result no longer measured: “Time to relapse”'],
  ],
  [
    'contacts',
    edit((s) => {
      s.contacts = [];
    }),
    ['Contact removed: “Ann Lee, 555-0100”'],
  ],
  [
    'title',
    edit((s) => {
      s.title = 'A study of Y';
    }),
    ['Title: A study of X → A study of Y'],
  ],
];

describe('diffSnapshots', () => {
  it.each(rows)('%s', (_name, next, expected) => {
    expect(diffSnapshots(base, next).map((c) => c.text)).toEqual(expected);
  });
  it('many sites that changed to one status say which', () => {
    const sites = (status: string) =>
      edit((s) => {
        s.sites = Array.from({ length: 8 }, (_, i): [string, string] => [`Site ${i}`, status]);
      });
    expect(diffSnapshots(sites('Recruiting'), sites('Completed')).map((c) => c.text)).toEqual([
      'Sites: 8 sites changed status, all to completed',
    ]);
  });
  it('a place the record lists twice is one site, with its last status', () => {
    const twice = edit((s) => {
      s.sites = [
        ['A, Town', 'Recruiting'],
        ['B, Town', 'Recruiting'],
        ['A, Town', 'Completed'],
      ];
    });
    expect(diffSnapshots(base, twice).map((c) => c.text)).toEqual([
      'New site: A, Town (completed)',
      'New site: B, Town (recruiting)',
      'Site no longer listed: Mercy Hospital, Portland, Oregon, United States',
    ]);
    expect(
      diffSnapshots(
        twice,
        edit((s) => {
          s.sites = [['A, Town', 'Completed']];
        }),
      ).map((c) => c.text),
    ).toEqual(['Site no longer listed: B, Town']);
  });
  it('keeps old and new values for --log json', () => {
    const [c] = diffSnapshots(
      base,
      edit((s) => {
        s.status = 'Completed';
      }),
    );
    expect(c).toEqual({ field: 'status', text: 'Status: Recruiting → Completed', from: 'Recruiting', to: 'Completed' });
  });
  it('a snapshot of a real record diffs clean against itself', () => {
    const t = normalize(loadStudy('NCT07438847'));
    expect(diffSnapshots(snapshotOf(t), snapshotOf(t))).toEqual([]);
    expect(snapshotOf(t).inclusion.length).toBeGreaterThan(0);
  });
});

const entry = (nctId: string, date: string, kind: ChangeEntry['kind'], texts: string[]): ChangeEntry => ({
  id: `urn:x:${nctId}:${date}`,
  nctId,
  title: `Trial <${nctId}> & co`,
  file: `${nctId}.md`,
  date,
  updated: `${date}T06:00:00.000Z`,
  kind,
  changes: texts.map((text) => ({ field: 'status', text })),
});

describe('change log', () => {
  const now = new Date('2026-12-01T06:00:00Z');
  it('merges a second refresh of the same day into one entry, newest first', () => {
    const log = mergeChanges([entry('NCT00000001', '2026-11-30', 'changed', ['a'])], [], now);
    const next = mergeChanges(
      log,
      [entry('NCT00000002', '2026-12-01', 'added', []), entry('NCT00000001', '2026-11-30', 'changed', ['a', 'b'])],
      now,
    );
    expect(next.map((e) => [e.nctId, e.changes.map((c) => c.text)])).toEqual([
      ['NCT00000002', []],
      ['NCT00000001', ['a', 'b']],
    ]);
  });
  it('a second refresh the same day replaces news of a one-value field, and drops it when it went back', () => {
    const day = '2026-12-01';
    const at = (changes: Change[]) => ({ ...entry('NCT00000001', day, 'changed', []), changes });
    const status = (from: string, to: string): Change => ({
      field: 'status',
      text: `Status: ${from} → ${to}`,
      from,
      to,
    });
    const why = (to: string): Change => ({ field: 'whyStopped', text: `Why it stopped: “${to}”`, to });
    const site = (name: string): Change => ({ field: 'sites', text: `New site: ${name}`, to: name });
    const cases: [string, Change[], Change[], string[]][] = [
      [
        'status twice',
        [status('Recruiting', 'Suspended')],
        [status('Suspended', 'Terminated')],
        ['Status: Recruiting → Terminated'],
      ],
      ['status back', [status('Recruiting', 'Suspended')], [status('Suspended', 'Recruiting')], []],
      ['a new reason replaces the old', [why('Funding')], [why('Funding ended')], ['Why it stopped: “Funding ended”']],
      ['list items add once', [site('A')], [site('A'), site('B')], ['New site: A', 'New site: B']],
      [
        'an item added and removed the same day was no change',
        [site('A'), site('B')],
        [{ field: 'sites', text: 'Site no longer listed: A', from: 'A' }],
        ['New site: B'],
      ],
    ];
    for (const [name, first, second, want] of cases) {
      const merged = mergeChanges(mergeChanges([], [at(first)], now), [at(second)], now);
      expect(merged[0]?.changes.map((c) => c.text) ?? [], name).toEqual(want);
    }
  });
  it('left and back the same day is not new: no entry without changes, else "changed"', () => {
    const day = '2026-12-01';
    const left = entry('NCT00000001', day, 'left', []);
    expect(mergeChanges(mergeChanges([], [left], now), [entry('NCT00000001', day, 'added', [])], now)).toEqual([]);
    const back = mergeChanges(mergeChanges([], [left], now), [entry('NCT00000001', day, 'added', ['a'])], now);
    expect(back.map((e) => [e.kind, e.changes.map((c) => c.text)])).toEqual([['changed', ['a']]]);
  });
  it.each([
    [{ kind: 'added', status: 'Not yet recruiting' }, 'New in this listing (Not yet recruiting)'],
    [{ kind: 'added' }, 'New in this listing'],
    [{ kind: 'changed', status: 'Recruiting' }, 'Changed'],
  ] as const)('a new trial says its status: %j', (e, want) => expect(kindWords(e)).toBe(want));
  it('is bounded by days and by count', () => {
    const old = entry('NCT00000001', '2026-08-01', 'changed', ['x']);
    const many = Array.from({ length: 10 }, (_, i) => entry(`NCT0000001${i}`, '2026-11-30', 'changed', ['y']));
    expect(mergeChanges([old], many, now, { days: 90, max: 5 })).toHaveLength(5);
    expect(mergeChanges([old], [], now, { days: 90, max: 500 })).toEqual([]);
  });
  it('is a well-formed Atom feed with escaped text and stable IDs', () => {
    const m = {
      title: 'Trials & more',
      params: { 'query.cond': 'x' },
      changes: [entry('NCT00000001', '2026-11-30', 'changed', ['Status: A → B'])],
    } as unknown as Manifest;
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => void errors.push(`${level}: ${msg}`) }).parseFromString(
      atomFeed(m, 'changes.md'),
      'text/xml',
    );
    expect(errors).toEqual([]);
    const feed = doc.documentElement;
    expect(feed?.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    const entries = feed?.getElementsByTagName('entry');
    expect(entries?.length).toBe(1);
    const e = entries?.item(0);
    expect(e?.getElementsByTagName('title').item(0)?.textContent).toBe('NCT00000001: Trial <NCT00000001> & co');
    expect(e?.getElementsByTagName('id').item(0)?.textContent).toBe('urn:x:NCT00000001:2026-11-30');
    expect(e?.getElementsByTagName('updated').item(0)?.textContent).toBe('2026-11-30T06:00:00.000Z');
    expect(e?.getElementsByTagName('content').item(0)?.textContent).toBe('Changed\nStatus: A → B');
  });
});
