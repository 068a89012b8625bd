import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFailure } from '../src/errors.js';
import type { Trial } from '../src/model/trial.js';
import { dirSink } from '../src/pipeline/sinks.js';

const owner = { host: 'test-host', pid: process.pid, alive: () => true };
const trial = (nctId: string) => ({ nctId }) as Trial;
const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'trialcard-sink-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('dirSink', () => {
  it('writes a page under its NCT ID and gives back the path', async () => {
    const dir = newDir();
    const path = await dirSink(dir, 'md', owner).put(trial('NCT01234567'), '# Page\n');
    expect(path).toBe(join(dir, 'NCT01234567.md'));
    expect(readFileSync(path as string, 'utf8')).toBe('# Page\n');
  });

  it('refuses a name that is not an NCT ID: a rejected promise (the caller records it), no file', async () => {
    const dir = newDir();
    const put = dirSink(dir, 'md', owner).put(trial('../NCT01234567'), '# Page\n');
    await expect(put).rejects.toBeInstanceOf(LocalFailure);
    await expect(put).rejects.toThrow('refusing to name a file after "../NCT01234567"');
    expect(readdirSync(dir)).toEqual([]);
  });
});
