import type { ListingStore } from './store.js';
import { renderFailure } from '../errors.js';
import type { Trial } from '../model/trial.js';
import type { Overlay } from '../overlays/overlay.js';
import { escapeMarkdownInline, escapeMarkdownLine } from '../render/escape.js';
import { formatCount, plural } from '../model/text.js';
import { distanceLabel, nearestOpenDistance } from '../page/sites.js';
import { looksBack, type Situation, situationOf } from '../page/situation.js';
import type { Renderer } from '../render/engine.js';
import { sha256 } from '../model/hash.js';
import { atomFeed, entryId, mergeChanges } from './change-log.js';
import { type Change, diffSnapshots, snapshotOf } from './diff.js';
import type { ChangeEntry, Manifest, TrialEntry } from './manifest.js';
import { groupBy } from '../model/group.js';
import { markGone } from './gone-page.js';
import { lazyList } from '../render/in-parts.js';
import { snapshotPlace } from './schema.js';
import { TrialTable } from './trial-table.js';

/** The pack a snapshot is in ('' for a place not in the pack form, which names none). */
const packOf = (at: string) => snapshotPlace(at)?.pack ?? '';

export type PutResult = {
  result: 'added' | 'changed' | 'unchanged';
  change?: ChangeEntry;
  /**
   * The trial's writes, still in flight, in the order a killed run needs: its snapshot, then its journal line, then
   * its page; rejects with a LocalFailure.
   */
  written?: Promise<void>;
};

export interface WriterOptions {
  store: ListingStore;
  manifest: Manifest;
  renderer: Renderer;
  renderIndex: (context: object) => Iterable<string>;
  /** The change log page (changes.md / changes.html). */
  renderChanges: (m: Manifest) => string;
  overlays: Map<string, Overlay>;
  /** Every page is rewritten when a template changed. */
  templateChanged: boolean;
  clock: () => Date;
  /** Whether this run adds to the change log (not when the listing is first made). */
  logChanges: boolean;
}

/**
 * Writes a listing's pages so that only what changed touches the disk: a page is rendered and
 * written only when its model, overlay or template changed, or its file is missing or edited.
 */
export class ListingWriter {
  readonly counts = { checked: 0, added: 0, changed: 0, removed: 0, left: 0 };
  /** IDs that left the listing (or were pruned) in this run, for the report. */
  readonly departed: string[] = [];
  private dirty = false;
  private readonly listedBefore: Set<string>;

  readonly manifest: Manifest;
  /** The listing's trials: the manifest's `trials` move here for the run, and back at commit. */
  readonly trials: TrialTable;
  private readonly store: ListingStore;
  private readonly renderer: Renderer;
  private readonly renderIndex: (context: object) => Iterable<string>;
  private readonly renderChanges: (m: Manifest) => string;
  private readonly overlays: Map<string, Overlay>;
  private readonly templateChanged: boolean;
  private readonly today: () => string;
  private readonly clock: () => Date;
  private readonly logChanges: boolean;
  /** This run's change log entries, folded into the manifest's log by finish(). */
  readonly logged: ChangeEntry[] = [];

  constructor(o: WriterOptions) {
    this.store = o.store;
    this.renderer = o.renderer;
    this.renderIndex = o.renderIndex;
    this.renderChanges = o.renderChanges;
    this.overlays = o.overlays;
    this.templateChanged = o.templateChanged;
    this.clock = o.clock;
    this.logChanges = o.logChanges;
    this.today = () => o.clock().toISOString().slice(0, 10);
    this.listedBefore = new Set(
      Object.entries(o.manifest.trials)
        .filter(([, t]) => t.inListing)
        .map(([id]) => id),
    );
    this.trials = new TrialTable(o.manifest.trials, o.store.spill());
    // The table holds the trials now (the caller's manifest keeps those it had before the run).
    this.manifest = { ...o.manifest, trials: {} };
  }

  /** The page file of a trial, inside the listing. */
  fileOf(nctId: string): string {
    return `${nctId}.${this.manifest.output.format}`;
  }

