import { isAbsolute } from 'node:path';
import * as z from 'zod/mini';
import { issueMessage } from '../zod-config.js';
import type { Manifest } from './manifest.js';

// What a listing's files may say. A manifest or journal is input like any other: a tampered
// file must not name a page outside the listing or a template anywhere on the disk.

const pageFile = z
  .string()
  .check(z.regex(/^NCT\d{8}\.(md|html)$/, 'a page file is NCT00000000.md or .html, inside the listing'));
// The message follows the field's path ("output.template: must be an absolute path …").
const absolute = (ending?: RegExp) =>
  z
    .string()
    .check(
      z.refine(
        (p) => isAbsolute(p) && !p.includes('\0') && (!ending || ending.test(p)),
        'must be an absolute ' +
          `path${ending ? ` ending in ${ending.source.replace(/\\/g, '').replace(/\$$/, '')}` : ''}`,
      ),
    );

/** A pack of snapshots in .trialcard/snapshots, made by one run (io/snapshot-packs.ts). */
export const PACK_NAME = /^[0-9a-z]{1,12}-[0-9a-f]{12}\.pack$/;
/** Where a snapshot is: "<pack>:<offset>:<length>", in bytes. A tampered entry names no file outside the folder. */
export const SNAPSHOT_AT = /^([0-9a-z]{1,12}-[0-9a-f]{12}\.pack):(\d{1,15}):(\d{1,9})$/;

/** A snapshot's place read back: its pack, offset and length (undefined for one not in that form). */
export function snapshotPlace(at: string): { pack: string; offset: number; length: number } | undefined {
  const m = SNAPSHOT_AT.exec(at);
  return m ? { pack: m[1] as string, offset: Number(m[2]), length: Number(m[3]) } : undefined;
}

/** A snapshot (in a pack, or in a file of its own from earlier builds), read back for the next diff. */
export const snapshotSchema = z.object({
  title: z.string(),
  status: z.optional(z.string()),
  whyStopped: z.optional(z.string()),
  phase: z.optional(z.string()),
  enrollment: z.optional(z.string()),
  dates: z.object({
    start: z.optional(z.string()),
    primaryCompletion: z.optional(z.string()),
    completion: z.optional(z.string()),
  }),
  // Pairs; an object ({place: status}) in snapshots written by earlier builds, still read.
  sites: z.union([z.array(z.tuple([z.string(), z.string()])), z.record(z.string(), z.string())]),
  contacts: z.array(z.string()),
  inclusion: z.array(z.string()),
  exclusion: z.array(z.string()),
  groups: z.array(z.string()),
  outcomes: z.array(z.string()),
  hasResults: z.boolean(),
});

const change = z.object({
  field: z.enum([
    'title',
    'status',
    'whyStopped',
    'phase',
    'enrollment',
    'dates',
    'sites',
    'contacts',
    'criteria',
    'groups',
    'outcomes',
    'results',
  ]),
  text: z.string(),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
});

const changeEntry = z.object({
  id: z.string(),
  nctId: z.string().check(z.regex(/^NCT\d{8}$/)),
  title: z.string(),
  file: pageFile,
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  updated: z.string(),
  kind: z.enum(['changed', 'added', 'left', 'removed']),
  changes: z.array(change),
  status: z.optional(z.string()),
});

const trialEntry = z.object({
  file: pageFile,
  lastUpdate: z.optional(z.string()),
  modelHash: z.string(),
  fileHash: z.string(),
  title: z.string(),
  phase: z.optional(z.string()),
  status: z.optional(z.string()),
  statusCode: z.optional(z.string()),
  phaseCodes: z.optional(z.array(z.string())),
  locations: z.optional(z.string()),
  recordsOnly: z.optional(z.boolean()),
  nearest: z.optional(z.object({ distance: z.number(), label: z.string() })),
  inListing: z.boolean(),
  leftOn: z.optional(z.string()),
  gone: z.optional(z.boolean()),
  snapshotHash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  snapshotAt: z.optional(z.string().check(z.regex(SNAPSHOT_AT))),
});

