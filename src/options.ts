import { UsageError } from './errors.js';
import { FORMATS, type OutputFormat } from './pipeline/deliver.js';

// Loose commander values → typed settings, each bad value a one-line UsageError.

export function intOption(flag: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const s = String(value).trim();
  if (!/^\d+$/.test(s)) throw new UsageError(`${flag} ${JSON.stringify(String(value))} is not a whole number`, `use a number from ${min} to ${max}`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`${flag} ${n} is out of range`, `use a number from ${min} to ${max}`);
  return n;
}

export function numberOption(flag: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(String(value).trim());
  if (!Number.isFinite(n) || String(value).trim() === '') throw new UsageError(`${flag} ${JSON.stringify(String(value))} is not a number`, `use a number from ${min} to ${max}`);
  if (n < min || n > max) throw new UsageError(`${flag} ${n} is out of range`, `use a number from ${min} to ${max}`);
  return n;
}

export function formatOption(value: unknown, allowed: readonly OutputFormat[] = FORMATS): OutputFormat {
  const v = String(value ?? 'md').toLowerCase();
  const alias = v === 'markdown' ? 'md' : v;
  if (!(allowed as readonly string[]).includes(alias)) throw new UsageError(`--format ${JSON.stringify(String(value))} is not supported`, `use one of: ${allowed.join(', ')}`);
  return alias as OutputFormat;
}

export function apiBaseOption(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  const s = String(value);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new UsageError(`--api-base ${JSON.stringify(s)} is not a URL`, 'e.g. --api-base https://clinicaltrials.gov/api/v2');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--api-base ${JSON.stringify(s)} must be an http or https URL`, 'e.g. --api-base https://clinicaltrials.gov/api/v2');
  return s;
}
