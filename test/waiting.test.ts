import { createServer } from 'node:http';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/ctgov/client.js';
import { clientOptions } from '../src/commands/common.js';
import { FetchFailure } from '../src/errors.js';
import { createReporter } from '../src/ui/reporter.js';

// Nobody waits in silence: long retries and unanswered requests are shown on a terminal,
// and a name that does not resolve is retried once, not four times.

function tty(opts: { dumb?: boolean; quiet?: boolean } = {}) {
  let err = '';
  const reporter = createReporter({
    stderr: { write: (s: string) => (err += s), isTTY: true },
    chalk: new Chalk({ level: 0 }),
    quiet: opts.quiet ?? false,
    verbose: false,
    log: 'text',
    dumbTerminal: opts.dumb ?? false,
  });
  return { reporter, out: () => err };
}

describe('waiting notices', () => {
  it.each<[number, boolean]>([
    [8000, true],
    [2500, true],
    [1500, false],
  ])('a retry wait of %i ms is shown on a terminal: %s', (delay, shown) => {
    const t = tty();
    const o = clientOptions(
      { timeout: 30_000, retries: 4, retryDelay: 1000, rate: 1 },
      {
        io: { stdout: { write: () => true }, stderr: { write: () => true }, stdin: async () => '', env: {} },
        reporter: t.reporter,
        version: '0',
        owner: { host: 'h', pid: 1, alive: () => true },
      },
    );
    o.onRetry?.(new FetchFailure('server', 'ClinicalTrials.gov had a server error (HTTP 503)'), 1, delay);
    if (shown)
      expect(t.out()).toBe(
        `\r\x1b[Kretrying in ${Math.round(delay / 1000)} s (ClinicalTrials.gov had a server error (HTTP 503))`,
      );
    else expect(t.out()).toBe('');
  });

  it.each([
    ['TERM=dumb', { dumb: true }],
    ['--quiet', { quiet: true }],
  ])('%s: no progress bar or waiting line', (_name, opts) => {
    const t = tty(opts);
    t.reporter.progress(1, 10);
    t.reporter.waiting('retrying in 8 s (x)');
    expect(t.out()).toBe('');
  });

  it('a request unanswered for a while is announced, and the notice cleared when it is answered', async () => {
    const server = createServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"apiVersion":"2.0.5","dataTimestamp":"2026-11-26T09:00:00"}');
      }, 650);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const calls: string[] = [];
    const client = createClient({
      baseUrl: `http://127.0.0.1:${port}/api/v2`,
      rate: 0,
      slowNoticeMs: 200,
      onSlow: (s, host) => calls.push(`${s} ${host}`),
      onAnswer: () => calls.push('answered'),
    });
    try {
      await client.version();
    } finally {
      await client.close();
      server.close();
    }
    expect(calls.slice(0, 2)).toEqual(
      [`0 127.0.0.1:${port}`, `0 127.0.0.1:${port}`].map((c, i) =>
        c.replace('0 ', `${Math.round((200 * (i + 1)) / 1000)} `),
      ),
    );
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.at(-1)).toBe('answered');
  });
});

describe('a host name that does not resolve', () => {
  it('is retried once, whatever --retries says', async () => {
    const retries: number[] = [];
    const client = createClient({
      baseUrl: 'http://trialcard-test.invalid/api/v2',
      rate: 0,
      retries: 4,
      sleep: async () => {},
      onRetry: (_e, attempt) => retries.push(attempt),
    });
    try {
      const err = await client.getStudy('NCT07438847').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchFailure);
      expect((err as FetchFailure).message).toMatch(/^cannot reach trialcard-test\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/);
    } finally {
      await client.close();
    }
    expect(retries).toEqual([1]);
  });
});
