import { describe, expect, it } from 'vitest';
import { jsonLines } from './helpers.js';
import { colorEnabled, makeChalk } from '../src/ui/color.js';
import { createReporter } from '../src/ui/reporter.js';

describe('colorEnabled', () => {
  it.each([
    [true, {}, undefined, true],
    [false, {}, undefined, false],
    [true, { NO_COLOR: '1' }, undefined, false],
    [true, { NO_COLOR: 'yes' }, undefined, false],
    [true, { NO_COLOR: '' }, undefined, true],
    [true, { TERM: 'dumb' }, undefined, false],
    [true, {}, false, false],
    [false, { FORCE_COLOR: '1' }, undefined, true],
    [true, { FORCE_COLOR: '0' }, undefined, true],
    [true, { FORCE_COLOR: '1' }, false, false],
  ])('tty=%s env=%j flag=%s → %s', (isTTY, env, flag, expected) =>
    expect(colorEnabled({ isTTY }, env, flag)).toBe(expected),
  );
});

function capture(isTTY: boolean, opts: { quiet?: boolean; log?: 'text' | 'json' } = {}) {
  let out = '';
  const r = createReporter({
    stderr: { write: (s: string) => (out += s), isTTY },
    chalk: makeChalk(false),
    quiet: opts.quiet ?? false,
    verbose: false,
    log: opts.log ?? 'text',
  });
  return { r, out: () => out };
}

describe('reporter', () => {
  it('draws progress only on a TTY', () => {
    const tty = capture(true);
    tty.r.progress(5, 10);
    expect(tty.out()).toBe('\r\x1b[K[############............] 5/10 trials');
    const cron = capture(false);
    cron.r.progress(5, 10);
    expect(cron.out()).toBe('');
  });
  it('no progress when --quiet', () => {
    const q = capture(true, { quiet: true });
    q.r.progress(1, 2);
    expect(q.out()).toBe('');
  });
  it('clears the progress line before a message', () => {
    const tty = capture(true);
    tty.r.progress(1, 2);
    tty.r.warn('careful');
    expect(tty.out().endsWith('trials\r\x1b[Ktrialcard: warning: careful\n')).toBe(true);
  });
  it('prints each warning once', () => {
    const c = capture(false);
    c.r.warn('a');
    c.r.warn('a');
    c.r.warn('b');
    expect(c.out()).toBe('trialcard: warning: a\ntrialcard: warning: b\n');
  });
  it('--log json: one JSON object per line', () => {
    const c = capture(false, { log: 'json' });
    c.r.warn('w');
    c.r.event('changed', { nctId: 'NCT07438847' });
    c.r.error('e', 'hint');
    const lines = jsonLines(c.out());
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'w'],
      ['info', 'changed'],
      ['error', 'e (hint)'],
    ]);
    expect(lines[1]?.nctId).toBe('NCT07438847');
  });
});
