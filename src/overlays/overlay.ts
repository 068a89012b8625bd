import { sha256 } from '../model/hash.js';
import * as z from 'zod/mini';
import '../zod-config.js';
import { isCalendarDate } from '../ctgov/query.js';
import type { Trial } from '../model/trial.js';

// Editorial overlays: one NCT….yaml per trial with the editor's plain words. Strict: an
// unknown key is an error (a typo must not silently drop an editor's text).

const text = z.string().check(z.trim(), z.minLength(1));
export const overlaySchema = z.strictObject({
  title: z.optional(text),
  summary: z.optional(text),
  good_fit: z.optional(text),
  not_a_fit: z.optional(text),
  potential_benefit: z.optional(text),
  similar_studies: z.optional(text),
  reviewed_on: z.optional(
    z.union(
      [
        z.string().check(z.refine(isCalendarDate, 'use YYYY-MM-DD, a day that exists')),
        z.pipe(
          z.date(),
          z.transform((d) => d.toISOString().slice(0, 10)),
        ),
      ],
      // A number or a list: the same fix as a string in the wrong form.
      { error: 'use YYYY-MM-DD' },
    ),
  ),
  reviewed_by: z.optional(text),
  /** What the editor saw when reviewing; lets a stale warning say exactly what changed. */
  reviewed_record: z.optional(
    z.strictObject({
      status: z.optional(z.string()),
      sites: z.optional(z.int().check(z.nonnegative())),
      criteria: z.optional(z.string()),
    }),
  ),
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