  /** A change log entry of this run for a trial (undefined when the log is not kept in this run). */
  /** `status`: for a trial new in the listing, so its entry says whether it takes people. */
  private logEntry(nctId: string, title: string, kind: ChangeEntry['kind'], changes: Change[], status?: string) {
    if (!this.logChanges) return undefined;
    const date = this.today();
    const entry: ChangeEntry = {
      id: entryId(this.manifest, nctId, date),
      nctId,
      title,
      file: this.fileOf(nctId),
      date,
      updated: this.clock().toISOString(),
      kind,
      changes,
      ...(status ? { status } : {}),
    };
    this.logged.push(entry);
    return entry;
  }

  /**
   * Throws a LocalFailure when the page cannot be rendered; its writes fail through `written`.
   * `recordDigest`: the sha256 of the record the trial was made from. Within one templateVersion (which names
   * trialcard's version) the same record makes the same model, and hashing its bytes costs a fifth of writing out
   * the model to hash it; without one, the model is hashed.
   */
  async put(trial: Trial, inListing = true, recordDigest?: string): Promise<PutResult> {
    this.counts.checked += 1;
    const overlay = this.overlays.get(trial.nctId);
    const modelHash = recordDigest
      ? sha256([recordDigest, JSON.stringify(overlay ?? null)])
      : sha256(JSON.stringify([trial, overlay ?? null]));
    const prev = this.trials.get(trial.nctId);
    const file = this.fileOf(trial.nctId);
    const onDisk = prev ? await this.store.hash(file) : null;
    const title = overlay?.title ?? trial.briefTitle;
    const near = this.manifest.output.near;
    const d = near ? nearestOpenDistance(trial, near) : undefined;
    const meta = {
      title,
      ...(trial.phases.label ? { phase: trial.phases.label, phaseCodes: trial.phases.codes } : {}),
      ...(near && d !== undefined
        ? { nearest: { distance: Math.round(d * 10) / 10, label: distanceLabel(d, near.unit) } }
        : {}),
      ...(trial.status ? { status: trial.status.label, statusCode: trial.status.code } : {}),
      ...(trial.sites.summary ? { locations: trial.sites.summary } : {}),
      ...(looksBack(trial) ? { recordsOnly: true } : {}),
      ...(trial.dates.lastUpdated ? { lastUpdate: trial.dates.lastUpdated.iso } : {}),
    };
    const membership = inListing ? { inListing: true } : { inListing: false, leftOn: prev?.leftOn ?? this.today() };
    const back = prev !== undefined && !prev.inListing && inListing;
    if (
      prev &&
      prev.modelHash === modelHash &&
      !this.templateChanged &&
      onDisk === prev.fileHash &&
      prev.inListing === inListing &&
      prev.snapshotHash &&
      !prev.gone
    )
      return { result: 'unchanged' };
    const snapshot = snapshotOf(trial);
    const snapshotJson = JSON.stringify(snapshot);
    const snapshotHash = sha256(snapshotJson);
    // Written before anything names it, in a synchronous call (the next trial renders while the other writes are in
    // flight), and beside the old one: a killed run never loses it. The trial's own unchanged snapshot stays where
    // it is.
    const snapshotAt =
      snapshotHash === prev?.snapshotHash ? prev.snapshotAt : this.store.writeSnapshot(snapshotHash, snapshotJson);
    const named = { snapshotHash, ...(snapshotAt ? { snapshotAt } : {}) };
    // Back in the search after leaving it: added again, and said so in the change log.
    if (back) this.counts.added += 1;
    // A page marked as gone is rendered again once the registry has the trial again.
    if (prev && prev.modelHash === modelHash && !this.templateChanged && onDisk === prev.fileHash && !prev.gone) {
      // Only membership changed (or the snapshot is new): the page stays, the manifest notes it.
      // Found again: not gone. `membership` gives back leftOn to a trial still out of the search.
      const { leftOn: _left, gone: _gone, snapshotAt: _at, ...kept } = prev;
      this.trials.set(trial.nctId, { ...kept, ...membership, ...named });
      this.dirty = true;
      const change = back ? this.logEntry(trial.nctId, title, 'added', [], trial.status?.label) : undefined;
      return { result: 'unchanged', ...(change ? { change } : {}) };
    }
    const before =
      prev?.snapshotHash && prev.modelHash !== modelHash
        ? await this.store.readSnapshot(prev.snapshotHash, prev.snapshotAt)
        : undefined;
    const changes = before ? diffSnapshots(before, snapshot) : [];
    let content: string;
    try {
      content = this.renderer.render(trial, {
        frontMatter: this.manifest.output.frontMatter,
        ...(overlay ? { overlay } : {}),
        ...(near ? { near } : {}),
      });
    } catch (err) {
      throw renderFailure(trial.nctId, err);
    }
    const entry: TrialEntry = { file, modelHash, fileHash: sha256(content), ...meta, ...membership, ...named };
    this.trials.set(trial.nctId, entry);
    this.dirty = true;
    const change =
      !prev || back
        ? this.logEntry(trial.nctId, title, 'added', changes, trial.status?.label)
        : changes.length
          ? this.logEntry(trial.nctId, title, 'changed', changes)
          : undefined;
    // Same bytes as on disk (a field the page does not show changed): leave the file alone.
    if (onDisk === entry.fileHash) return { result: 'unchanged', ...(change ? { change } : {}) };
    // The caller awaits the writes (several trials' are in flight while the next pages render).
    const written = this.store
      .journalPut(trial.nctId, entry, onDisk, change)
      .then(() => this.store.write(file, content));
    written.catch(() => {});
    const result = prev && !back ? 'changed' : 'added';
    if (!back) this.counts[result] += 1; // a trial back in the search is counted as added above
    return { result, ...(change ? { change } : {}), written };
  }

