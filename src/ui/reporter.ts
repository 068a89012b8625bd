import type { ChalkInstance } from 'chalk';
import { stripControls } from '../model/text.js';

// Everything that is not the product (pages) goes to stderr through here. With --log json
// every line is one JSON object and the last one is the summary.

export interface ReporterOptions {
  stderr: { write(s: string): unknown; isTTY?: boolean };
  chalk: ChalkInstance;
  quiet: boolean;
  verbose: boolean;
  log: 'text' | 'json';
  /** TERM=dumb cannot redraw a line: no progress bar or waiting notice. */
  dumbTerminal?: boolean;
  now?: () => Date;
}

export type Reporter = ReturnType<typeof createReporter>;

export function createReporter(o: ReporterOptions) {
  const seen = new Set<string>();
  const live = o.stderr.isTTY === true && !o.dumbTerminal && o.log === 'text';
  const progressOn = live && !o.quiet;
  const now = o.now ?? (() => new Date());
  let lineShown = false;
  let summarized = false;
  const emit = (level: string, message: string, extra: Record<string, unknown> = {}) => {
    if (o.log === 'json')
      o.stderr.write(`${JSON.stringify({ time: now().toISOString(), level, message, ...extra })}\n`);
    else {
      clearLine();
      const tag = level === 'error' ? o.chalk.red('error') : level === 'warn' ? o.chalk.yellow('warning') : undefined;
      // Record text reaches messages; a terminal must never get its control codes.
      o.stderr.write(`trialcard: ${tag ? `${tag}: ` : ''}${oneLine(message)}\n`);
    }
  };
  function clearLine() {
    if (lineShown) {
      o.stderr.write('\r\x1b[K');
      lineShown = false;
    }
  }
  /** A line redrawn in place (progress, waiting); only on a real terminal. */
  function status(text: string) {
    o.stderr.write(`\r\x1b[K${oneLine(text)}`);
    lineShown = true;
  }
  return {
    /** --log json: every line is an object; reports go there instead of plain stdout text. */
    json: o.log === 'json',
    error(message: string, hint?: string, extra?: Record<string, unknown>) {
      emit('error', hint ? `${message} (${hint})` : message, extra);
    },
    /** Each distinct warning is printed once per run. */
    warn(message: string) {
      if (seen.has(message)) return;
      seen.add(message);
      if (!o.quiet) emit('warn', message);
    },
    info(message: string, extra?: Record<string, unknown>) {
      if (!o.quiet) emit('info', message, extra);
    },
    event(name: string, extra: Record<string, unknown>) {
      if (o.log === 'json') emit('info', name, extra);
    },
    /** The run's last word in --log json: counts and every trial's outcome (built only then, when a function). */
    summary(extra: Record<string, unknown> | (() => Record<string, unknown>)) {
      summarized = true;
      if (o.log === 'json') emit('info', 'summary', typeof extra === 'function' ? extra() : extra);
    },
    get summarized() {
      return summarized;
    },
    /** Stack and cause chain, only with --verbose. */
    trace(err: unknown) {
      if (!o.verbose) return;
      for (
        let e = err as { stack?: string; cause?: unknown } | undefined, depth = 0;
        e && depth < 4;
        e = e.cause as typeof e, depth++
      ) {
        o.stderr.write(`${depth ? 'caused by: ' : ''}${stripControls(e.stack ?? String(e))}\n`);
      }
    },
    debug(message: string) {
      if (o.verbose) emit('debug', message);
    },
    /** A wait the user should know about ("retrying in 8 s (HTTP 503)"): on a terminal, or with --verbose. */
    waiting(message: string) {
      if (o.log === 'json') emit('info', 'waiting', { detail: message });
      else if (o.verbose) emit('info', message);
      else if (live && !o.quiet) status(message);
    },
    /** The wait is over: remove the notice. */
    doneWaiting() {
      clearLine();
    },
    progress(done: number, total: number | undefined) {
      if (!progressOn) return;
      const width = 24;
      const bar = total ? '#'.repeat(Math.round((done / total) * width)).padEnd(width, '.') : '';
      status(`${total ? `[${bar}] ` : ''}${done}${total ? `/${total}` : ''} trials`);
    },
    endProgress: clearLine,
  };
}

function oneLine(text: string): string {
  return stripControls(text).replace(/[\n\t]+/g, ' ');
}
