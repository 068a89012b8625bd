import { sha256 } from '../model/hash.js';
import { z } from 'zod';
import type { Trial } from '../model/trial.js';

// Editorial overlays: one NCT….yaml per trial with the editor's plain words. Strict: an
// unknown key is an error (a typo must not silently drop an editor's text).

const text = z.string().trim().min(1);
export const overlaySchema = z.strictObject({
  title: text.optional(),
  summary: text.optional(),
  good_fit: text.optional(),
  not_a_fit: text.optional(),
  potential_benefit: text.optional(),
  similar_studies: text.optional(),
  reviewed_on: z
    .union([
      z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'),
      z.date().transform((d) => d.toISOString().slice(0, 10)),
    ])
    .optional(),
  reviewed_by: text.optional(),
  /** What the editor saw when reviewing; lets a stale warning say exactly what changed. */
  reviewed_record: z
    .strictObject({
      status: z.string().optional(),
      sites: z.number().int().nonnegative().optional(),
      criteria: z.string().optional(),
    })
    .optional(),
});
export type Overlay = z.infer<typeof overlaySchema>;

/** Short fingerprint of the eligibility text, for reviewed_record.criteria. */
export function criteriaFingerprint(t: Trial): string {
  return sha256(JSON.stringify(t.eligibility.sections)).slice(0, 8);
}

/**
 * A review is stale when the record was updated after it. The message names what changed
 * when the overlay recorded what was reviewed, and what to re-read otherwise.
 */
/** The stale-review message for a trial's overlay, if it has one and it is stale. */
export function staleOverlay(overlays: ReadonlyMap<string, Overlay>, t: Trial): string | undefined {
  const o = overlays.get(t.nctId);
  return o ? staleReview(t, o) : undefined;
}

export function staleReview(t: Trial, o: Overlay): string | undefined {
  const updated = t.dates.lastUpdated?.iso;
  if (!o.reviewed_on || !updated || updated <= o.reviewed_on) return undefined;
  const seen = o.reviewed_record;
  let what: string;
  if (seen) {
    const changes = [
      seen.status !== undefined && seen.status !== t.status?.code
        ? `status ${seen.status} → ${t.status?.code ?? 'none'}`
        : '',
      seen.sites !== undefined && seen.sites !== t.sites.count ? `sites ${seen.sites} → ${t.sites.count}` : '',
      seen.criteria !== undefined && seen.criteria !== criteriaFingerprint(t) ? 'eligibility criteria changed' : '',
    ].filter(Boolean);
    what = changes.length ? changes.join(', ') : 'status, sites and criteria unchanged; other fields may differ';
  } else {
    what =
      `re-read status (now ${t.status?.label ?? 'unknown'}), sites (now ${t.sites.count}) and eligibility ` +
      `criteria`;
  }
  return `${t.nctId}: overlay reviewed ${o.reviewed_on}, record updated ${updated}: ${what}`;
}
