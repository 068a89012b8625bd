import { parseStudy } from '../ctgov/schema.js';
import { InvalidRecord, type TrialcardError } from '../errors.js';
import { normalize } from '../model/normalize.js';
import type { Trial } from '../model/trial.js';
import { failureKind, type OutcomeLog } from '../outcome.js';
import { type Overlay, staleOverlay } from '../overlays/overlay.js';
import type { Handlers, Hit } from './sources.js';

/** Validate → normalize, the same for every command; unknown enum values go to `warn` prefixed with the ID. */
export function toTrial(
  raw: unknown,
  requestedId: string,
  warn: (message: string) => void,
): { ok: true; trial: Trial } | { ok: false; error: InvalidRecord } {
  const parsed = parseStudy(raw);
  if (!parsed.ok) return { ok: false, error: new InvalidRecord(`${requestedId}: ${parsed.message}`) };
  const id = parsed.study.protocolSection.identificationModule.nctId;
  return { ok: true, trial: normalize(parsed.study, (m) => warn(`${id}: ${m}`)) };
}

export interface Intake {
  log: OutcomeLog;
  warn: (message: string) => void;
  overlays: ReadonlyMap<string, Overlay>;
  /** Where a stale overlay's message goes (default: warn). */
  onStale?: (message: string) => void;
  /**
   * A second copy of a trial: 'input' (the same ID given twice) is warned about and dropped;
   * 'search' (a trial on two pages of a moving result) is dropped quietly.
   */
  duplicates: 'input' | 'search';
  /** The IDs met so far, when the caller keeps them too (a listing): one set, not two of 100,000 IDs. */
  seen?: Set<string>;
  /** What each valid trial is for: a page delivered, a listing page, a graded page. */
  take(trial: Trial, hit: Hit): Promise<void>;
  /** A failed ID was recorded (progress). */
  onFailed?: () => void;
  /** Misses this returns true for are the caller's (a listing's departed trials), not failures. */
  ownMiss?: (id: string, error: TrialcardError) => boolean;
}

/**
 * The one intake every command shares: each raw study is validated and normalized once, gets its
 * stale-overlay warning, and is handed to `take`; an invalid record or a miss is its ID's outcome.
 */
export function trialHandlers(o: Intake): Handlers {
  const seen = o.seen ?? new Set<string>();
  const fail = (id: string, error: TrialcardError) => {
    o.log.record({ id, kind: failureKind(error), error });
    o.onFailed?.();
  };
  return {
    async onStudy(hit) {
      if (o.duplicates === 'input') {
        if (seen.has(hit.requestedId)) {
          o.warn(`${hit.requestedId} appears more than once in the input; the first copy was used`);
          return;
        }
        seen.add(hit.requestedId);
      }
      const r = toTrial(hit.raw, hit.requestedId, o.warn);
      if (!r.ok) return fail(hit.requestedId, r.error);
      if (o.duplicates === 'search') {
        if (seen.has(r.trial.nctId)) return;
        seen.add(r.trial.nctId);
      }
      const stale = staleOverlay(o.overlays, r.trial);
      if (stale) (o.onStale ?? o.warn)(stale);
      await o.take(r.trial, hit);
    },
    onMiss(id, error) {
      if (o.ownMiss?.(id, error)) return;
      if (o.duplicates === 'input' && seen.has(id)) return;
      seen.add(id);
      fail(id, error);
    },
  };
}
