import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/errors.js';
import { EXAMPLES, EXIT_CODES } from '../src/ui/help.js';
import { cli } from './support/cli.js';
import { lightRecords, startFakeCtgov } from './support/fake-ctgov.js';

// Help that teaches: every command's --help ends with examples, the top level with the exit
// codes; the first example of each command really runs (against the loopback registry).

let server: Awaited<ReturnType<typeof startFakeCtgov>>;
const records = lightRecords();
beforeAll(async () => {
  server = await startFakeCtgov({
    store: { ids: () => records.map((r) => r.id), get: (id: string) => records.find((r) => r.id === id) },
  });
});
afterAll(() => server.close());

const COMMANDS: [string, string[]][] = [
  ['fetch', ['fetch']],
  ['render', ['render']],
  ['search', ['search']],
  ['refresh', ['refresh']],
  ['check', ['check']],
  ['eject', ['templates', 'eject']],
  ['doctor', ['doctor']],
  ['completion', ['completion']],
];

/** "trialcard fetch NCT07438847" → argv, with shell quotes honoured; paths made to point into `dir`. */
function argvOf(example: string, dir: string): string[] {
  const words = (example.match(/"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^"|"$/g, ''));
  return words.slice(1).map((w) => (w === 'site/' ? join(dir, 'site') : w === 'my-templates' ? join(dir, 'tpl') : w));
}

describe('help', () => {
  it('the top level lists examples and every exit code', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:\n  trialcard fetch NCT07438847');
    for (const [code, what] of EXIT_CODES) expect(r.stdout).toContain(`${String(code).padStart(3)}  ${what}`);
    expect(EXIT_CODES.map(([c]) => c).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
    expect(r.stdout).toContain('trialcard doctor');
  });

  it('defaults read as values, not quoted strings', async () => {
    const r = await cli(['fetch', '--help']);
    expect(r.stdout).toContain('(default: 2)');
    expect((await cli(['--help'])).stdout).toContain('(default: 30000)');
    expect(r.stdout).not.toMatch(/default: "/);
  });

  it.each(COMMANDS)('%s --help ends with 2–4 examples', async (name, path) => {
    const r = await cli([...path, '--help']);
    expect(r.code).toBe(0);
    const examples = EXAMPLES[name] ?? [];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(4);
    expect(r.stdout.trimEnd().endsWith(examples.map((e) => `  ${e}`).join('\n'))).toBe(true);
  });

  it('the first example of every command runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialcard-help-'));
    const env = { TRIALCARD_API_BASE: server.baseUrl };
    // refresh needs a listing: the second search example makes one.
    const make = await cli([...argvOf(EXAMPLES.search?.[1] ?? '', dir), '--rate', '0'], { env });
    expect(make.code, make.stderr).toBe(0);
    for (const [name] of COMMANDS) {
      const first = EXAMPLES[name]?.[0] ?? '';
      const r = await cli(
        [...argvOf(first, dir), ...(/fetch|search|refresh|doctor/.test(name) ? ['--rate', '0'] : [])],
        {
          env,
        },
      );
      expect(r.code, `${first}: ${r.stderr}`).toBe(0);
    }
  });
});

describe('completion', () => {
  const spec = async () => (await cli(['completion', 'bash'])).stdout;
  it.each(['bash', 'zsh', 'fish'])('%s: a script naming every command and option', async (shell) => {
    const r = await cli(['completion', shell]);
    expect(r.code).toBe(0);
    for (const word of ['fetch', 'render', 'search', 'refresh', 'check', 'templates', 'eject', 'doctor', 'completion'])
      expect(r.stdout).toContain(word);
    for (const option of [
      'ids-file',
      'out',
      'format',
      'near',
      'dry-run',
      'changes-days',
      'api-base',
      'log',
      'max-grade',
    ])
      expect(r.stdout).toContain(option);
  });
  it('comes from the program itself: a fetch-only option is offered for fetch, not for render', async () => {
    const bash = await spec();
    const line = (cmd: string) => bash.split('\n').find((l) => l.trim().startsWith(`"${cmd}")`)) ?? '';
    expect(line('fetch')).toContain('--ids-file');
    expect(line('render')).not.toContain('--ids-file');
    expect(line('templates eject')).toBeDefined();
  });
  it('the bash script parses (bash -n)', async () => {
    const script = await spec();
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
  });
  it('an unknown shell is a usage error', async () => {
    const r = await cli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('trialcard: error: no completion for "tcsh" (use one of bash, zsh, fish)\n');
  });
});
