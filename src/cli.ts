import { hostname } from 'node:os';
import { createRequire } from 'node:module';
import { Command, CommanderError, Help, Option } from 'commander';
import type { Ctx, Io } from './commands/context.js';
import { ExitCode, TrialcardError, UsageError, writeFailure } from './errors.js';
import type { Owner } from './io/files.js';
import { exitCodeOfError } from './outcome.js';
import { colorEnabled, makeChalk } from './ui/color.js';
import type { CommandSpec } from './ui/completion.js';
import { commandHelp, topHelp, unquoteDefault } from './ui/help.js';
import { createReporter } from './ui/reporter.js';
import { readVersion } from './io/version.js';

// Builds the program and is the one place where errors become exit codes.
// Command modules load lazily so `trialcard --help` stays close to bare node start-up.

const collect = (value: string, prev: string[] = []) => [...prev, value];

function outputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', 'md, html, json (the normalized model) or ndjson', 'md')
    .option('-o, --out <dir>', 'write one file per trial into DIR (atomically) instead of stdout')
    .option('--no-front-matter', 'leave YAML front matter off Markdown pages')
    .option('--template <file>', 'page template to use instead of the built-in one')
    .option('--templates <dir>', 'directory with a page template and partials (see templates eject)')
    .option('--overlays <dir>', 'editorial overlays: one NCT00000000.yaml per trial')
    .option('--near <place>', 'list sites by distance from PLACE: a US ZIP, "City, ST", "City, Country" or "LAT,LON"')
    .option('--units <unit>', 'distance unit with --near: mi or km (default: mi for US places, km elsewhere)');
}

function networkOptions(cmd: Command): Command {
  return cmd
    .option('--concurrency <n>', 'requests in flight at once (1-16)', '2')
    .option(
      '--page-size <n>',
      'records per API page (1-1000); pages are streamed, so memory does not grow with it',
      '1000',
    );
}

