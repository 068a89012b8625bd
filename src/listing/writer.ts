import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files.js';
import { fileHash, Journal } from '../io/listing-store.js';
import type { Trial } from '../model/trial.js';
import type { Overlay } from '../overlays/overlay.js';
import { escapeMarkdownInline, escapeMarkdownLine } from '../render/escape.js';
import { plural } from '../model/text.js';
import type { Renderer } from '../render/engine.js';
import { type Manifest, sha256, type TrialEntry } from './manifest.js';

export type PutResult = 'added' | 'changed' | 'unchanged';

/**
 * Writes a listing's pages so that only what changed touches the disk: a page is rendered and
 * written only when its model, overlay or template changed, or its file is missing or edited.
 */
export class ListingWriter {
  readonly counts = { checked: 0, added: 0, changed: 0, removed: 0, left: 0 };
  /** IDs that left the listing (or were pruned) in this run, for the report. */
  readonly departed: string[] = [];
  private dirty = false;
  private readonly journal: Journal;
  private readonly listedBefore: Set<string>;

  constructor(
    private readonly dir: string,
    readonly manifest: Manifest,
    private readonly renderer: Renderer,
    private readonly renderIndex: (context: object) => string,
    private readonly overlays: Map<string, Overlay>,
    private readonly templateChanged: boolean,
  ) {
    this.journal = new Journal(dir);
    this.listedBefore = new Set(Object.entries(manifest.trials).filter(([, t]) => t.inListing).map(([id]) => id));
  }

  async put(trial: Trial, inListing = true): Promise<PutResult> {
    this.counts.checked += 1;
    const overlay = this.overlays.get(trial.nctId);
    const modelHash = sha256(JSON.stringify([trial, overlay ?? null]));
    const prev = this.manifest.trials[trial.nctId];
    const file = `${trial.nctId}.${this.manifest.output.format}`;
    const path = join(this.dir, file);
    const onDisk = prev ? await fileHash(path) : null;
    const meta = {
      title: overlay?.title ?? trial.briefTitle,
      ...(trial.phases.label ? { phase: trial.phases.label } : {}),
      ...(trial.status ? { status: trial.status.label, statusCode: trial.status.code } : {}),
      ...(trial.sites.summary ? { locations: trial.sites.summary } : {}),
      ...(trial.dates.lastUpdated ? { lastUpdate: trial.dates.lastUpdated.iso } : {}),
    };
    const membership = inListing ? { inListing: true } : { inListing: false, leftOn: prev?.leftOn ?? today() };
    if (prev && prev.modelHash === modelHash && !this.templateChanged && onDisk === prev.fileHash && prev.inListing === inListing) return 'unchanged';
    if (prev && prev.modelHash === modelHash && !this.templateChanged && onDisk === prev.fileHash) {
      // Only membership changed: the page stays, the manifest notes it.
      this.manifest.trials[trial.nctId] = { ...prev, ...membership };
      this.dirty = true;
      return 'unchanged';
    }
    const content = this.renderer.render(trial, { frontMatter: this.manifest.output.frontMatter, ...(overlay ? { overlay } : {}) });
    const entry: TrialEntry = { file, modelHash, fileHash: sha256(content), ...meta, ...membership };
    this.manifest.trials[trial.nctId] = entry;
    this.dirty = true;
    // Same bytes as on disk (a field the page does not show changed): leave the file alone.
    if (onDisk === entry.fileHash) return 'unchanged';
    await this.journal.put(trial.nctId, entry, onDisk);
    await writeFileAtomic(path, content);
    const result = prev ? 'changed' : 'added';
    this.counts[result] += 1;
    return result;
  }

  /** A trial that left the listing: kept and flagged, or removed with --prune. */
  async leave(id: string, prune: boolean): Promise<void> {
    const prev = this.manifest.trials[id];
    if (!prev) return;
    if (prune) {
      const path = join(this.dir, prev.file);
      await this.journal.remove(id, await fileHash(path));
      await rm(path, { force: true });
      delete this.manifest.trials[id];
      this.counts.removed += 1;
      this.departed.push(id);
    } else {
      if (prev.inListing) this.manifest.trials[id] = { ...prev, inListing: false, leftOn: today() };
      if (this.listedBefore.has(id)) {
        this.counts.left += 1;
        this.departed.push(id);
      }
    }
    this.dirty = true;
  }

  /**
   * The index, then the manifest, only when something changed: a run that found nothing new
   * writes nothing (the index keeps the data date of the last change). Returns whether it wrote.
   */
  async finish(extra: Partial<Manifest>): Promise<boolean> {
    if (!this.dirty && !this.templateChanged) return false;
    Object.assign(this.manifest, extra);
    const indexFile = `index.${this.manifest.output.format}`;
    const index = this.renderIndex(indexContext(this.manifest, this.manifest.output.format));
    if ((await readFile(join(this.dir, indexFile), 'utf8').catch(() => null)) !== index) await writeFileAtomic(join(this.dir, indexFile), index);
    await this.journal.commit(this.manifest);
    return true;
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Context of index templates: trials in the listing, then those that left it. */
export function indexContext(m: Manifest, format: 'md' | 'html') {
  const e = format === 'md' ? escapeMarkdownInline : (s: string) => s;
  const rows = Object.entries(m.trials)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([nctId, t]) => ({
      nctId,
      title: e(t.title),
      phase: t.phase,
      status: t.status,
      locations: t.locations ? e(t.locations) : undefined,
      href: t.file,
      inListing: t.inListing,
    }));
  const trials = rows.filter((r) => r.inListing);
  const left = rows.filter((r) => !r.inListing);
  return {
    title: format === 'md' ? escapeMarkdownLine(m.title) : m.title,
    count: trials.length,
    countLabel: `${plural(trials.length, 'trial')} in this listing.`,
    updated: m.dataTimestamp ? m.dataTimestamp.slice(0, 10) : undefined,
    trials,
    left: left.length ? left : undefined,
  };
}
