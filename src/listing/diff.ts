import type { CriteriaEntry } from '../criteria/parse.js';
import type { TrialDate } from '../model/dates.js';
import { countryName } from '../model/places.js';
import { formatCount, plural } from '../model/text.js';
import type { Contact, Trial } from '../model/trial.js';

// What changed in a trial between two refreshes, in words an editor can act on. A listing keeps
// a small snapshot of each trial (the fields below, nothing else); the diff of two snapshots is
// pure. Registry text (names, criteria items, titles) is quoted as written.

export interface Snapshot {
  title: string;
  status?: string;
  whyStopped?: string;
  phase?: string;
  enrollment?: string;
  dates: { start?: string; primaryCompletion?: string; completion?: string };
  /**
   * ["Facility, City, State, Country", the site's status label ("" when not given)], in the record's order; a place
   * listed twice keeps its first position and last status. Pairs, not an object: made and written out in half the
   * time for a trial with 1,000 sites (an object of 1,000 keys is a hash table built key by key).
   */
  sites: [string, string][];
  contacts: string[];
  inclusion: string[];
  exclusion: string[];
  groups: string[];
  outcomes: string[];
  hasResults: boolean;
}

export type ChangeField =
  | 'title'
  | 'status'
  | 'whyStopped'
  | 'phase'
  | 'enrollment'
  | 'dates'
  | 'sites'
  | 'contacts'
  | 'criteria'
  | 'groups'
  | 'outcomes'
  | 'results';

/** One change: its field, the words for it, and the old and new values where there are two. */
export interface Change {
  field: ChangeField;
  text: string;
  from?: string;
  to?: string;
}

const dateText = (d: TrialDate | undefined) =>
  d ? `${d.label}${d.kind === 'estimated' ? ' (planned)' : ''}` : undefined;

const contactText = (c: Contact) => [c.name, c.phone, c.email].filter(Boolean).join(', ');

function itemTexts(entries: CriteriaEntry[], out: string[] = []): string[] {
  for (const e of entries) {
    if (e.kind !== 'item') continue;
    out.push(e.text);
    itemTexts(e.children, out);
  }
  return out;
}

/** "Facility, City, State, Country" without the parts not given (built by hand: it runs for every site). */
function placeOf(...parts: (string | undefined)[]): string {
  let place = '';
  for (const p of parts) if (p) place = place ? `${place}, ${p}` : p;
  return place;
}

export function snapshotOf(t: Trial): Snapshot {
  const sites: [string, string][] = [];
  for (const s of t.sites.list) {
    const place = placeOf(s.facility, s.city, s.state, s.country && countryName(s.country));
    if (place) sites.push([place, s.status?.label ?? '']);
  }
  const section = (kind: 'inclusion' | 'exclusion') =>
    t.eligibility.sections.filter((s) => s.kind === kind).flatMap((s) => itemTexts(s.entries));
  const enrollment = t.enrollment
    ? `${plural(t.enrollment.count, 'person', 'people')}${
        t.enrollment.kind === 'actual' ? ' (actual)' : t.enrollment.kind === 'estimated' ? ' (planned)' : ''
      }`
    : undefined;
  const dates: Snapshot['dates'] = {};
  for (const k of ['start', 'primaryCompletion', 'completion'] as const) {
    const d = dateText(t.dates[k]);
    if (d) dates[k] = d;
  }
  return {
    title: t.briefTitle,
    ...(t.status ? { status: t.status.label } : {}),
    ...(t.status?.whyStopped ? { whyStopped: t.status.whyStopped } : {}),
    ...(t.phases.label ? { phase: t.phases.label } : {}),
    ...(enrollment ? { enrollment } : {}),
    dates,
    sites,
    contacts: [...t.contacts, ...t.sites.list.flatMap((s) => s.contacts)].map(contactText).filter(Boolean),
    inclusion: section('inclusion'),
    exclusion: section('exclusion'),
    groups: t.arms.map((a) => a.label),
    outcomes: t.outcomes.primary.map((o) => o.measure),
    hasResults: t.hasResults,
  };
}

/** ", all to completed" when every site changed to the same status. */
function statusTo(statuses: (string | undefined)[]): string {
  const [first] = statuses;
  return first && statuses.every((s) => s === first) ? `, all to ${first.toLowerCase()}` : '';
}

// "Main results date", not "expected": the date may be the actual one.
const DATE_NAMES = { start: 'Start date', primaryCompletion: 'Main results date', completion: 'End date' } as const;
const quote = (s: string) => `“${s}”`;