export async function run(argv: string[], io: Io): Promise<number> {
  const version = readVersion();
  const reporterFor = (o: { quiet?: unknown; verbose?: unknown; log?: unknown; color?: unknown }) =>
    createReporter({
      stderr: io.stderr,
      chalk: makeChalk(colorEnabled(io.stderr, io.env, o.color === false ? false : undefined)),
      quiet: o.quiet === true,
      verbose: o.verbose === true,
      log: o.log === 'json' ? 'json' : 'text',
      dumbTerminal: io.env.TERM === 'dumb',
    });
  // Until commander has parsed the options (a usage error), only the log format is read from argv;
  // the real reporter is built from the parsed options, so "--user-agent -q" is a User-Agent, not --quiet.
  const ctx: Ctx = {
    io,
    reporter: reporterFor({ log: logJson(argv) ? 'json' : 'text' }),
    version,
    owner: io.owner ?? thisProcess(),
  };
  io.signal?.addEventListener(
    'abort',
    () => {
      // main() aborts with the signal's name; any other abort (a library user's) reads as Ctrl-C.
      const reason = io.signal?.reason;
      const by = typeof reason === 'string' && reason !== 'SIGINT' ? reason : 'Ctrl-C';
      ctx.reporter.error(`interrupted (${by}); pages already written are complete, run again to finish`);
    },
    { once: true },
  );
  let code: number = ExitCode.ok;

  const program = new Command('trialcard')
    .description('Fetch ClinicalTrials.gov records and render plain-language "Find a Trial" pages.')
    .version(version, '-V, --version')
    .option('--api-base <url>', 'API base URL (env TRIALCARD_API_BASE)', undefined)
    .option('--timeout <ms>', 'connect/headers/body timeout per request in ms', '30000')
    .option('--retries <n>', 'retries for 429, 5xx, resets and timeouts (0-10)', '4')
    .option('--retry-delay <ms>', 'first backoff wait; doubles each retry, capped at 30 s', '1000')
    .option('--rate <n>', 'requests per second across the run (0 = no limit)', '1')
    .option('--user-agent <ua>', 'User-Agent header (env TRIALCARD_USER_AGENT)')
    .option('-q, --quiet', 'no progress, warnings or summary on success')
    .option('--verbose', 'retries and stack traces on stderr')
    .option('--no-color', 'no colour on stderr (NO_COLOR and TERM=dumb also work)')
    .addOption(
      new Option('--log <kind>', 'stderr as text or one JSON object per event')
        .choices(['text', 'json'])
        .default('text'),
    )
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Help shown for a usage mistake (no command, `help nosuch`) goes to stderr: with --log json, as one event.
      writeErr: (s) => (logJson(argv) ? ctx.reporter.error(s.trimEnd()) : io.stderr.write(s)),
      outputError: (s) => ctx.reporter.error(`${s.replace(/^error: /, '').trimEnd()} (see trialcard --help)`),
    })
    .hook('preAction', (_program, action) => {
      ctx.reporter = reporterFor(action.optsWithGlobals());
    })
    .configureHelp({ optionDescription: (o) => unquoteDefault(new Help().optionDescription(o)) })
    .addHelpText('after', topHelp());

  const fetchCmd = program
    .command('fetch')
    .description('fetch trials by NCT ID and render one page each')
    .argument('[ids...]', 'NCT IDs, e.g. NCT07438847')
    .option('--ids-file <file>', 'file with one NCT ID per line (# comments; - for stdin)')
    .addHelpText('after', commandHelp('fetch'));
  outputOptions(networkOptions(fetchCmd)).action(async (ids: string[], _o, cmd: Command) => {
    const [{ fetchCommand }, o] = await Promise.all([import('./commands/fetch.js'), import('./commands/options.js')]);
    code = await fetchCommand(ids, o.parseOptions(o.fetchSchema, cmd.optsWithGlobals()), ctx);
  });

  const renderCmd = program
    .command('render')
    .description('render saved v2 records offline (a study, a search page or NDJSON; - for stdin)')
    .argument('[files...]', 'saved record files (- reads stdin)')
    .addHelpText('after', commandHelp('render'));
  outputOptions(renderCmd).action(async (files: string[], _o, cmd: Command) => {
    const [{ renderCommand }, o] = await Promise.all([import('./commands/render.js'), import('./commands/options.js')]);
    code = await renderCommand(files, o.parseOptions(o.renderSchema, cmd.optsWithGlobals()), ctx);
  });

  const searchCmd = program
    .command('search')
    .description('render every trial that matches a search')
    .option('--cond <text>', 'condition or disease')
    .option('--term <text>', 'other terms')
    .option('--location <text>', 'city, state or country')
    .option('--intervention <text>', 'drug or other intervention')
    .option('--sponsor <text>', 'sponsor or collaborator')
    .option('--status <status>', 'recruitment status, repeatable (recruiting, not-yet-recruiting, …)', collect)
    .option('--phase <phase>', 'phase, repeatable (early1, 1, 2, 3, 4, na)', collect)
    .option('--updated-since <date>', 'only trials updated on or after YYYY-MM-DD')
    .option('--limit <n>', 'stop after N trials')
    .option('--within <n>', 'with --near: keep only trials with an open site within N miles (or km with --units km)')
    .option('--title <text>', 'title of the listing index (with --out)')
    .option('--prune', 'with --out: delete pages of trials that left the listing')
    .option('--allow-empty', 'with --out: publish even when the search finds nothing')
    .option('--changes-days <n>', 'with --out: days of history kept in changes.md and feed.xml (default: 90)')
    .option('--changes-max <n>', 'with --out: most entries kept in changes.md and feed.xml (default: 500)')
    .addHelpText('after', commandHelp('search'));
  outputOptions(networkOptions(searchCmd)).action(async (_o, cmd: Command) => {
    const [{ searchCommand }, o] = await Promise.all([import('./commands/search.js'), import('./commands/options.js')]);
    code = await searchCommand(o.parseOptions(o.searchSchema, cmd.optsWithGlobals()), ctx);
  });

  const refreshCmd = program
    .command('refresh')
    .description("re-run a listing's saved search and rewrite only the pages that changed")
    .argument('<dir>', 'a listing made by trialcard search … --out DIR')
    .option(
      '--since <date>',
      'ask for every trial updated since YYYY-MM-DD (default: the last update seen, minus 4 days)',
    )
    .option('--full', 're-fetch every trial, not only those updated recently')
    .option('--prune', 'delete pages of trials that left the listing (default: keep them, flagged)')
    .option('--allow-empty', 'publish even when the registry returns no trials or /version cannot be read')
    .option('--dry-run', 'print what changed (as changes.md would) and write nothing')
    .option('--changes-days <n>', 'days of history kept in changes.md and feed.xml (default: as before, 90)')
    .option('--changes-max <n>', 'most entries kept in changes.md and feed.xml (default: as before, 500)')
    .addHelpText('after', commandHelp('refresh'));
  networkOptions(refreshCmd).action(async (dir: string, _o, cmd: Command) => {
    const [{ refresh }, o] = await Promise.all([import('./commands/listing.js'), import('./commands/options.js')]);
    code = await refresh(dir, o.parseOptions(o.refreshSchema, cmd.optsWithGlobals()), ctx);
  });

  program
    .command('check')
    .description('reading grade of the prose trialcard writes, per page (IDs or saved record files)')
    .argument('<inputs...>', 'NCT IDs or saved record files')
    .option('--max-grade <n>', 'exit 1 when a page is above this grade', '8')
    .option('--json', 'print the report as JSON')
    .option('--overlays <dir>', 'also list overlays whose review is older than the record')
    .addHelpText('after', commandHelp('check'))
    .action(async (inputs: string[], _o, cmd: Command) => {
      const [{ checkCommand }, o] = await Promise.all([import('./commands/check.js'), import('./commands/options.js')]);
      code = await checkCommand(inputs, o.parseOptions(o.checkSchema, cmd.optsWithGlobals()), ctx);
    });

  program
    .command('templates')
    .description('work with page templates')
    .addHelpText('after', commandHelp('eject'))
    .command('eject')
    .description('copy the built-in templates into DIR for editing (use them with --templates DIR)')
    .argument('<dir>', 'target directory (must not contain templates already)')
    .addHelpText('after', commandHelp('eject'))
    .action(async (dir: string) => {
      const { ejectTemplates } = await import('./commands/templates.js');
      code = await ejectTemplates(dir, ctx);
    });

  program
    .command('doctor')
    .description('check this machine for trialcard: Node.js, DNS, proxy, the registry, the User-Agent, --out')
    .option('-o, --out <dir>', 'also check that DIR is writable, and its listing state')
    .addHelpText('after', commandHelp('doctor'))
    .action(async (_o, cmd: Command) => {
      const [{ doctorCommand }, o] = await Promise.all([
        import('./commands/doctor.js'),
        import('./commands/options.js'),
      ]);
      code = await doctorCommand(o.parseOptions(o.doctorSchema, cmd.optsWithGlobals()), ctx);
    });

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish), made from these very commands')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', commandHelp('completion'))
    .action(async (shell: string) => {
      const { completionScript, SHELLS } = await import('./ui/completion.js');
      const which = shell.toLowerCase() as (typeof SHELLS)[number];
      if (!SHELLS.includes(which))
        throw new UsageError(`no completion for ${JSON.stringify(shell)}`, `use one of ${SHELLS.join(', ')}`);
      io.stdout.write(completionScript(which, specOf(program)));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError)
      code = err.exitCode === 0 ? ExitCode.ok : ExitCode.usage; // 0: --help, --version
    else if (io.signal?.aborted) code = ExitCode.interrupted;
    else {
      if (err instanceof TrialcardError) ctx.reporter.error(err.message, err.hint);
      else
        ctx.reporter.error(
          `unexpected error: ${(err as Error)?.message ?? String(err)}`,
          'run again with --verbose and report it',
        );
      ctx.reporter.trace(err);
      code = exitCodeOfError(err);
    }
  }
  // --log json always ends with a summary line, also after a usage error or an interrupt.
  if (!ctx.reporter.summarized) ctx.reporter.summary({ exitCode: code });
  return code;
}

