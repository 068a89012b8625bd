import type { ChalkInstance } from 'chalk';

// Everything that is not the product (pages) goes to stderr through here.

export interface ReporterOptions {
  stderr: { write(s: string): unknown; isTTY?: boolean };
  chalk: ChalkInstance;
  quiet: boolean;
  verbose: boolean;
  log: 'text' | 'json';
}

export type Reporter = ReturnType<typeof createReporter>;

export function createReporter(o: ReporterOptions) {
  const seen = new Set<string>();
  const progressOn = o.stderr.isTTY === true && !o.quiet && o.log === 'text';
  let progressShown = false;
  const emit = (level: string, message: string, extra: Record<string, unknown> = {}) => {
    if (o.log === 'json') o.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...extra })}\n`);
    else {
      clearProgress();
      const tag = level === 'error' ? o.chalk.red('error') : level === 'warn' ? o.chalk.yellow('warning') : undefined;
      o.stderr.write(`trialcard: ${tag ? `${tag}: ` : ''}${message}\n`);
    }
  };
  function clearProgress() {
    if (progressShown) {
      o.stderr.write('\r\x1b[K');
      progressShown = false;
    }
  }
  return {
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
    /** Stack and cause chain, only with --verbose. */
    trace(err: unknown) {
      if (!o.verbose) return;
      for (let e = err as { stack?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
        o.stderr.write(`${depth ? 'caused by: ' : ''}${e.stack ?? String(e)}\n`);
      }
    },
    debug(message: string) {
      if (o.verbose) emit('debug', message);
    },
    progress(done: number, total: number | undefined) {
      if (!progressOn) return;
      const width = 24;
      const bar = total ? '#'.repeat(Math.round((done / total) * width)).padEnd(width, '.') : '';
      o.stderr.write(`\r\x1b[K${total ? `[${bar}] ` : ''}${done}${total ? `/${total}` : ''} trials`);
      progressShown = true;
    },
    endProgress: clearProgress,
    get verbose() {
      return o.verbose;
    },
  };
}
