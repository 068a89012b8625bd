import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, TrialcardError } from '../src/errors.js';
import { acquireLock } from '../src/io/listing-store.js';
import { LOCK } from '../src/listing/manifest.js';

// What stands in a listing's lock file: a live run's lock holds; anything trialcard did not write (another shape,
// a directory) is taken over when old, or named with the fix when it cannot be removed.

const me = { host: 'here', pid: 4242, alive: (pid: number) => pid === 4242 };
const old = (path: string) => utimesSync(path, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

function listingWith(lock: (path: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialcard-lock-'));
  lock(join(dir, LOCK));
  return dir;
}

describe('taking a listing lock (.trialcard.lock)', () => {
  it.each([
    ['{}', '{}'],
    ['[1]', '[1]'],
    ['a pid that is not a number', JSON.stringify({ pid: 'x', host: 'here', started: 'then' })],
  ])('a lock of another shape (%s) is taken over when old, with a warning', async (_what, body) => {
    const dir = listingWith((p) => {
      writeFileSync(p, body);
      old(p);
    });
    const warnings: string[] = [];
    const release = await acquireLock(dir, me, (w) => warnings.push(w));
    expect(warnings).toEqual([`taking over a stale lock on ${dir} (unreadable lock file)`]);
    await release();
  });
  it('a live run of this machine holds it', async () => {
    const dir = listingWith((p) => writeFileSync(p, JSON.stringify({ pid: 4242, host: 'here', started: 'now' })));
    await expect(acquireLock(dir, me, () => {})).rejects.toMatchObject({ exitCode: ExitCode.locked });
  });
  it('a directory in its place is named, with the fix, not an unexpected error', async () => {
    const dir = listingWith((p) => {
      mkdirSync(p);
      old(p);
    });
    const err = await acquireLock(dir, me, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrialcardError);
    expect(err).toMatchObject({
      exitCode: ExitCode.locked,
      hint: `remove ${join(dir, LOCK)} by hand if no trialcard run is using it`,
    });
    expect((err as Error).message).toMatch(/^cannot take over the lock .*\.trialcard\.lock \(a directory\)$/);
  });
});