/** The program as data, for completion scripts. */
function specOf(cmd: Command): CommandSpec {
  return {
    name: cmd.name(),
    description: cmd.description(),
    options: cmd.options
      .filter((o) => o.long)
      .map((o) => ({
        long: o.long as string,
        ...(o.short ? { short: o.short } : {}),
        description: o.description,
        value: o.required || o.optional,
        ...(o.argChoices ? { choices: o.argChoices } : {}),
      })),
    commands: cmd.commands.map(specOf),
  };
}

/** The running process, for the temp files and locks it owns. */
function thisProcess(): Owner {
  return {
    host: hostname(),
    pid: process.pid,
    alive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
      }
    },
  };
}

/** A line written after run() has returned, when no reporter is left: text or JSON as --log asks. */
function lastWord(level: 'info' | 'error', message: string, exitCode: number): void {
  process.stderr.write(
    logJson(process.argv)
      ? `${JSON.stringify({ time: new Date().toISOString(), level, message, exitCode })}\n`
      : level === 'error'
        ? `trialcard: error: ${message}\n`
        : '',
  );
}

function logJson(argv: string[]): boolean {
  return argv.some((a, i) => (a === '--log' && argv[i + 1] === 'json') || a === '--log=json');
}

/** Each signal that ends a run, and its exit code (128 + the signal's number, as a shell reports it). */
const STOPS = {
  SIGHUP: ExitCode.hangup,
  SIGINT: ExitCode.interrupted,
  SIGQUIT: ExitCode.quit,
  SIGTERM: ExitCode.terminated,
} as const;

