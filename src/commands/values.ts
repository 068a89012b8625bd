import { quoted, UsageError } from '../errors.js';
import { FORMATS, type OutputFormat } from '../pipeline/sinks.js';

// Loose commander values → typed settings, each bad value a one-line UsageError.

export function intOption(flag: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const s = String(value).trim();
  // "-1" is a whole number, out of range: said as such below.
  if (!/^-?\d+$/.test(s))
    throw new UsageError(
      `${flag} ${quoted(String(value))} is not a whole number`,
      `use a number from ${min} to ${max}`,
    );
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`${flag} ${n} is out of range`, `use a number from ${min} to ${max}`);
  return n;
}

export function numberOption(flag: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(String(value).trim());
  if (!Number.isFinite(n) || String(value).trim() === '')
    throw new UsageError(`${flag} ${quoted(String(value))} is not a number`, `use a number from ${min} to ${max}`);
  if (n < min || n > max) throw new UsageError(`${flag} ${n} is out of range`, `use a number from ${min} to ${max}`);
  return n;
}

export function formatOption(value: unknown, allowed: readonly OutputFormat[] = FORMATS): OutputFormat {
  const v = String(value ?? 'md').toLowerCase();
  const alias = v === 'markdown' ? 'md' : v;
  if (!(allowed as readonly string[]).includes(alias))
    throw new UsageError(`--format ${quoted(String(value))} is not supported`, `use one of: ${allowed.join(', ')}`);
  return alias as OutputFormat;
}

/** `name` is how the value was given: "--api-base" or "TRIALCARD_API_BASE". */
export function apiBaseOption(value: unknown, name = '--api-base'): string | undefined {
  const flag = name.startsWith('--');
  const example = flag ? `${name} https://clinicaltrials.gov/api/v2` : `${name}=https://clinicaltrials.gov/api/v2`;
  // An empty variable is an unset one, as shells use it; an empty flag is a mistake, not the default registry.
  if (value === '' && flag) throw new UsageError(`${name} is empty`, `give a URL, e.g. ${example}`);
  if (value === undefined || value === '') return undefined;
  const s = String(value);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new UsageError(`${name} ${quoted(s)} is not a URL`, `e.g. ${example}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`${name} ${quoted(s)} must be an http or https URL`, `e.g. ${example}`);
  // fetch refuses such a URL at every request, which would read as an unreachable registry (exit 3).
  if (u.username || u.password)
    throw new UsageError(`${name} holds a user name or password`, 'remove the "user:password@" part from the URL');
  return s;
}

/** A header value: printable ASCII only (a CR or LF would split the request, and fail every retry). */
export function userAgentOption(value: unknown, name = '--user-agent'): string | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (s.trim() === '' || !/^[\x20-\x7e]+$/.test(s)) {
    throw new UsageError(
      `${name} ${quoted(s)} is not a valid User-Agent`,
      'use printable ASCII on one line, e.g. "my-site-bot/1.0 (contact@example.org)"',
    );
  }
  return s;
}
