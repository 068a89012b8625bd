import { actualOrEstimated } from './labels.js';
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface TrialDate {
  /** As the registry gives it: "2015-08" stays partial. */
  iso: string;
  /** "August 2015", "May 15, 2026" */
  label: string;
  kind?: 'actual' | 'estimated';
}

/** Formats a registry date (yyyy, yyyy-MM or yyyy-MM-dd) without inventing a day. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso.trim());
  if (!m) return iso;
  const [, y, mo, d] = m;
  const month = mo ? MONTHS[Number(mo) - 1] : undefined;
  if (!month) return y ?? iso;
  return d ? `${month} ${Number(d)}, ${y}` : `${month} ${y}`;
}

export function toTrialDate(
  struct: { date?: string | undefined; type?: string | undefined } | undefined,
): TrialDate | undefined {
  if (!struct?.date) return undefined;
  const kind = actualOrEstimated(struct.type);
  return { iso: struct.date, label: formatDate(struct.date), ...(kind ? { kind } : {}) };
}

/** "on September 22, 2025" for a day; "in April 2022" for a month or a year. */
export function atDate(d: TrialDate): string {
  return `${/^\d{4}-\d{2}-\d{2}$/.test(d.iso) ? 'on' : 'in'} ${d.label}`;
}
