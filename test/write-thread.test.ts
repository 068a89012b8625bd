import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFailure } from '../src/errors.js';
import { writeFileAtomicOn } from '../src/io/files.js';
import { startWriteThread } from '../src/io/write-thread.js';

// The thread that writes many pages: the same atomic write, on real files, and the same failures.

const dir = mkdtempSync(join(tmpdir(), 'trialcard-write-thread-'));
const owner = { host: 'h', pid: process.pid, alive: () => true };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the write thread', () => {
  it('writes each page whole under its name, leaving no temp file', async () => {
    const thread = startWriteThread();
    const pages = Array.from({ length: 40 }, (_, i) => [join(dir, `NCT${String(i).padStart(8, '0')}.md`), `é${i}`]);
    await Promise.all(pages.map(([path, text]) => writeFileAtomicOn(thread, path as string, text as string, owner)));
    await thread.close();
    for (const [path, text] of pages) expect(readFileSync(path as string, 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it.each([
    ['its folder is gone', join(dir, 'gone', 'NCT00000001.md'), /its folder no longer exists \(ENOENT\)/, true],
    ['a directory is in the way', join(dir, 'taken'), /a directory is in the way \(EISDIR\)/, false],
  ])(
    'a page whose %s fails as it would without the thread, named, no temp file left',
    async (_, path, message, systemic) => {
      mkdirSync(join(dir, 'taken'), { recursive: true });
      const thread = startWriteThread();
      const err = await writeFileAtomicOn(thread, path, 'x', owner).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LocalFailure);
      expect((err as LocalFailure).message).toMatch(message);
      expect((err as LocalFailure).message).toContain(path);
      expect((err as LocalFailure).systemic).toBe(systemic);
      // The thread goes on with the next page.
      await writeFileAtomicOn(thread, join(dir, 'after.md'), 'next', owner);
      expect(readFileSync(join(dir, 'after.md'), 'utf8')).toBe('next');
      await thread.close();
      expect(readdirSync(dir).filter((f) => f.includes('trialcard-tmp'))).toEqual([]);
    },
  );

  it('a write after the thread has ended is refused as a failure of the run, not of the page', async () => {
    const thread = startWriteThread();
    await thread.close();
    const err = await writeFileAtomicOn(thread, join(dir, 'late.md'), 'x', owner).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalFailure);
    expect((err as LocalFailure).systemic).toBe(true);
    expect((err as LocalFailure).message).toMatch(/the write thread stopped/);
  });
});
