import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lightRecords, startFakeCtgov, syntheticStore } from './support/fake-ctgov.js';
import { BIN, runBin } from './support/run-bin.js';

// Interrupts of the built bin: SIGINT and SIGKILL mid-batch leave only complete files.
const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const complete = (dir: string) => {
  const files = readdirSync(dir);
  for (const f of files.filter((x) => !x.startsWith('.'))) {
    expect(readFileSync(join(dir, f), 'utf8'), f).toMatch(/Talk with your doctor before you join a trial\.\n$/);
  }
  return files;
};

describe('interrupts', () => {
  const many = syntheticStore(3000, lightRecords());
  // Kill points come from a seed, printed in the test names, so a failure can be replayed:
  // TRIALCARD_TEST_SEED=<seed> npx vitest run test/faults.e2e.test.ts
  const seed = Number(process.env.TRIALCARD_TEST_SEED ?? Math.floor(Math.random() * 1_000_000));
  const killAfterMs = [1, 2, 3, 4].map((i) => ((seed * 7919 + i * 104_729) % 400) + 1);
  async function startRun(out: string, latencyMs: number) {
    const s = await startFakeCtgov({ store: many, latencyMs });
    servers.push(s);
    const ids = join(out, '..', 'ids.txt');
    writeFileSync(ids, many.ids().join('\n'));
    const child = spawn(
      process.execPath,
      [
        BIN,
        'fetch',
        '--ids-file',
        ids,
        '--out',
        out,
        '--api-base',
        s.baseUrl,
        '--rate',
        '0',
        '--concurrency',
        '1',
        '--page-size',
        '100',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    const started = Date.now();
    while (!existsSync(out) || readdirSync(out).filter((f) => f.endsWith('.md')).length === 0) {
      if (Date.now() - started > 20_000) throw new Error(`no output: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { child, done, stderr: () => stderr };
  }

  it.each([
    ['SIGINT', 130, 'interrupted (Ctrl-C)'],
    ['SIGTERM', 143, 'interrupted (SIGTERM)'],
    ['SIGHUP', 129, 'interrupted (SIGHUP)'],
    ['SIGQUIT', 131, 'interrupted (SIGQUIT)'],
  ] as const)('%s stops promptly with exit %i, leaving only complete files', async (signal, exit, said) => {
    const out = join(mkdtempSync(join(tmpdir(), 'trialcard-int-')), 'out');
    const run = await startRun(out, 50);
    const t0 = Date.now();
    run.child.kill(signal);
    const { code } = await run.done;
    expect(code).toBe(exit);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(run.stderr()).toContain(said);
    // No temp file of this run is left behind.
    expect(readdirSync(out).filter((f) => f.endsWith('.trialcard-tmp'))).toEqual([]);
    complete(out);
  });

  it.each(killAfterMs.map((ms, i) => [i + 1, ms]))(
    `SIGKILL (seed ${seed}, run %i, after %i ms) leaves only complete files; a rerun finishes`,
    async (_run, ms) => {
      const out = join(mkdtempSync(join(tmpdir(), 'trialcard-kill-')), 'out');
      const run = await startRun(out, 20);
      await new Promise((r) => setTimeout(r, ms));
      run.child.kill('SIGKILL');
      const { signal } = await run.done;
      expect(signal).toBe('SIGKILL');
      complete(out);
      const rerun = syntheticStore(100, lightRecords());
      const s = await startFakeCtgov({ store: rerun });
      servers.push(s);
      const ids = join(out, '..', 'ids2.txt');
      writeFileSync(ids, rerun.ids().join('\n'));
      const r = await runBin(['fetch', '--ids-file', ids, '--out', out, '--api-base', s.baseUrl, '--rate', '0']);
      expect(r.code).toBe(0);
      const files = complete(out);
      // A young temp file of a dead run is left alone (its owner might be on a slow disk)...
      const temps = files.filter((f) => f.startsWith('.'));
      for (const t of temps) expect(t).toMatch(new RegExp(`~${run.child.pid}\\.[0-9a-f]{8}\\.trialcard-tmp$`));
      expect(files.length).toBeGreaterThanOrEqual(100);
      // ...and cleared by the next run once it is old.
      const old = new Date(Date.now() - 11 * 60_000);
      for (const t of temps) utimesSync(join(out, t), old, old);
      const again = await runBin([
        'fetch',
        rerun.ids()[0] as string,
        '--out',
        out,
        '--api-base',
        s.baseUrl,
        '--rate',
        '0',
      ]);
      expect(again.code).toBe(0);
      expect(complete(out).filter((f) => f.startsWith('.'))).toEqual([]);
    },
  );
});