  /**
   * A trial whose writes failed: its entry keeps no page hash, so the next run renders and writes it again (and a
   * refresh asks the registry for it), as for a page found changed on disk.
   */
  unwritten(id: string): void {
    const entry = this.trials.get(id);
    if (entry) this.trials.set(id, { ...entry, fileHash: '' });
  }

  /** A trial that left the listing: kept and flagged, or removed with --prune. */
  async leave(id: string, prune: boolean, gone = false): Promise<void> {
    const prev = this.trials.get(id);
    if (!prev) return;
    if (prune) {
      await this.store.journalRemove(id, await this.store.hash(prev.file));
      await this.store.remove(prev.file);
      this.trials.delete(id);
      this.counts.removed += 1;
      this.departed.push(id);
      this.logEntry(id, prev.title, 'removed', []);
    } else {
      const left = prev.inListing ? { ...prev, inListing: false, leftOn: this.today() } : prev;
      // Marked once (a page already marked is left as it is, and so is one flagged before pages were marked).
      this.trials.set(id, gone ? await this.markPage(id, { ...left, gone: true }) : left);
      if (this.listedBefore.has(id)) {
        this.counts.left += 1;
        this.departed.push(id);
        // Its page could not be brought up to date: said, so no reader takes an old "recruiting" as news.
        const note = {
          field: 'status' as const,
          text: 'No longer on ClinicalTrials.gov: its page shows it as last seen',
        };
        this.logEntry(id, prev.title, 'left', gone ? [note] : []);
      }
    }
    this.dirty = true;
  }

  /** The page of a trial the registry dropped says so, in the page as written (its model is gone). */
  private async markPage(id: string, entry: TrialEntry): Promise<TrialEntry> {
    const text = await this.store.read(entry.file);
    if (text === null) return entry;
    const marked = markGone(text, this.manifest.output.format, this.today());
    if (marked === text) return entry;
    const next = { ...entry, fileHash: sha256(marked) };
    await this.store.journalPut(id, next, sha256(text));
    await this.store.write(entry.file, marked);
    return next;
  }