/**
 * Wires real I/O; SIGINT (Ctrl-C), SIGTERM (cron, systemd, `timeout`), SIGHUP (a closed terminal) and SIGQUIT abort
 * in-flight requests, let atomic writes settle and their temp files go, then exit 128 + the signal's number.
 */
export async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupted: ExitCode | undefined;
  const stop = (signal: keyof typeof STOPS) => {
    if (interrupted !== undefined) return;
    interrupted = STOPS[signal];
    const exitCode = interrupted;
    controller.abort(signal);
    // A second signal, or a run that does not settle quickly (waiting on stdin), ends at once;
    // --log json still gets its closing summary line.
    const forceExit = () => {
      if (logJson(process.argv)) lastWord('info', 'summary', exitCode);
      process.exit(exitCode);
    };
    for (const s of Object.keys(STOPS)) process.once(s, forceExit);
    setTimeout(forceExit, 2000).unref();
  };
  for (const s of Object.keys(STOPS) as (keyof typeof STOPS)[]) process.once(s, () => stop(s));
  // `trialcard fetch … | head` closes stdout early: that is the reader's choice, not an error.
  // Any other stdout failure (a full disk behind a redirect) reaches the run through write callbacks.
  let stdoutFailed: Error | undefined;
  // Whether the run's own summary line went out: a reader that closes stdout early gets exactly one.
  let summarized = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      if (logJson(process.argv) && !summarized) lastWord('info', 'summary', Number(process.exitCode ?? 0));
      process.exit(process.exitCode ?? 0);
    }
    stdoutFailed ??= err;
  });
  // A closed terminal (SIGHUP) makes stderr fail with EIO: the run still settles its writes and exits 129, silently.
  process.stderr.on('error', () => {});
  let code = await run(process.argv.slice(2), {
    stdout: {
      write: (s, done) =>
        process.stdout.write(s, (err) => {
          if ((err as NodeJS.ErrnoException | null | undefined)?.code === 'EPIPE') return; // the 'error' handler exits
          if (err) stdoutFailed ??= err;
          done?.(err);
        }),
      isTTY: process.stdout.isTTY,
    },
    stderr: {
      write: (s: string) => {
        if (s.includes('"message":"summary"')) summarized = true;
        return process.stderr.write(s);
      },
      isTTY: process.stderr.isTTY,
    },
    stdin: () => readStdin(),
    stdinChunks: () => process.stdin,
    nodeVersion: process.versions.node,
    batch: tuneHeapForBatch,
    env: process.env,
    signal: controller.signal,
  });
  // Output that is not a page (a report, help) failed without the run noticing: say so once.
  await new Promise((resolve) => setImmediate(resolve)); // write callbacks of the last output
  if (stdoutFailed && code !== ExitCode.local) {
    lastWord('error', writeFailure('standard output', stdoutFailed).message, ExitCode.local);
    code = ExitCode.local;
  }
  process.exitCode = interrupted ?? code;
}

/**
 * Batches stream record by record, so the live heap is small; V8 would still let the heap grow lazily to ~220 MB
 * over 20,000 records. Growing it in smaller steps keeps peak RSS near 150 MB at no measurable cost in speed (see
 * npm run bench). Set once the run is a batch (a listing, or a second page out): for one page, the smaller steps
 * only add collections, and node:v8 takes ~2 ms to load. 100,000 trials of search --out peaked at 321 MB without
 * it, 203 MB with steps of 20 % and 193 MB with 10 % (4,000 records rendered: 11.0 and 10.7 s, no slower).
 */
function tuneHeapForBatch(): void {
  (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString(
    '--heap-growing-percent=10',
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