const place = z.object({ label: z.string(), lat: z.number(), lon: z.number(), unit: z.enum(['mi', 'km']) });

export const manifestSchema = z
  .object({
    version: z.literal(1),
    title: z.string(),
    query: z.object({
      cond: z.optional(z.string()),
      term: z.optional(z.string()),
      location: z.optional(z.string()),
      intervention: z.optional(z.string()),
      sponsor: z.optional(z.string()),
      status: z.optional(z.array(z.string())),
      phase: z.optional(z.array(z.string())),
      updatedSince: z.optional(z.string()),
      limit: z.optional(z.int().check(z.positive())),
    }),
    params: z.record(z.string(), z.string()),
    output: z.object({
      format: z.enum(['md', 'html']),
      frontMatter: z.boolean(),
      templates: z.optional(absolute()),
      template: z.optional(absolute(/\.(md|html)\.hbs$/)),
      overlays: z.optional(absolute()),
      near: z.optional(place),
    }),
    apiVersion: z.optional(z.string()),
    dataTimestamp: z.optional(z.string()),
    watermark: z.optional(z.string()),
    templateVersion: z.string(),
    changeLog: z.optional(z.object({ days: z.int().check(z.positive()), max: z.int().check(z.positive()) })),
    changes: z.optional(z.array(changeEntry)),
    trials: z.record(z.string().check(z.regex(/^NCT\d{8}$/, 'not an NCT ID')), trialEntry),
  })
  .check(
    z.superRefine((m, ctx) => {
      for (const [id, t] of Object.entries(m.trials)) {
        if (t.file !== `${id}.${m.output.format}`)
          ctx.addIssue({ code: 'custom', path: ['trials', id, 'file'], message: `must be ${id}.${m.output.format}` });
      }
      if (m.output.template && !m.output.template.endsWith(`.${m.output.format}.hbs`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['output', 'template'],
          message: `a ${m.output.format} listing uses a .${m.output.format}.hbs template`,
        });
      }
    }),
  );

export const journalLineSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('put'),
    id: z.string().check(z.regex(/^NCT\d{8}$/)),
    entry: trialEntry,
    prevFileHash: z.nullable(z.string()),
    /** The change log entry this write makes, folded in if the run is killed before its manifest. */
    change: z.optional(changeEntry),
  }),
  z.object({
    op: z.literal('remove'),
    id: z.string().check(z.regex(/^NCT\d{8}$/)),
    prevFileHash: z.nullable(z.string()),
  }),
]);
export type JournalLine = z.infer<typeof journalLineSchema>;

/** The manifest, or the first problem with it ("trials.NCT….file: …"). */
export function parseManifest(value: unknown): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  const r = manifestSchema.safeParse(value);
  if (r.success) return { ok: true, manifest: r.data as Manifest };
  const issue = r.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || '(root)'}: ${issueMessage(issue)}` };
}

/**
 * Journal text → lines. A last line cut short (a kill mid-append) is dropped; any other line
 * that is not a journal line makes the whole journal corrupt.
 */
export function parseJournal(text: string): { ok: true; lines: JournalLine[] } | { ok: false; problem: string } {
  const raw = text.split('\n');
  const lines: JournalLine[] = [];
  for (const [i, line] of raw.entries()) {
    if (line === '') continue;
    const last = i === raw.length - 1; // no newline after it: the append did not finish
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (last) break;
      return { ok: false, problem: `line ${i + 1} is not JSON` };
    }
    const r = journalLineSchema.safeParse(value);
    if (!r.success) {
      if (last) break;
      return {
        ok: false,
        problem:
          `line ${i + 1}: ${r.error.issues[0]?.path.join('.') || 'line'}: ` + `${issueMessage(r.error.issues[0])}`,
      };
    }
    lines.push(r.data);
  }
  return { ok: true, lines };
}
