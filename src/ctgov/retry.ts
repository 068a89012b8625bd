import { FetchFailure } from '../errors.js';

// Retries belong to one place so single fetches, batches and searches behave alike.

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  capMs: number;
  /** Injected so tests run on a fake clock. */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  onRetry?: (err: FetchFailure, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY = { retries: 4, baseMs: 1000, capMs: 30_000 } as const;

/** Exponential backoff with ±25% jitter, capped; a server's Retry-After wins (capped at twice the cap). */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  p: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), p.capMs * 2);
  const exp = Math.min(p.capMs, p.baseMs * 2 ** attempt);
  return Math.round(exp * (0.75 + 0.5 * p.random()));
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (
        !(err instanceof FetchFailure) ||
        !err.transient ||
        attempt >= Math.min(policy.retries, err.retryLimit ?? Infinity) ||
        signal?.aborted
      )
        throw err;
      const delay = backoffDelay(attempt, err.retryAfterMs, policy);
      policy.onRetry?.(err, attempt + 1, delay);
      await policy.sleep(delay);
    }
  }
}

/** Spaces request starts at least 1/rate seconds apart; rate ≤ 0 or Infinity means no limit. */
export function createThrottle(
  ratePerSecond: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> },
) {
  const gap = ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
  let nextAt = 0;
  return async function take(): Promise<void> {
    if (gap === 0) return;
    const now = clock.now();
    const at = Math.max(now, nextAt);
    nextAt = at + gap;
    if (at > now) await clock.sleep(at - now);
  };
}
