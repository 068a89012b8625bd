/** Exit codes; the README's table is the contract. */
export const ExitCode = {
  ok: 0,
  notDelivered: 1,
  usage: 2,
  upstream: 3,
  locked: 4,
  interrupted: 130,
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

/** Why one trial could not be delivered; `upstream` says whether the registry (not the ID) is to blame. */
export type FailureKind = 'not-found' | 'rejected' | 'blocked' | 'rate-limited' | 'server' | 'network' | 'timeout' | 'bad-response' | 'invalid-record';

export class FetchFailure extends TrialcardError {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly url: string | undefined;
  /** Milliseconds the server asked us to wait (Retry-After), if it said. */
  readonly retryAfterMs: number | undefined;
  constructor(kind: FailureKind, message: string, opts: { status?: number; url?: string; hint?: string; cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { exitCode: kind === 'not-found' || kind === 'invalid-record' ? ExitCode.notDelivered : kind === 'rejected' ? ExitCode.usage : ExitCode.upstream, hint: opts.hint, cause: opts.cause });
    this.name = 'FetchFailure';
    this.kind = kind;
    this.status = opts.status;
    this.url = opts.url;
    this.retryAfterMs = opts.retryAfterMs;
  }
  /** Failures worth another attempt: the registry may answer differently next time. */
  get transient(): boolean {
    return ['rate-limited', 'server', 'network', 'timeout', 'bad-response'].includes(this.kind);
  }
}

/** The one place that turns any thrown value into an exit code. */
export function toExitCode(err: unknown): ExitCode {
  if (err instanceof TrialcardError) return err.exitCode;
  return ExitCode.notDelivered;
}
