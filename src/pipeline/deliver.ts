import { join } from 'node:path';
import { parseStudy } from '../ctgov/schema.js';
import { ExitCode, FetchFailure, type TrialcardError } from '../errors.js';
import { writeFileAtomic } from '../io/files.js';
import { isNctId } from '../model/nct.js';
import { normalize } from '../model/normalize.js';
import type { Trial } from '../model/trial.js';
import { nearInfo, type Place } from '../page/sites.js';
import type { Renderer } from '../render/engine.js';
import type { Handlers, Hit } from './sources.js';

// Turns raw studies into delivered pages: validate → normalize → render → write.
// Results are counted per requested ID so the summary and the exit code tell the truth.

export type OutputFormat = 'md' | 'html' | 'json' | 'ndjson';
export const FORMATS: readonly OutputFormat[] = ['md', 'html', 'json', 'ndjson'];

export interface Sink {
  put(trial: Trial, content: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** One file per trial, named only from the validated NCT ID (never from record text). */
export function dirSink(dir: string, format: OutputFormat): Sink {
  const ext = format === 'ndjson' ? 'json' : format;
  return {
    async put(trial, content) {
      if (!isNctId(trial.nctId)) throw new Error(`refusing to name a file after ${JSON.stringify(trial.nctId)}`);
      const path = join(dir, `${trial.nctId}.${ext}`);
      await writeFileAtomic(path, content);
      return path;
    },
    async close() {},
  };
}

/** Pages to stdout as they arrive; several Markdown pages are separated by a marker line. */
export function stdoutSink(out: { write(s: string): unknown }, format: OutputFormat, many: boolean): Sink {
  let count = 0;
  return {
    async put(trial, content) {
      if (format === 'json' && many) out.write(`${count === 0 ? '[\n' : ',\n'}${content.trimEnd()}`);
      else if (many && (format === 'md' || format === 'html')) out.write(`${count === 0 ? '' : '\n'}<!-- trialcard: ${trial.nctId} -->\n${content}`);
      else out.write(content);
      count += 1;
      return undefined;
    },
    async close() {
      if (format === 'json' && many) out.write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

/** Validate → normalize, the same for every command; unknown enum values go to `warn` prefixed with the ID. */
export function toTrial(raw: unknown, requestedId: string, warn: (message: string) => void): { ok: true; trial: Trial } | { ok: false; error: FetchFailure } {
  const parsed = parseStudy(raw);
  if (!parsed.ok) return { ok: false, error: new FetchFailure('invalid-record', `${requestedId}: ${parsed.message}`) };
  const id = parsed.study.protocolSection.identificationModule.nctId;
  return { ok: true, trial: normalize(parsed.study, (m) => warn(`${id}: ${m}`)) };
}

export interface Summary {
  delivered: { id: string; file?: string; movedTo?: string }[];
  failed: { id: string; error: TrialcardError }[];
}

export interface DeliverContext {
  format: OutputFormat;
  renderer: Renderer | undefined;
  sink: Sink;
  warn: (message: string) => void;
  frontMatter: boolean;
  overlayFor?: (nctId: string) => Record<string, unknown> | undefined;
  /** Sees every trial before it is rendered (stale-overlay checks). */
  onTrial?: (trial: Trial) => void;
  onProgress?: (done: number) => void;
  /** Order sites by distance from here (and add distances to JSON). */
  near?: Place;
  /** Trials for which this is false are skipped, not counted (search --within). */
  keep?: (trial: Trial) => boolean;
}

export function renderTrial(trial: Trial, ctx: Pick<DeliverContext, 'format' | 'renderer' | 'frontMatter' | 'overlayFor' | 'near'>): string {
  const model = ctx.near ? { ...trial, near: nearInfo(trial, ctx.near) } : trial;
  if (ctx.format === 'json') return `${JSON.stringify(model, null, 2)}\n`;
  if (ctx.format === 'ndjson') return `${JSON.stringify(model)}\n`;
  const overlay = ctx.overlayFor?.(trial.nctId);
  return (ctx.renderer as Renderer).render(trial, { frontMatter: ctx.frontMatter, ...(overlay ? { overlay } : {}), ...(ctx.near ? { near: ctx.near } : {}) });
}

export function createDelivery(ctx: DeliverContext): { handlers: Handlers; summary: Summary } {
  const summary: Summary = { delivered: [], failed: [] };
  const done = () => ctx.onProgress?.(summary.delivered.length + summary.failed.length);
  const handlers: Handlers = {
    async onStudy(hit: Hit) {
      const r = toTrial(hit.raw, hit.requestedId, ctx.warn);
      if (!r.ok) {
        summary.failed.push({ id: hit.requestedId, error: r.error });
        done();
        return;
      }
      const trial = r.trial;
      if (ctx.keep && !ctx.keep(trial)) {
        done();
        return;
      }
      ctx.onTrial?.(trial);
      const file = await ctx.sink.put(trial, renderTrial(trial, ctx));
      if (hit.movedTo) ctx.warn(`${hit.requestedId} now lives under ${hit.movedTo} on ClinicalTrials.gov; delivered as ${hit.movedTo}`);
      summary.delivered.push({ id: hit.requestedId, ...(file ? { file } : {}), ...(hit.movedTo ? { movedTo: hit.movedTo } : {}) });
      done();
    },
    onMiss(requestedId, error) {
      summary.failed.push({ id: requestedId, error });
      done();
    },
  };
  return { handlers, summary };
}

/** 0 all delivered; the shared code when nothing was and every failure agrees (3 upstream, 2 rejected); else 1. */
export function summaryExitCode(s: Summary): ExitCode {
  if (s.failed.length === 0) return ExitCode.ok;
  const codes = new Set(s.failed.map((f) => f.error.exitCode));
  if (s.delivered.length === 0 && codes.size === 1) return [...codes][0] as ExitCode;
  return ExitCode.notDelivered;
}

/** "3 delivered, 1 not found, 1 failed: NCT… (not found); NCT… (HTTP 503)" */
export function summaryLine(s: Summary): string {
  const notFound = s.failed.filter((f) => f.error instanceof FetchFailure && f.error.kind === 'not-found');
  const failed = s.failed.filter((f) => !notFound.includes(f));
  const head = `${s.delivered.length} delivered, ${notFound.length} not found, ${failed.length} failed`;
  if (s.failed.length === 0) return head;
  const shown = s.failed.slice(0, 20).map((f) => `${f.id} (${f.error.message.replace(`${f.id}: `, '').replace(`${f.id} `, '')})`);
  return `${head}: ${shown.join('; ')}${s.failed.length > 20 ? `; and ${s.failed.length - 20} more` : ''}`;
}
