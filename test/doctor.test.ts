import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareApiVersion, satisfies } from '../src/commands/doctor.js';
import { cli } from './support/cli.js';
import { type Fault, lightRecords, startFakeCtgov } from './support/fake-ctgov.js';

// trialcard doctor in-process against the loopback registry: a healthy one, a 403, a stall, a
// wrong base URL, an unwritable folder and a listing with a stale lock.

let fault: ((path: string) => Fault | undefined) | undefined;
let apiVersion = '2.0.5';
let server: Awaited<ReturnType<typeof startFakeCtgov>>;
const records = lightRecords().slice(0, 3);
beforeAll(async () => {
  server = await startFakeCtgov({
    store: { ids: () => records.map((r) => r.id), get: (id: string) => records.find((r) => r.id === id) },
    fault: (req) => fault?.(req.path),
    version: () => ({ apiVersion, dataTimestamp: '2026-11-26T09:00:00' }),
  });
});
afterAll(() => server.close());

const doctor = (args: string[] = [], opts: { nodeVersion?: string; env?: NodeJS.ProcessEnv } = {}) =>
  cli(['doctor', '--api-base', server.baseUrl, '--timeout', '500', ...args], opts);
const marks = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /^[✓!✗] /.test(l))
    .map((l) => l.replace(/^([✓!✗]) ([a-z-]+):.*$/, '$1 $2'));

describe('trialcard doctor', () => {
  it('all well: one ✓ line per check, exit 0, nothing left in --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'trialcard-doctor-'));
    const r = await doctor(['--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(marks(r.stdout)).toEqual(['✓ node', '✓ proxy', '✓ dns', '✓ registry', '✓ latency', '✓ user-agent', '✓ out']);
    expect(r.stdout).toContain('API 2.0.5, data of 2026-11-26T09:00:00');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a 403: the User-Agent check fails with a fix, exit 1', async () => {
    fault = (path) => (path === '/version' ? { kind: 'status', status: 403, body: 'Forbidden' } : undefined);
    const r = await doctor();
    fault = undefined;
    expect(r.code).toBe(1);
    expect(marks(r.stdout)).toContain('✗ user-agent');
    expect(r.stdout).toMatch(/fix: set --user-agent/);
  });

  it('a registry that does not answer in time: exit 3', async () => {
    fault = () => ({ kind: 'stall', ms: 3000 });
    const r = await doctor();
    fault = undefined;
    expect(r.code).toBe(3);
    expect(marks(r.stdout)).toContain('✗ registry');
    expect(r.stdout).toMatch(/cannot be reached from here/);
  });

  it('a wrong base URL: the registry check names it, exit 1', async () => {
    const r = await cli(['doctor', '--api-base', `${server.baseUrl}/wrong`, '--timeout', '500']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ registry: .*does not answer like the ClinicalTrials\.gov v2 API/);
  });

  it('an unwritable folder: ✗ out with a fix, exit 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trialcard-doctor-')), 'a-file');
    writeFileSync(file, 'x');
    for (const out of ['/proc', file]) {
      const r = await doctor(['--out', out]);
      expect(r.code, out).toBe(1);
      expect(r.stdout).toMatch(/✗ out: .*(cannot be written|is not a directory).*\n {4}fix: /);
    }
  });

  it('a listing with a stale lock and an unfinished journal: warnings, exit 0', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trialcard-doctor-')), 'site');
    const make = await cli(['search', '--cond', 'x', '--out', dir, '--api-base', server.baseUrl, '--rate', '0']);
    expect(make.code, make.stderr).toBe(0);
    writeFileSync(
      join(dir, '.trialcard.lock'),
      JSON.stringify({ pid: 999_999_999, host: 'elsewhere', started: 'then' }),
    );
    writeFileSync(join(dir, 'trialcard.journal'), '{"op":"remove","id":"NCT00000001","prevFileHash":null}\n');
    const r = await doctor(['--out', dir]);
    expect(r.code).toBe(0);
    expect(marks(r.stdout)).toEqual(expect.arrayContaining(['✓ listing', '! journal', '! lock']));
    expect(r.stdout).toMatch(/locked by pid 999999999 on host elsewhere/);
  });

  it('an old Node.js and a newer API minor: ✗ and !', async () => {
    apiVersion = '2.1.0';
    const r = await doctor([], { nodeVersion: '18.19.0' });
    apiVersion = '2.0.5';
    expect(r.code).toBe(1);
    expect(marks(r.stdout)).toEqual(expect.arrayContaining(['✗ node', '! registry']));
  });

  it('--log json: one object per check, then the summary', async () => {
    const r = await doctor(['--log', 'json']);
    expect(r.stdout).toBe('');
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const checks = lines.filter((l) => l.message === 'check');
    expect(checks.map((c) => c.check)).toEqual(['node', 'proxy', 'dns', 'registry', 'latency', 'user-agent']);
    expect(checks.every((c) => c.status === 'ok')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ message: 'summary', exitCode: 0, checks: 6, failed: 0 });
  });

  it('a proxy variable naming nothing that listens: ✗ proxy, exit 3', async () => {
    const r = await doctor([], { env: { HTTP_PROXY: 'http://127.0.0.1:9' } });
    expect(marks(r.stdout)).toContain('✗ proxy');
    expect(r.code).toBe(3);
  });

  it('a dead HTTPS_PROXY while the API is plain http: only a warning', async () => {
    const r = await doctor([], { env: { HTTPS_PROXY: 'http://127.0.0.1:9' } });
    expect(marks(r.stdout)).toContain('! proxy');
    expect(r.code).toBe(0);
  });

  it('--out whose parents are missing too: fine, a run makes them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'trialcard-doctor-'));
    const r = await doctor(['--out', join(root, 'a', 'b', 'c')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`is writable, so a run will create it`);
    expect(readdirSync(root)).toEqual([]);
  });

  it('an unreadable lock file is named', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trialcard-doctor-')), 'site');
    await cli(['search', '--cond', 'x', '--out', dir, '--api-base', server.baseUrl, '--rate', '0']);
    writeFileSync(join(dir, '.trialcard.lock'), '');
    const r = await doctor(['--out', dir]);
    expect(r.stdout).toMatch(/! lock: the lock file cannot be read/);
  });
});

describe('doctor rules', () => {
  it.each([
    ['20.18.1', '>=20.18.1', true],
    ['20.20.2', '>=20.18.1', true],
    ['22.0.0', '>=20.18.1', true],
    ['20.18.0', '>=20.18.1', false],
    ['18.20.4', '>=20.18.1', false],
  ])('Node %s against %s: %s', (v, range, ok) => expect(satisfies(v, range)).toBe(ok));
  it.each([
    ['2.0.5', 'ok'],
    ['2.0.9', 'ok'],
    ['2.1.0', 'warn'],
    ['3.0.0', 'fail'],
    ['1.9.0', 'fail'],
  ])('API %s: %s', (v, status) => expect(compareApiVersion(v)).toBe(status));
});
