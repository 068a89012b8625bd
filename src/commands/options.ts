import * as z from 'zod/mini';
import '../zod-config.js';
import { UsageError } from '../errors.js';
import { formatOption, intOption, numberOption } from './values.js';

// Commander's raw option values → one typed object per command, validated before any work.
// Each bad value is a one-line UsageError naming the flag (thrown from its transform).

const text = z.optional(z.string());
/** A path given as an option: an empty one (--out "") names nothing, so it is a usage error, not a disk failure. */
const path = z.optional(z.string().check(z.minLength(1, 'give a path, not an empty string')));
/** An output folder: "-" is stdout elsewhere, and pages go there without --out, so it is no folder's name. */
const folder = z.optional(
  z.string().check(
    z.minLength(1, 'give a path, not an empty string'),
    z.refine((v) => v !== '-', 'pages go to stdout without --out; give a folder, e.g. --out site/'),
  ),
);
const flag = z.optional(z.boolean());
const list = z.optional(z.array(z.string()));
/** A raw value turned into the option's type (or a UsageError naming the flag). */
const raw = <T>(fn: (v: unknown) => T) => z.pipe(z.optional(z.unknown()), z.transform(fn));
const int = (name: string, min: number, max: number, fallback: number) =>
  raw((v) => intOption(name, v, min, max, fallback));
const num = (name: string, min: number, max: number, fallback: number) =>
  raw((v) => numberOption(name, v, min, max, fallback));
const optionalInt = (name: string, min: number, max: number) =>
  raw((v) => (v === undefined ? undefined : intOption(name, v, min, max, min)));
const optionalNum = (name: string, min: number, max: number) =>
  raw((v) => (v === undefined ? undefined : numberOption(name, v, min, max, min)));

const global = {
  apiBase: text,
  timeout: int('--timeout', 100, 600_000, 30_000),
  retries: int('--retries', 0, 10, 4),
  retryDelay: int('--retry-delay', 0, 60_000, 1000),
  rate: num('--rate', 0, 1000, 1),
  userAgent: text,
};
const network = {
  concurrency: int('--concurrency', 1, 16, 2),
  pageSize: int('--page-size', 1, 1000, 1000),
};
const output = {
  format: raw((v) => formatOption(v)),
  out: folder,
  frontMatter: z._default(z.boolean(), true),
  template: path,
  templates: path,
  overlays: path,
  near: text,
  units: text,
};

export const globalSchema = z.object(global);
export const fetchSchema = z.object({ ...global, ...network, ...output, idsFile: path });
export const renderSchema = z.object(output);
export const searchSchema = z.object({
  ...global,
  ...network,
  ...output,
  cond: text,
  term: text,
  location: text,
  intervention: text,
  sponsor: text,
  status: list,
  phase: list,
  updatedSince: text,
  limit: optionalInt('--limit', 1, 1_000_000),
  within: optionalNum('--within', 0, 25_000),
  title: text,
  changesDays: optionalInt('--changes-days', 1, 36_500),
  changesMax: optionalInt('--changes-max', 1, 100_000),
  prune: flag,
  allowEmpty: flag,
});
export const refreshSchema = z.object({
  ...global,
  ...network,
  since: text,
  full: flag,
  prune: flag,
  allowEmpty: flag,
  dryRun: flag,
  changesDays: optionalInt('--changes-days', 1, 36_500),
  changesMax: optionalInt('--changes-max', 1, 100_000),
});
export const doctorSchema = z.object({
  ...global,
  out: folder,
});
export const checkSchema = z.object({
  ...global,
  maxGrade: num('--max-grade', 1, 20, 8),
  json: flag,
  overlays: path,
  templates: path,
});

export type GlobalOptions = z.output<typeof globalSchema>;
export type NetworkOptions = Pick<z.output<typeof fetchSchema>, keyof typeof network>;
export type OutputOptions = z.output<typeof renderSchema>;
export type FetchOptions = z.output<typeof fetchSchema>;
export type RenderOptions = z.output<typeof renderSchema>;
export type SearchOptions = z.output<typeof searchSchema>;
export type RefreshOptions = z.output<typeof refreshSchema>;
export type CheckOptions = z.output<typeof checkSchema>;
export type DoctorOptions = z.output<typeof doctorSchema>;

/** Typed options, or the first bad value as a UsageError. */
export function parseOptions<S extends z.ZodMiniType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const name = `--${String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new UsageError(`${name}: ${issue?.message ?? 'invalid value'}`, 'see trialcard --help');
}