  /**
   * The index, then the manifest, only when something changed: a run that found nothing new
   * writes nothing (the index keeps the data date of the last change). Returns whether it wrote.
   */
  async finish(extra: Partial<Manifest>): Promise<boolean> {
    if (!this.dirty && !this.templateChanged) return false;
    Object.assign(this.manifest, extra);
    await this.emptyPacks();
    const log = mergeChanges(this.manifest.changes ?? [], this.logged, this.clock(), this.manifest.changeLog);
    if (log.length || this.manifest.changes) this.manifest.changes = log;
    // Every page rename so far becomes durable before the manifest says it happened.
    await this.store.sync();
    const format = this.manifest.output.format;
    const changesFile = `changes.${format}`;
    // Each file is rewritten only when its bytes change. The index is rendered in parts, twice if it changed
    // (to compare, then to write), so that it is never whole in memory.
    const index = `index.${format}`;
    const context = indexContext(this.manifest, this.trials, format);
    if ((await this.store.hash(index)) !== sha256(this.renderIndex(context)))
      await this.store.write(index, this.renderIndex(context));
    const files: [string, string][] = [
      [changesFile, this.renderChanges(this.manifest)],
      ['feed.xml', atomFeed(this.manifest, changesFile)],
    ];
    for (const [file, text] of files) if ((await this.store.read(file)) !== text) await this.store.write(file, text);
    await this.store.sync();
    await this.store.commit(this.manifest, this.trials.entries());
    const named = new Set<string>();
    for (const [, t] of this.trials.entries())
      if (t.snapshotAt) named.add(packOf(t.snapshotAt));
      else if (t.snapshotHash) named.add(t.snapshotHash);
    await this.store.pruneSnapshots(named);
    return true;
  }

  /**
   * Snapshots still named move out of packs that mostly hold snapshots no trial names any more, so those packs can
   * go after the commit. A run killed before it leaves the old packs named and the copies unnamed (removed later).
   */
  private async emptyPacks(): Promise<void> {
    const live = new Map<string, number>();
    for (const [, t] of this.trials.entries()) {
      const p = t.snapshotAt ? snapshotPlace(t.snapshotAt) : undefined;
      if (p) live.set(p.pack, (live.get(p.pack) ?? 0) + p.length + 1); // +1: its line's end
    }
    const emptied = await this.store.packsToEmpty(live);
    if (emptied.size === 0) return;
    for (const [id, t] of this.trials.entries()) {
      if (!t.snapshotAt || !t.snapshotHash || !emptied.has(packOf(t.snapshotAt))) continue;
      let at: string | undefined;
      try {
        at = await this.store.moveSnapshot(t.snapshotHash, t.snapshotAt);
      } catch {
        continue; // not read or copied just now: the entry still names the old pack, so it is kept
      }
      // One that is lost (cut short, not what its hash says) is dropped: the trial's next change has no diff.
      const { snapshotAt: _at, snapshotHash: _hash, ...rest } = t;
      this.trials.set(id, at ? { ...t, snapshotAt: at } : rest);
    }
  }
}

// The index groups trials by what a reader can do (open first), then by phase; with --near,
// each group lists the nearest first.
// An open study of past records takes records, not people: it has a group of its own.
type Group = Situation | 'records';
const SITUATION_GROUPS: { situation: Group; title: string }[] = [
  { situation: 'open', title: 'Taking people now or soon' },
  { situation: 'records', title: 'Using past health records: there may be nothing to join' },
  { situation: 'unknown', title: 'Status not confirmed' },
  { situation: 'closed', title: 'Not taking new people now' },
  { situation: 'ended', title: 'Ended' },
];
const PHASE_ORDER = ['EARLY_PHASE1', 'PHASE1', 'PHASE2', 'PHASE3', 'PHASE4', 'NA'];
/** By the earliest phase, then a single phase before a combined one: Phase 1, Phase 1/2, Phase 2, Phase 2/3. */
const phaseRank = (codes: string[] | undefined) => {
  const ranks = (codes ?? []).map((c) => PHASE_ORDER.indexOf(c)).filter((r) => r >= 0);
  return ranks.length ? Math.min(...ranks) * 10 + ranks.length : PHASE_ORDER.length * 10;
};

