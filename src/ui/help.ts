import { ExitCode } from '../errors.js';

// What --help adds after the options: real examples (clig.dev) and, at the top, the exit codes.
// The first example of each command is run by test/help.test.ts, so it stays true.

export const EXAMPLES: Record<string, string[]> = {
  fetch: [
    'trialcard fetch NCT07438847',
    'trialcard fetch NCT07438847 NCT02513394 --out site/',
    'trialcard fetch --ids-file ids.txt --format ndjson > trials.ndjson',
    'trialcard fetch NCT07438847 --format html --near 02115 > page.html',
  ],
  render: [
    'trialcard render fixtures/studies/NCT07438847.json',
    'trialcard render saved-page.json --out site/ --format html',
    'cat trials.ndjson | trialcard render - --format json',
  ],
  search: [
    'trialcard search --cond "thyroid cancer" --status recruiting --limit 5',
    'trialcard search --cond "thyroid cancer" --status recruiting --out site/ --title "Thyroid cancer trials"',
    'trialcard search --cond asthma --near "Boston, MA" --within 50',
  ],
  refresh: ['trialcard refresh site/', 'trialcard refresh site/ --dry-run', 'trialcard refresh site/ --log json'],
  check: ['trialcard check fixtures/studies/NCT07438847.json', 'trialcard check NCT07438847 --max-grade 7 --json'],
  eject: ['trialcard templates eject my-templates', 'trialcard fetch NCT07438847 --templates my-templates'],
  doctor: ['trialcard doctor', 'trialcard doctor --out site/', 'trialcard doctor --log json'],
  completion: [
    'trialcard completion bash',
    'trialcard completion bash > ~/.local/share/bash-completion/completions/trialcard',
    'trialcard completion zsh > ~/.zfunc/_trialcard',
    'trialcard completion fish > ~/.config/fish/completions/trialcard.fish',
  ],
};

const TOP_EXAMPLES = [
  'trialcard fetch NCT07438847',
  'trialcard search --cond "thyroid cancer" --status recruiting --out site/',
  'trialcard refresh site/',
  'trialcard doctor',
];

/** One line each; README's "Exit codes" has the long form. */
export const EXIT_CODES: [number, string][] = [
  [ExitCode.ok, 'every requested trial was delivered'],
  [ExitCode.notDelivered, 'some trials were not delivered (stderr names each and why); check: a page is too hard'],
  [ExitCode.usage, 'usage or input error (render: bad JSON partway stops the run there)'],
  [ExitCode.upstream, 'the registry is unavailable, and nothing was delivered'],
  [ExitCode.locked, 'another trialcard run holds the listing'],
  [ExitCode.local, 'stopped by this machine: disk full, folder gone or read-only, stdout closed'],
  [ExitCode.hangup, 'stopped by SIGHUP (the terminal closed), the same way as Ctrl-C'],
  [ExitCode.interrupted, 'interrupted (Ctrl-C); files written so far are complete'],
  [ExitCode.quit, 'stopped by SIGQUIT (Ctrl-\\), the same way as Ctrl-C'],
  [ExitCode.terminated, 'stopped by SIGTERM, the same way as Ctrl-C'],
];

const block = (title: string, lines: string[]) => `\n${title}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

export function commandHelp(name: string): string {
  return block('Examples', EXAMPLES[name] ?? []);
}

export function topHelp(): string {
  return (
    block('Examples', TOP_EXAMPLES) +
    block(
      'Exit codes',
      EXIT_CODES.map(([code, what]) => `${String(code).padStart(3)}  ${what}`),
    ) +
    '\nA nightly job that fails? Run trialcard doctor. More in README.md (Usage, Exit codes, Listings).\n'
  );
}

/** Commander prints string defaults quoted ("30000"); a value reads better bare. */
export function unquoteDefault(description: string): string {
  return description.replace(/\(default: "([^"]*)"\)/, '(default: $1)');
}
