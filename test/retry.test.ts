import { describe, expect, it } from 'vitest';
import { backoffDelay, createThrottle, parseRetryAfter, withRetry } from '../src/ctgov/retry.js';
import { FetchFailure } from '../src/errors.js';

const policy = { baseMs: 1000, capMs: 30_000, random: () => 0.5 };

describe('backoffDelay', () => {
  it.each([
    [0, undefined, 1000],
    [1, undefined, 2000],
    [3, undefined, 8000],
    [10, undefined, 30_000],
    [0, 5000, 5000],
    [0, 10 * 60_000, 60_000],
  ])('attempt %i, Retry-After %s → %i ms', (attempt, retryAfter, expected) =>
    expect(backoffDelay(attempt, retryAfter, policy)).toBe(expected),
  );
  it('jitters by ±25%', () => {
    expect(backoffDelay(1, undefined, { ...policy, random: () => 0 })).toBe(1500);
    expect(backoffDelay(1, undefined, { ...policy, random: () => 0.999999 })).toBe(2500);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it.each([
    ['5', 5000],
    ['0.5', 500],
    ['Thu, 26 Nov 2026 12:00:30 GMT', 30_000],
    ['Thu, 26 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%j → %j', (value, expected) => expect(parseRetryAfter(value, now)).toBe(expected));
});

describe('withRetry on a fake clock', () => {
  it('retries transient failures with growing waits, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new FetchFailure('server', 'HTTP 503', { status: 503 });
        return 'ok';
      },
      { ...policy, retries: 4, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1000, 2000]);
  });
  it('gives up after the allowed retries', async () => {
    const waits: number[] = [];
    await expect(
      withRetry(
        async () => {
          throw new FetchFailure('rate-limited', 'HTTP 429', { retryAfterMs: 7000 });
        },
        { ...policy, retries: 2, sleep: async (ms) => void waits.push(ms) },
      ),
    ).rejects.toThrow('HTTP 429');
    expect(waits).toEqual([7000, 7000]);
  });
  it.each(['not-found', 'blocked', 'rejected'] as const)('does not retry %s', async (kind) => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new FetchFailure(kind, kind);
        },
        { ...policy, retries: 4, sleep: async () => {} },
      ),
    ).rejects.toThrow(kind);
    expect(calls).toBe(1);
  });
});

describe('createThrottle', () => {
  it('spaces request starts 1/rate apart on a fake clock', async () => {
    let now = 0;
    const starts: number[] = [];
    const take = createThrottle(2, {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    for (let i = 0; i < 4; i++) {
      await take();
      starts.push(now);
    }
    expect(starts).toEqual([0, 500, 1000, 1500]);
  });
  it('rate 0 means no limit', async () => {
    const take = createThrottle(0, {
      now: () => 0,
      sleep: async () => {
        throw new Error('slept');
      },
    });
    await take();
    await take();
  });
});
