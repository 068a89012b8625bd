import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  renameSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin } from './support/run-bin.js';
import { lightRecords, startFakeCtgov, syntheticStore } from './support/fake-ctgov.js';
import { FIXTURES, jsonLines } from './helpers.js';

// Where a real disk or a real process matters: a full file system, a full stdout, two runs at once.

const STUDY = join(FIXTURES, 'studies', 'NCT07438847.json');
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
const store = syntheticStore(400, lightRecords());
beforeAll(async () => {
  server = await startFakeCtgov({ store });
});
afterAll(() => server.close());

/** The CLI with its stdout on /dev/full, where every write fails with ENOSPC. */
function toFullStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** A 1 MiB tmpfs: real ENOSPC. Needs root (CI and the development machines run as root). */
function smallDisk(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialcard-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  return dir;
}

describe('a full disk stops the run with exit 5, naming the path; nothing half-written', () => {
  it('fetch --out on a disk that fills up', async () => {
    const disk = smallDisk();
    try {
      const ids = join(tmpdir(), `trialcard-full-ids-${process.pid}.txt`);
      writeFileSync(ids, store.ids().join('\n'));
      const r = await runBin([
        'fetch',
        '--ids-file',
        ids,
        '--out',
        disk,
        '--api-base',
        server.baseUrl,
        '--rate',
        '0',
        '--page-size',
        '100',
      ]);
      expect(r.code).toBe(5);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(
        new RegExp(
          `^trialcard: error: stopped: cannot write ${disk}/NCT9\\d{7}\\.md: the disk is full \\(ENOSPC\\) ` +
            `\\(free space or fix the output folder, then run again\\)$`,
        ),
      );
      expect(lines[1]).toMatch(/^trialcard: error: \d+ delivered, 0 not found, \d+ failed, \d+ not attempted: /);
      expect(lines).toHaveLength(2);
      expect(r.stderr).not.toMatch(/ at |unexpected/);
      const delivered = Number(/(\d+) delivered/.exec(lines[1] ?? '')?.[1]);
      const files = readdirSync(disk);
      // Every delivered page is complete; no temp file is left; nothing beyond what was reported.
      expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
      expect(files.length).toBeGreaterThanOrEqual(delivered);
      for (const f of files)
        expect(readFileSync(join(disk, f), 'utf8')).toMatch(/Talk with your doctor before you join a trial\.\n$/);
    } finally {
      execFileSync('umount', [disk]);
    }
  });

  it.each(['300k', '700k', '1m', '1500k', '2m'])(
    'search --out on a disk of %s that fills up: one line, exit 5, lock released',
    async (size) => {
      const disk = mkdtempSync(join(tmpdir(), 'trialcard-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk]);
      try {
        const args = ['search', '--cond', 'x', '--out', join(disk, 'site'), '--api-base', server.baseUrl];
        const r = await runBin([...args, '--rate', '0', '--page-size', '100']);
        expect(r.code).toBe(5);
        const lines = r.stderr.trim().split('\n');
        expect(lines[0]).toMatch(
          /^trialcard: error: stopped: cannot write .*: the disk is full \(ENOSPC\) \(free space/,
        );
        expect(r.stderr).not.toMatch(/ at |unexpected|Unhandled/);
        // Released for the next run, and no temp file or scratch file left behind.
        const left = readdirSync(join(disk, 'site'));
        expect(left).not.toContain('.trialcard.lock');
        expect(left.filter((f) => f.endsWith('.trialcard-tmp'))).toEqual([]);
      } finally {
        execFileSync('umount', [disk]);
      }
    },
  );

  it('stdout on a full device: one line, exit 5', async () => {
    const r = await toFullStdout(['render', STUDY, STUDY.replace('NCT07438847', 'NCT02513394')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      'trialcard: error: stopped: cannot write standard output: the disk is full (ENOSPC) ' +
        '(free space or fix the output folder, then run again)\n' +
        'trialcard: error: 0 delivered, 0 not found, 1 failed, 1 not attempted: ' +
        `the rest of ${STUDY.replace('NCT07438847', 'NCT02513394')} ` +
        '(not attempted: the run stopped (cannot write standard output: the disk is full (ENOSPC))); ' +
        'NCT07438847 (cannot write standard output: the disk is full (ENOSPC))\n',
    );
  });

  it('one page on a full stdout: the one "stopped" line says it all', async () => {
    const r = await toFullStdout(['render', STUDY]);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      'trialcard: error: stopped: cannot write standard output: the disk is full (ENOSPC) (free space or fix the ' +
        'output folder, then run again)\n',
    );
  });

  it('--out below a read-only file system names the real cause', async () => {
    const ro = mkdtempSync(join(tmpdir(), 'trialcard-ro-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro', 'tmpfs', ro]);
    try {
      const r = await runBin(['render', STUDY, '--out', join(ro, 'sub', 'deeper')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `trialcard: error: --out ${join(ro, 'sub', 'deeper')} is not writable (choose a directory you can write to)\n`,
      );
    } finally {
      execFileSync('umount', [ro]);
    }
  });

  it('--log json: Ctrl-C while reading stdin still ends with the summary line', async () => {
    const child = spawn(process.execPath, [BIN, 'render', '-', '--log', 'json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    const lines = jsonLines(stderr);
    expect(lines[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/^interrupted/) });
    expect(lines.at(-1)).toMatchObject({ message: 'summary', exitCode: 130 });
    child.stdin.destroy();
  });

  it('--log json: a reader that closes stdout early (| head) still gets the summary line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-epipe-'));
    const ndjson = join(dir, 'many.ndjson');
    const line = `${JSON.stringify(JSON.parse(readFileSync(STUDY, 'utf8')))}\n`;
    writeFileSync(ndjson, line.repeat(400));
    const child = spawn(process.execPath, [BIN, 'render', ndjson, '--log', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    const lines = jsonLines(stderr);
    expect(lines.at(-1)).toMatchObject({ message: 'summary', exitCode: 0 });
  });

  it('a report on a full stdout (check): one line, exit 5', async () => {
    const r = await toFullStdout(['check', STUDY]);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('trialcard: error: cannot write standard output: the disk is full (ENOSPC)\n');
  });
});

describe('runs never break each other', () => {
  it('two fetch runs into one folder at once both finish, every page complete', async () => {
    const out = mkdtempSync(join(tmpdir(), 'trialcard-concurrent-'));
    const ids = join(tmpdir(), `trialcard-concurrent-ids-${process.pid}.txt`);
    writeFileSync(ids, store.ids().join('\n'));
    const args = [
      'fetch',
      '--ids-file',
      ids,
      '--out',
      out,
      '--api-base',
      server.baseUrl,
      '--rate',
      '0',
      '--page-size',
      '50',
      '--concurrency',
      '1',
    ];
    const [a, b] = await Promise.all([runBin(args), runBin(args)]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([
      0,
      0,
      'trialcard: 400 delivered, 0 not found, 0 failed\n',
      'trialcard: 400 delivered, 0 not found, 0 failed\n',
    ]);
    const files = readdirSync(out);
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    expect(files).toHaveLength(400);
  });

  it('a folder that vanishes mid-run: exit 5 naming it, not "upstream unavailable"', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trialcard-vanish-')), 'out');
    mkdirSync(out);
    const ids = join(tmpdir(), `trialcard-vanish-ids-${process.pid}.txt`);
    writeFileSync(ids, store.ids().join('\n'));
    const slow = await startFakeCtgov({ store, latencyMs: 300 });
    try {
      const p = runBin([
        'fetch',
        '--ids-file',
        ids,
        '--out',
        out,
        '--api-base',
        slow.baseUrl,
        '--rate',
        '0',
        '--page-size',
        '20',
        '--concurrency',
        '1',
      ]);
      // Once the run has written its first page, the folder goes.
      for (const t0 = Date.now(); Date.now() - t0 < 20_000; await new Promise((r) => setTimeout(r, 10))) {
        if (existsSync(out) && readdirSync(out).some((f) => f.endsWith('.md'))) break;
      }
      // Gone at once, by rename: pages still in flight would refill a folder being deleted file by file.
      renameSync(out, `${out}.gone`);
      const r = await p;
      rmSync(`${out}.gone`, { recursive: true, force: true });
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(
        /^trialcard: error: stopped: cannot write .*\/out(\/NCT9\d{7}\.md)?: its folder no longer exists \(ENOENT\)/,
      );
      expect(r.stderr).not.toMatch(/upstream|cannot reach/);
    } finally {
      await slow.close();
    }
  });
});