function groupOf(t: TrialEntry): Group {
  const s = situationOf({ ...(t.statusCode ? { status: { code: t.statusCode, label: '', known: true } } : {}) });
  return s === 'open' && t.recordsOnly ? 'records' : s;
}

/**
 * Context of index templates: trials in the listing grouped (and flat), then those that left it. Each list of
 * trials is a LazyList: its rows are made from the table as the index is written, so a listing of 100,000 trials
 * holds only their IDs and sort keys here.
 */
export function indexContext(m: Manifest, table: TrialTable, format: 'md' | 'html') {
  const e = format === 'md' ? escapeMarkdownInline : (s: string) => s;
  // One string per phase label, not one per trial.
  const labels = new Map<string, string>();
  const label = (phase: string) => labels.get(phase) ?? (labels.set(phase, phase), phase);
  // One entry at a time from the table: only the sort keys of each trial are kept.
  const keys: {
    nctId: string;
    inListing: boolean;
    situation: Group;
    phase?: string;
    rank: number;
    distance?: number;
  }[] = [];
  for (const [nctId, t] of table.entries()) {
    keys.push({
      nctId,
      inListing: t.inListing,
      situation: groupOf(t),
      ...(t.phase !== undefined ? { phase: label(e(t.phase)) } : {}),
      rank: phaseRank(t.phaseCodes),
      ...(t.nearest ? { distance: t.nearest.distance } : {}),
    });
  }
  keys.sort((a, b) => (a.nctId < b.nctId ? -1 : a.nctId > b.nctId ? 1 : 0)); // NCT IDs: code-unit order is theirs
  const row = (nctId: string) => {
    const t = table.get(nctId) as TrialEntry;
    return {
      nctId,
      title: e(t.title),
      // Labels, escaped all the same: a manifest written before unknown codes were read as words may hold markup.
      phase: t.phase === undefined ? undefined : e(t.phase),
      phaseCodes: t.phaseCodes,
      status: t.status === undefined ? undefined : e(t.status),
      situation: groupOf(t),
      locations: t.locations ? e(t.locations) : undefined,
      nearest: t.nearest?.label,
      distance: t.nearest?.distance,
      href: t.file,
      inListing: t.inListing,
      ...(t.gone ? { gone: true } : {}),
    };
  };
  const rows = (list: typeof keys) =>
    lazyList(
      list.map((k) => k.nctId),
      row,
    );
  const trials = keys.filter((k) => k.inListing);
  const left = keys.filter((k) => !k.inListing);
  const byDistance = (a: (typeof keys)[number], b: (typeof keys)[number]) =>
    (a.distance ?? Infinity) - (b.distance ?? Infinity);
  const groups = SITUATION_GROUPS.map(({ situation, title }) => {
    const members = trials.filter((k) => k.situation === situation);
    const byPhase = groupBy(
      [...members].sort((a, b) => a.rank - b.rank),
      (k) => k.phase ?? 'No phase (observational and other studies)',
    );
    return {
      title: `${title} (${plural(members.length, 'trial')})`,
      phases: [...byPhase.entries()].map(([phase, list]) => ({
        title: `${phase} (${formatCount(list.length)})`,
        trials: rows(m.output.near ? [...list].sort(byDistance) : list),
      })),
    };
  }).filter((g) => g.phases.length > 0);
  return {
    title: format === 'md' ? escapeMarkdownLine(m.title) : m.title,
    count: trials.length,
    countLabel: `${plural(trials.length, 'trial')} in this listing.`,
    updated: m.dataTimestamp ? m.dataTimestamp.slice(0, 10) : undefined,
    near: m.output.near?.label,
    changesHref: `changes.${format}`,
    groups,
    trials: rows(trials),
    left: left.length ? rows(left) : undefined,
  };
}
