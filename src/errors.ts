import { formatCount } from './model/text.js';
/** Exit codes; the README's table is the contract. */
export const ExitCode = {
  ok: 0,
  notDelivered: 1,
  usage: 2,
  upstream: 3,
  locked: 4,
  /** The machine, not the input: disk full, output folder gone or read-only, stdout closed with an error. */
  local: 5,
  /** SIGHUP (the terminal closed, an SSH session dropped): stopped as by Ctrl-C. */
  hangup: 129,
  interrupted: 130,
  /** SIGQUIT (Ctrl-\\): stopped as by Ctrl-C. */
  quit: 131,
  /** SIGTERM: stopped as by Ctrl-C. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: one line, a hint, and the exit code it maps to. */
export class TrialcardError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, opts: { exitCode: ExitCode; hint?: string; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = 'TrialcardError';
    this.exitCode = opts.exitCode;
    this.hint = opts.hint;
  }
}

/** Bad flags, IDs, files or templates: exit 2. */
export class UsageError extends TrialcardError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { exitCode: ExitCode.usage, hint, cause });
    this.name = 'UsageError';
  }
}

/** A record that does not match the v2 study schema: its own trial fails, wherever it came from. */
export class InvalidRecord extends TrialcardError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.notDelivered });
    this.name = 'InvalidRecord';
  }
}

/** Why one trial could not be delivered; `upstream` says whether the registry (not the ID) is to blame. */
export type FailureKind =
  | 'not-found'
  | 'rejected'
  | 'blocked'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad-response';

export class FetchFailure extends TrialcardError {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly url: string | undefined;
  /** Milliseconds the server asked us to wait (Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;
  /** At most this many retries, whatever --retries says (a DNS failure rarely heals in seconds). */
  readonly retryLimit: number | undefined;
  constructor(
    kind: FailureKind,
    message: string,
    opts: {
      status?: number;
      url?: string;
      hint?: string;
      cause?: unknown;
      retryAfterMs?: number;
      retryLimit?: number;
    } = {},
  ) {
    super(message, {
      exitCode: kind === 'not-found' ? ExitCode.notDelivered : kind === 'rejected' ? ExitCode.usage : ExitCode.upstream,
      hint: opts.hint,
      cause: opts.cause,
    });
    this.name = 'FetchFailure';
    this.kind = kind;
    this.status = opts.status;
    this.url = opts.url;
    this.retryAfterMs = opts.retryAfterMs;
    this.retryLimit = opts.retryLimit;
  }
  /** Failures worth another attempt: the registry may answer differently next time. */
  get transient(): boolean {
    return ['rate-limited', 'server', 'network', 'timeout', 'bad-response'].includes(this.kind);
  }
}

/**
 * Writing or rendering one trial's page failed here, not at the registry. `systemic` failures
 * (disk full, folder gone or read-only) would fail every other trial too, so the run stops.
 */
export class LocalFailure extends TrialcardError {
  readonly systemic: boolean;
  readonly path: string | undefined;
  constructor(message: string, opts: { systemic: boolean; path?: string; hint?: string; cause?: unknown }) {
    super(message, {
      exitCode: opts.systemic ? ExitCode.local : ExitCode.notDelivered,
      hint: opts.hint,
      cause: opts.cause,
    });
    this.name = 'LocalFailure';
    this.systemic = opts.systemic;
    this.path = opts.path;
  }
}

/** A page that could not be rendered fails alone: the template or the record is at fault, not the disk. */
export function renderFailure(id: string, err: unknown): LocalFailure {
  return new LocalFailure(`${id}: the page could not be rendered (${(err as Error)?.message ?? err})`, {
    systemic: false,
    cause: err,
  });
}

// Errors that concern one file only; anything else about the disk concerns every file.
const PER_FILE_CODES = new Set(['EISDIR', 'ENOTEMPTY', 'EEXIST', 'ENAMETOOLONG']);

/** A failed write of `path` as a LocalFailure: per file (a directory in the way) or systemic (disk full). */
export function writeFailure(path: string, err: unknown): LocalFailure {
  if (err instanceof LocalFailure) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'its folder no longer exists',
    ENOTDIR: 'its folder is not a directory',
    EISDIR: 'a directory is in the way',
    ENOTEMPTY: 'a directory is in the way',
    EEXIST: 'a directory is in the way',
    EIO: 'the disk reported an I/O error',
  };
  const reason = why[code] ?? `${code || (err as Error)?.message || String(err)}`;
  const systemic = !PER_FILE_CODES.has(code);
  return new LocalFailure(`cannot write ${path}: ${reason}${code && why[code] ? ` (${code})` : ''}`, {
    systemic,
    path,
    hint: systemic ? 'free space or fix the output folder, then run again' : 'move what is in the way, then run again',
    cause: err,
  });
}

/**
 * A user's input quoted in a one-line error: as JSON (so blanks and control characters show), and cut at 60
 * characters with its length, so a 3 MB junk line never becomes a 3 MB message.
 */
export function quoted(input: string): string {
  if (input.length <= 60) return JSON.stringify(input);
  return `${JSON.stringify(`${input.slice(0, 57)}…`)} (${formatCount(input.length)} characters)`;
}