function listChange(
  field: ChangeField,
  before: string[],
  after: string[],
  words: { added: string; removed: string; many: (added: number, removed: number) => string },
  show = 3,
): Change[] {
  const was = new Set(before);
  const now = new Set(after);
  const added = after.filter((x) => !was.has(x));
  const removed = before.filter((x) => !now.has(x));
  if (added.length + removed.length === 0) return [];
  if (added.length + removed.length > show) return [{ field, text: words.many(added.length, removed.length) }];
  return [
    ...added.map((x) => ({ field, text: `${words.added}: ${quote(x)}`, to: x })),
    ...removed.map((x) => ({ field, text: `${words.removed}: ${quote(x)}`, from: x })),
  ];
}

type ListKey = 'inclusion' | 'exclusion' | 'groups' | 'outcomes' | 'contacts';
/** The list fields of a snapshot, in the order they are told, with their words. */
const LIST_RULES: { key: ListKey; field: ChangeField; added: string; removed: string; counted: string }[] = [
  {
    key: 'inclusion',
    field: 'criteria',
    added: 'New rule for who can join',
    removed: 'Rule for who can join removed',
    counted: 'Rules for who can join',
  },
  {
    key: 'exclusion',
    field: 'criteria',
    added: 'New rule for who cannot join',
    removed: 'Rule for who cannot join removed',
    counted: 'Rules for who cannot join',
  },
  { key: 'groups', field: 'groups', added: 'New study group', removed: 'Study group removed', counted: 'Study groups' },
  {
    key: 'outcomes',
    field: 'outcomes',
    added: 'New main result to measure',
    removed: 'Main result no longer measured',
    counted: 'Main results measured',
  },
  { key: 'contacts', field: 'contacts', added: 'New contact', removed: 'Contact removed', counted: 'Contacts' },
];

const counted = (added: number, removed: number, noun: string) =>
  [added ? `${formatCount(added)} added` : '', removed ? `${formatCount(removed)} removed` : '']
    .filter(Boolean)
    .join(', ')
    .replace(/^/, `${noun}: `);

/** "Status: Recruiting → Completed": one field with one value, from its old to its new value. */
export const changeText = (name: string, from: string | undefined, to: string | undefined) =>
  `${name}: ${from || 'not given'} → ${to || 'not given'}`;

/** The changes from `a` to `b`, in a fixed order (status first: it matters most to a reader). */
export function diffSnapshots(a: Snapshot, b: Snapshot): Change[] {
  const out: Change[] = [];
  const pair = (field: ChangeField, name: string, from: string | undefined, to: string | undefined) => {
    if (from === to) return;
    out.push({
      field,
      text: changeText(name, from, to),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
  };
  pair('status', 'Status', a.status, b.status);
  if (a.whyStopped !== b.whyStopped && b.whyStopped)
    out.push({ field: 'whyStopped', text: `Why it stopped: ${quote(b.whyStopped)}`, to: b.whyStopped });
  if (!a.hasResults && b.hasResults)
    out.push({ field: 'results', text: 'Results were posted on ClinicalTrials.gov', to: 'posted' });
  pair('title', 'Title', a.title, b.title);
  pair('phase', 'Phase', a.phase, b.phase);
  pair('enrollment', 'Number of people', a.enrollment, b.enrollment);
  for (const k of ['start', 'primaryCompletion', 'completion'] as const)
    pair('dates', DATE_NAMES[k], a.dates[k], b.dates[k]);
  const was = new Map(a.sites);
  const now = new Map(b.sites);
  const newSites = [...now.keys()].filter((s) => !was.has(s));
  const goneSites = [...was.keys()].filter((s) => !now.has(s));
  const restatus = [...now.keys()].filter((s) => was.has(s) && was.get(s) !== now.get(s));
  const siteText = (s: string, status: string | undefined) => `${s}${status ? ` (${status.toLowerCase()})` : ''}`;
  if (newSites.length + goneSites.length + restatus.length > 6) {
    const parts = [
      newSites.length ? `${plural(newSites.length, 'new site')}` : '',
      goneSites.length ? `${plural(goneSites.length, 'site')} removed` : '',
      restatus.length
        ? `${plural(restatus.length, 'site')} changed status${statusTo(restatus.map((s) => now.get(s)))}`
        : '',
    ].filter(Boolean);
    out.push({ field: 'sites', text: `Sites: ${parts.join(', ')}` });
  } else {
    for (const s of newSites) out.push({ field: 'sites', text: `New site: ${siteText(s, now.get(s))}`, to: s });
    for (const s of goneSites) out.push({ field: 'sites', text: `Site no longer listed: ${s}`, from: s });
    for (const s of restatus)
      out.push({
        field: 'sites',
        text: changeText(`Site status: ${s}`, was.get(s), now.get(s)),
        from: was.get(s) ?? '',
        to: now.get(s) ?? '',
      });
  }
  for (const r of LIST_RULES)
    out.push(...listChange(r.field, a[r.key], b[r.key], { ...r, many: (x, y) => counted(x, y, r.counted) }));
  return out;
}
