import { quoted, UsageError } from '../errors.js';
import { LABELS } from '../model/labels.js';

// Turns trialcard's search flags into /studies parameters. User text never carries Essie
// operators through: brackets are removed and parentheses and quotes balanced, since a
// stray "[" makes the API answer 400 (and AREA[...] in free text would change the query).

export interface SearchFlags {
  cond?: string;
  term?: string;
  location?: string;
  intervention?: string;
  sponsor?: string;
  status?: string[];
  phase?: string[];
  updatedSince?: string;
}

export function sanitizeEssie(text: string): string {
  let out = text.replace(/[[\]{}\\]/g, ' ');
  // Drop parentheses that do not pair up.
  const chars = [...out];
  const open: number[] = [];
  chars.forEach((c, i) => {
    if (c === '(') open.push(i);
    else if (c === ')') {
      if (open.length) open.pop();
      else chars[i] = ' ';
    }
  });
  for (const i of open) chars[i] = ' ';
  out = chars.join('');
  if ((out.match(/"/g) ?? []).length % 2 === 1) out = out.replace(/"([^"]*)$/, ' $1');
  return out.replace(/\s+/g, ' ').trim();
}

export function statusCode(input: string): string {
  const key = input
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  const table: Record<string, string> = LABELS.Status;
  if (Object.hasOwn(table, key)) return key;
  const byLabel = Object.entries(table).find(
    ([, label]) =>
      label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim() ===
      input
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim(),
  );
  if (byLabel) return byLabel[0];
  throw new UsageError(
    `--status ${quoted(input)} is not a ClinicalTrials.gov status`,
    `use one of: ${Object.keys(table)
      .map((k) => k.toLowerCase().replace(/_/g, '-'))
      .join(', ')}`,
  );
}

export function phaseCode(input: string): string {
  const key = input
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '');
  const map: Record<string, string> = {
    EARLYPHASE1: 'EARLY_PHASE1',
    EARLY1: 'EARLY_PHASE1',
    PHASE0: 'EARLY_PHASE1',
    '0': 'EARLY_PHASE1',
    PHASE1: 'PHASE1',
    '1': 'PHASE1',
    PHASE2: 'PHASE2',
    '2': 'PHASE2',
    PHASE3: 'PHASE3',
    '3': 'PHASE3',
    PHASE4: 'PHASE4',
    '4': 'PHASE4',
    NA: 'NA',
    NOTAPPLICABLE: 'NA',
    NONE: 'NA',
  };
  const code = map[key];
  if (!code) throw new UsageError(`--phase ${quoted(input)} is not a phase`, 'use early1, 1, 2, 3, 4 or na');
  return code;
}

export function checkDate(input: string, flag: string): string {
  if (!isCalendarDate(input.trim()))
    throw new UsageError(`${flag} ${quoted(input)} is not a date`, 'write it as YYYY-MM-DD');
  return input.trim();
}

/** YYYY-MM-DD of a day that exists: not "2026-02-30", which Date.parse rolls over to March 2. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Search flags → /studies parameters (page 1; paging adds pageToken only). */
export function searchParams(f: SearchFlags): Record<string, string> {
  const params: Record<string, string> = {};
  const text: [keyof SearchFlags, string][] = [
    ['cond', 'query.cond'],
    ['term', 'query.term'],
    ['location', 'query.locn'],
    ['intervention', 'query.intr'],
    ['sponsor', 'query.spons'],
  ];
  for (const [flag, param] of text) {
    const v = f[flag];
    if (typeof v === 'string') {
      const clean = sanitizeEssie(v);
      if (clean) params[param] = clean;
    }
  }
  if (f.status?.length) params['filter.overallStatus'] = [...new Set(f.status.map(statusCode))].join(',');
  const advanced: string[] = [];
  if (f.phase?.length) {
    const phases = [...new Set(f.phase.map(phaseCode))];
    advanced.push(
      phases.length === 1 ? `AREA[Phase]${phases[0]}` : `(${phases.map((p) => `AREA[Phase]${p}`).join(' OR ')})`,
    );
  }
  if (f.updatedSince)
    advanced.push(`AREA[LastUpdatePostDate]RANGE[${checkDate(f.updatedSince, '--updated-since')},MAX]`);
  if (advanced.length) params['filter.advanced'] = advanced.join(' AND ');
  if (Object.keys(params).length === 0)
    throw new UsageError(
      'search needs at least one of --cond, --term, --location, --intervention, --sponsor, --status, --phase, ' +
        '--updated-since',
      'e.g. trialcard search --cond "thyroid cancer" --status recruiting',
    );
  return params;
}
