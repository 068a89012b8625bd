import { toTrialDate } from '../model/dates.js';
import { sha256 } from '../model/hash.js';
import { type Change, changeText } from './diff.js';
import { CHANGE_LOG_DEFAULTS, type ChangeEntry, type Manifest } from './manifest.js';
import { groupBy } from '../model/group.js';

// The listing's change log: entries newest first, one per trial and refresh day (a second
// refresh that day adds to it), kept for a bounded time and number. Pure.

/** Stable per listing (its saved query), trial and day. */
export function entryId(m: Pick<Manifest, 'params'>, nctId: string, date: string): string {
  const listing = sha256(JSON.stringify(Object.entries(m.params).sort())).slice(0, 12);
  return `urn:trialcard:${listing}:${nctId}:${date}`;
}

/** `added` entries folded into `log`: same ID → one entry (its changes joined), then the bounds. */
export function mergeChanges(
  log: readonly ChangeEntry[],
  added: readonly ChangeEntry[],
  now: Date,
  limits = CHANGE_LOG_DEFAULTS,
): ChangeEntry[] {
  const byId = new Map(log.map((e) => [e.id, e]));
  for (const e of added) {
    const old = byId.get(e.id);
    if (!old) {
      byId.set(e.id, e);
      continue;
    }
    const changes = foldChanges(old.changes, e.changes);
    // Left and back the same day: it was in the listing when the day began and is again, so it is not new.
    if (old.kind === 'left' && e.kind === 'added') {
      if (changes.length === 0) byId.delete(e.id);
      else byId.set(e.id, { ...e, kind: 'changed', changes });
      continue;
    }
    // Added and then changed the same day is still "added".
    byId.set(e.id, { ...e, kind: old.kind === 'added' && e.kind === 'changed' ? 'added' : e.kind, changes });
  }
  const oldest = new Date(now.getTime() - limits.days * 86_400_000).toISOString().slice(0, 10);
  return [...byId.values()]
    .filter((e) => e.date >= oldest)
    .sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.nctId < b.nctId ? -1 : 1))
    .slice(0, limits.max);
}

/** A field with one value ("Status", "Start date", one site's status): later news of it replaces earlier news. */
function slotOf(c: Change): string | undefined {
  if (c.field === 'whyStopped') return c.field;
  // Its text is changeText(name, from, to): the name is what is left when the tail is taken off.
  const tail = changeText('', c.from, c.to);
  return c.text.endsWith(tail) ? c.text.slice(0, -tail.length) : undefined;
}

/**
 * A second refresh on the same day: a one-value field keeps its first "from" and takes the newest "to" (and is
 * dropped when it went back), the newest reason to stop replaces the earlier one, list items are added once, and an
 * item added and removed the same day cancels out.
 */
function foldChanges(old: readonly Change[], next: readonly Change[]): Change[] {
  const out = [...old];
  for (const c of next) {
    const slot = slotOf(c);
    const at = slot === undefined ? -1 : out.findIndex((o) => slotOf(o) === slot);
    const prev = out[at];
    if (slot === undefined || !prev) {
      // A list item added and then removed the same day (or the other way round) was no change at all.
      const undone = out.findIndex(
        (o) =>
          o.field === c.field &&
          ((c.from !== undefined && o.to === c.from && o.from === undefined) ||
            (c.to !== undefined && o.from === c.to && o.to === undefined)),
      );
      if (slot === undefined && c.from !== c.to && (c.from === undefined || c.to === undefined) && undone !== -1) {
        out.splice(undone, 1);
        continue;
      }
      if (!out.some((o) => o.text === c.text)) out.push(c);
      continue;
    }
    if (c.field === 'whyStopped') {
      out[at] = c;
      continue;
    }
    const from = prev.from;
    const to = c.to;
    if ((from || undefined) === (to || undefined)) out.splice(at, 1);
    else
      out[at] = {
        field: c.field,
        text: changeText(slot, from, to),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      };
  }
  return out;
}

/** How each kind of entry reads, on the changes page, in the feed and in a dry run. */
export const KIND_WORDS: Record<ChangeEntry['kind'], string> = {
  changed: 'Changed',
  added: 'New in this listing',
  left: 'No longer matches this listing’s search (page kept)',
  removed: 'Removed from this listing',
};

/** "New in this listing (Recruiting)": a new trial's entry says whether it takes people. */
export const kindWords = (e: Pick<ChangeEntry, 'kind' | 'status'>) =>
  e.kind === 'added' && e.status ? `${KIND_WORDS.added} (${e.status})` : KIND_WORDS[e.kind];

/** Context of the changes page templates: days, newest first, each with its trials. */
export function changesContext(m: Manifest, esc: (s: string) => string) {
  const days = groupBy(m.changes ?? [], (e) => e.date);
  return {
    title: esc(m.title),
    empty: (m.changes ?? []).length === 0,
    days: [...days.entries()].map(([date, entries]) => ({
      date: toTrialDate({ date })?.label ?? date,
      entries: entries.map((e) => ({
        nctId: e.nctId,
        title: esc(e.title),
        href: e.kind === 'removed' ? undefined : e.file,
        kind: kindWords(e),
        changes: e.changes.map((c) => esc(c.text)),
      })),
    })),
  };
}

// Control characters, which XML 1.0 cannot carry, never reach here: validation strips them from
// every registry string (ctgov/schema.ts).
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An Atom 1.0 feed (RFC 4287) of the change log. Links are relative to the feed's own place,
 * so the listing folder can be published anywhere.
 */
export function atomFeed(m: Manifest, changesFile: string): string {
  const entries = m.changes ?? [];
  const feedId = `urn:trialcard:${sha256(JSON.stringify(Object.entries(m.params).sort())).slice(0, 12)}`;
  const updated = entries[0]?.updated ?? m.dataTimestamp ?? '1970-01-01T00:00:00Z';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(`${m.title}: changes`)}</title>`,
    `  <id>${feedId}</id>`,
    `  <updated>${xml(isoUtc(updated))}</updated>`,
    `  <link rel="alternate" href="${xml(changesFile)}"/>`,
    '  <author><name>trialcard</name></author>',
    '  <generator>trialcard</generator>',
  ];
  for (const e of entries) {
    const summary = [kindWords(e), ...e.changes.map((c) => c.text)].join('\n');
    lines.push(
      '  <entry>',
      `    <title>${xml(`${e.nctId}: ${e.title}`)}</title>`,
      `    <id>${xml(e.id)}</id>`,
      `    <updated>${xml(isoUtc(e.updated))}</updated>`,
      ...(e.kind === 'removed' ? [] : [`    <link rel="alternate" href="${xml(e.file)}"/>`]),
      `    <content type="text">${xml(summary)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** Atom dates need a time zone: a registry timestamp without one is UTC. */
function isoUtc(s: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T00:00:00Z`;
  return /(?:Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`;
}
