import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, FetchFailure, InvalidRecord, LocalFailure, UsageError, writeFailure } from '../src/errors.js';
import {
  exitCodeFor,
  exitCodeOfError,
  failureKind,
  type Outcome,
  OutcomeLog,
  summaryLine,
  summaryObject,
} from '../src/outcome.js';

const ok = (id: string): Outcome => ({ id, kind: 'delivered' });
const up = (id: string): Outcome => ({
  id,
  kind: 'failed-upstream',
  error: new FetchFailure('server', 'ClinicalTrials.gov had a server error (HTTP 503)'),
});
const nf = (id: string): Outcome => ({
  id,
  kind: 'not-found',
  error: new FetchFailure('not-found', `${id} was not found on ClinicalTrials.gov`),
});
const local = (id: string): Outcome => ({
  id,
  kind: 'failed-local',
  error: new LocalFailure(`cannot write ${id}.md: a directory is in the way`, { systemic: false }),
});
const bad = (id: string): Outcome => ({
  id,
  kind: 'invalid-record',
  error: new InvalidRecord(`${id}: record does not match`),
});
const full = new LocalFailure('cannot write out/NCT1.md: the disk is full (ENOSPC)', { systemic: true });

describe('exitCodeFor: the one place outcomes become exit codes', () => {
  it.each<[string, number, Parameters<typeof exitCodeFor>[0]]>([
    ['nothing asked (a search that found nothing)', 0, { outcomes: [] }],
    ['every trial delivered', 0, { outcomes: [ok('A'), ok('B')] }],
    ['one not found among delivered', 1, { outcomes: [ok('A'), nf('B')] }],
    ['only not found', 1, { outcomes: [nf('A')] }],
    ['every failure upstream, nothing delivered', 3, { outcomes: [up('A'), up('B')] }],
    ['upstream failures beside a delivery', 1, { outcomes: [ok('A'), up('B')] }],
    ['upstream and not found, nothing delivered', 1, { outcomes: [up('A'), nf('B')] }],
    ['a local failure of one page', 1, { outcomes: [ok('A'), local('B')] }],
    ['an invalid record', 1, { outcomes: [bad('A')] }],
    ['stopped by a full disk', 5, { outcomes: [ok('A'), { id: 'B', kind: 'skipped' }], stoppedBy: full }],
    ['interrupted wins over everything', 130, { outcomes: [up('A')], interrupted: true, stoppedBy: full }],
    ['check: pages above the grade', 1, { outcomes: [ok('A')], tooHard: 1 }],
    ['check: fetch failures and hard pages', 1, { outcomes: [up('A'), ok('B')], tooHard: 1 }],
  ])('%s → %i', (_name, code, end) => expect(exitCodeFor(end)).toBe(code));

  it.each<[unknown, number]>([
    [new UsageError('bad flag'), 2],
    [new FetchFailure('network', 'cannot reach'), 3],
    [full, 5],
    [new Error('bug'), 1],
  ])('a thrown %s → %i', (err, code) => expect(exitCodeOfError(err)).toBe(code));

  it('README lists exactly the exit codes trialcard uses', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const table = readme.split('### Exit codes')[1]?.split('\n## ')[0]?.split('\n\n')[1] ?? '';
    const codes = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});

describe('failureKind and writeFailure', () => {
  it.each<[unknown, string]>([
    [new FetchFailure('not-found', 'x'), 'not-found'],
    [new InvalidRecord('x'), 'invalid-record'],
    [new FetchFailure('timeout', 'x'), 'failed-upstream'],
    [new FetchFailure('blocked', 'x'), 'failed-upstream'],
    [new LocalFailure('x', { systemic: false }), 'failed-local'],
  ])('%s → %s', (err, kind) => expect(failureKind(err as FetchFailure)).toBe(kind));

  it.each<[string, boolean, RegExp]>([
    ['ENOSPC', true, /the disk is full \(ENOSPC\)/],
    ['EROFS', true, /read-only/],
    ['ENOENT', true, /folder no longer exists/],
    ['EACCES', true, /permission denied/],
    ['EISDIR', false, /a directory is in the way/],
    ['ENAMETOOLONG', false, /ENAMETOOLONG/],
  ])('%s: systemic %s', (code, systemic, message) => {
    const f = writeFailure('out/NCT00000001.md', Object.assign(new Error('x'), { code }));
    expect(f.systemic).toBe(systemic);
    expect(f.message).toMatch(/^cannot write out\/NCT00000001\.md: /);
    expect(f.message).toMatch(message);
    expect(f.exitCode).toBe(systemic ? 5 : 1);
  });
});

describe('OutcomeLog and the summary', () => {
  it('one outcome per ID, the first wins; IDs never reached are listed as not attempted', () => {
    const log = new OutcomeLog(['A', 'B', 'C']);
    log.record(ok('A'));
    log.record(up('A'));
    log.record(ok('X'));
    const list = log.list(full);
    expect(list.map((o) => [o.id, o.kind])).toEqual([
      ['A', 'delivered'],
      ['B', 'skipped'],
      ['C', 'skipped'],
      ['X', 'delivered'],
    ]);
  });

  it('lists what was recorded: a plain outcome as its kind, a delivered one with its file from fileOf', () => {
    const log = new OutcomeLog([], (id) => `out/${id}.md`);
    const moved = { id: 'M', kind: 'delivered' as const, file: 'other/N.md', movedTo: 'N' };
    log.record(ok('A'));
    log.record(moved);
    log.record(up('B'));
    log.record({ id: 'S', kind: 'skipped' });
    expect(log.list()).toEqual([
      { id: 'A', kind: 'delivered', file: 'out/A.md' },
      moved,
      up('B'),
      { id: 'S', kind: 'skipped' },
    ]);
    const withoutFiles = new OutcomeLog();
    withoutFiles.record(ok('A'));
    expect(withoutFiles.list()).toEqual([{ id: 'A', kind: 'delivered' }]);
  });

  it('the line names every undelivered ID, grouped by reason', () => {
    const line = summaryLine([
      ok('A'),
      up('B'),
      up('C'),
      nf('D'),
      local('E'),
      { id: 'F', kind: 'skipped', error: full },
    ]);
    expect(line).toBe(
      '1 delivered, 1 not found, 3 failed, 1 not attempted: ' +
        'B, C (ClinicalTrials.gov had a server error (HTTP 503)); D (was not found on ClinicalTrials.gov); ' +
        'E (cannot write E.md: a directory is in the way); F (not attempted: the run stopped (cannot write ' +
        'out/NCT1.md: the disk is full (ENOSPC)))',
    );
    expect(summaryLine([ok('A')])).toBe('1 delivered, 0 not found, 0 failed');
    const many = Array.from({ length: 12 }, (_, i): Outcome => ({ id: `S${i}`, kind: 'skipped' }));
    expect(summaryLine(many)).toBe(
      '0 delivered, 0 not found, 0 failed, 12 not attempted: S0, S1, S2, S3, S4, S5, S6, S7, S8, S9 and 2 more ' +
        '(not attempted: the run stopped)',
    );
  });

  it('the JSON summary lists every ID with its outcome', () => {
    const s = summaryObject([{ ...ok('A'), file: 'out/A.md' }, up('B')]);
    expect(s).toMatchObject({
      delivered: 1,
      'failed-upstream': 1,
      outcomes: [
        { id: 'A', outcome: 'delivered', file: 'out/A.md' },
        { id: 'B', outcome: 'failed-upstream', reason: 'ClinicalTrials.gov had a server error (HTTP 503)' },
      ],
    });
  });
});
