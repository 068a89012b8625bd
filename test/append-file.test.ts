import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFailure } from '../src/errors.js';
import { appendFile } from '../src/io/append-file.js';

// The append-only file behind a listing's journal and its packs of snapshots, on real files.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('appendFile', () => {
  it('appends whole, and says where each piece starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-append-'));
    dirs.push(dir);
    const f = appendFile(join(dir, 'a.pack'), (p) => ({ fd: openSync(p, 'ax'), end: 0 }));
    expect(f.append(Buffer.from('één\n'))).toBe(0);
    expect(f.append(Buffer.from('two\n'))).toBe(6);
    f.sync();
    f.close();
    expect(readFileSync(join(dir, 'a.pack'), 'utf8')).toBe('één\ntwo\n');
  });

  it('on a full device: a failure that stops the run, and every later append refused with it', () => {
    const f = appendFile('/dev/full', (p) => ({ fd: openSync(p, 'a'), end: 0 }));
    let first: unknown;
    try {
      f.append(Buffer.from('line\n'));
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(LocalFailure);
    expect((first as LocalFailure).systemic).toBe(true);
    expect((first as LocalFailure).message).toBe('cannot write /dev/full: the disk is full (ENOSPC)');
    expect(() => f.append(Buffer.from('next\n'))).toThrow(first as Error);
  });

  it('a cause that would cost a page only its own file still stops the run: there is one such file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-append-'));
    dirs.push(dir);
    // A directory where the file should be: EISDIR, per file for a page.
    const f = appendFile(dir, (p) => ({ fd: openSync(p, 'a'), end: 0 }));
    expect(() => f.append(Buffer.from('x'))).toThrow(expect.objectContaining({ systemic: true }));
  });
});
