import type { SearchFlags } from '../ctgov/query.js';
import type { Place } from '../page/sites.js';
import type { Change } from './diff.js';

// The listing manifest (DIR/trialcard.json): what was asked, what the registry said, and for
// each trial the hashes that let a refresh rewrite only what changed. Documented in README.

export const MANIFEST = 'trialcard.json';
export const JOURNAL = 'trialcard.journal';
export const LOCK = '.trialcard.lock';
/** Snapshots of each trial for the change log, named by their sha256. */
export const SNAPSHOTS = '.trialcard/snapshots';

export interface TrialEntry {
  file: string;
  lastUpdate?: string;
  /** sha256 of the normalized model plus its overlay. */
  modelHash: string;
  /** sha256 of the page file as written. */
  fileHash: string;
  title: string;
  phase?: string;
  status?: string;
  statusCode?: string;
  /** Phase codes, for the index's grouping ("PHASE1", "PHASE2"). */
  phaseCodes?: string[];
  locations?: string;
  /** An observational study of past records only: nobody joins it, whatever its status says. */
  recordsOnly?: boolean;
  /** With a listing --near: the nearest site that may take people, for the index. */
  nearest?: { distance: number; label: string };
  /** false once the trial no longer matches the query (its page is kept unless --prune). */
  inListing: boolean;
  leftOn?: string;
  /** Left, and the registry no longer had it when asked by ID: its page shows it as last seen. */
  gone?: boolean;
  /**
   * sha256 of the trial's snapshot (what the change log compares the next version with), kept in a pack in
   * `.trialcard/snapshots/` (or, from earlier builds, in `<hash>.json` there): outside the manifest, so it stays
   * small at 100,000 trials.
   */
  snapshotHash?: string;
  /** Where the snapshot is: "<pack>:<offset>:<length>" (absent for a snapshot in a file of its own). */
  snapshotAt?: string;
}

/** One trial's line in the change log: what one refresh found (merged per trial and day). */
export interface ChangeEntry {
  /** Stable per listing, trial and day: the Atom entry ID. */
  id: string;
  nctId: string;
  title: string;
  file: string;
  /** The refresh day, YYYY-MM-DD. */
  date: string;
  /** When it was last written, ISO 8601. */
  updated: string;
  kind: 'changed' | 'added' | 'left' | 'removed';
  changes: Change[];
  /** A trial new in the listing: its status then ("Recruiting"). */
  status?: string;
}

export const CHANGE_LOG_DEFAULTS = { days: 90, max: 500 };

export interface Manifest {
  version: 1;
  title: string;
  query: SearchFlags & { limit?: number };
  params: Record<string, string>;
  output: {
    format: 'md' | 'html';
    frontMatter: boolean;
    templates?: string;
    template?: string;
    overlays?: string;
    near?: Place;
  };
  apiVersion?: string;
  dataTimestamp?: string;
  /** Newest lastUpdatePostDate seen; the next refresh asks from a few days before it. */
  watermark?: string;
  templateVersion: string;
  /** How much change history the listing keeps (default CHANGE_LOG_DEFAULTS). */
  changeLog?: { days: number; max: number };
  /** Newest first. */
  changes?: ChangeEntry[];
  trials: Record<string, TrialEntry>;
}

/**
 * The manifest as `JSON.stringify(m, null, 2)` plus a newline, byte for byte, but in pieces: one per trial,
 * so a 100,000-trial listing is never one 70 MB string (and its buffer) in memory. `trials` stand for `m.trials`.
 */
export function* manifestText(
  m: Manifest,
  trials: Iterable<[string, TrialEntry]> = Object.entries(m.trials),
): Generator<string> {
  const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);
  const keys = Object.entries(m).filter(([, v]) => v !== undefined && typeof v !== 'function');
  yield '{';
  for (const [i, [key, value]] of keys.entries()) {
    yield `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (key !== 'trials') {
      yield indent(JSON.stringify(value, null, 2), '  ');
      continue;
    }
    let j = 0;
    for (const [id, entry] of trials)
      yield `${j++ ? ',' : '{'}\n    ${JSON.stringify(id)}: ${indent(JSON.stringify(entry, null, 2), '    ')}`;
    yield j ? '\n  }' : '{}';
  }
  yield keys.length ? '\n}\n' : '}\n';
}

export const OVERLAP_DAYS = 4;

/** The refresh window starts OVERLAP_DAYS before the watermark, so a late-posted update is not missed. */
export function windowStart(watermark: string, overlapDays = OVERLAP_DAYS): string {
  const d = new Date(`${watermark.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - overlapDays);
  return d.toISOString().slice(0, 10);
}

/** Adds a clause to filter.advanced with AND, keeping the saved query's own clause. */
export function withAdvanced(params: Record<string, string>, clause: string): Record<string, string> {
  const prev = params['filter.advanced'];
  return { ...params, 'filter.advanced': prev ? `(${prev}) AND ${clause}` : clause };
}

export function describeQuery(q: SearchFlags): string {
  const parts = [
    q.cond && `condition: ${q.cond}`,
    q.term && `terms: ${q.term}`,
    q.intervention && `treatment: ${q.intervention}`,
    q.location && `place: ${q.location}`,
    q.sponsor && `sponsor: ${q.sponsor}`,
    q.status?.length && `status: ${q.status.join(', ')}`,
    q.phase?.length && `phase: ${q.phase.join(', ')}`,
    q.updatedSince && `updated since ${q.updatedSince}`,
  ].filter(Boolean);
  return `Clinical trials (${parts.join('; ')})`;
}
