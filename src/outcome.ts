import { ExitCode, FetchFailure, InvalidRecord, LocalFailure, TrialcardError } from './errors.js';
import { groupBy } from './model/group.js';

// Every requested trial ends in exactly one outcome, and exit codes come from outcomes in one
// place. README's exit-code table is this file in words.

export type OutcomeKind = 'delivered' | 'not-found' | 'failed-upstream' | 'failed-local' | 'invalid-record' | 'skipped';

export interface Outcome {
  id: string;
  kind: OutcomeKind;
  /** Delivered to a file (absent on stdout). */
  file?: string;
  /** The canonical NCT ID when the requested one is an alias. */
  movedTo?: string;
  /** Why it was not delivered. */
  error?: TrialcardError;
}

export interface RunEnd {
  outcomes: readonly Outcome[];
  /** Ctrl-C. */
  interrupted?: boolean;
  /** What stopped the run: a local failure (disk full, folder gone), or the registry partway through a listing. */
  stoppedBy?: TrialcardError;
  /** `check`: pages above the reading grade. */
  tooHard?: number;
  /** `render`: bad input partway through a file stopped the run (pages before it are delivered). */
  badInput?: TrialcardError;
}

/** The kind of outcome a failure gives its trial. */
export function failureKind(err: TrialcardError): Exclude<OutcomeKind, 'delivered' | 'skipped'> {
  if (err instanceof LocalFailure) return 'failed-local';
  if (err instanceof InvalidRecord) return 'invalid-record';
  if (err instanceof FetchFailure && err.kind === 'not-found') return 'not-found';
  return 'failed-upstream';
}

/**
 * 130 interrupted; 5 stopped by a local failure; 2 bad input partway; 0 every trial delivered (or none asked for);
 * 3 nothing delivered and every failure was the registry's; 1 otherwise (also `check` over the grade).
 */
export function exitCodeFor(end: RunEnd): ExitCode {
  if (end.interrupted) return ExitCode.interrupted;
  if (end.stoppedBy) return end.stoppedBy instanceof LocalFailure ? ExitCode.local : end.stoppedBy.exitCode;
  if (end.badInput) return ExitCode.usage;
  const failed = end.outcomes.filter((o) => o.kind !== 'delivered');
  if (failed.length === 0) return (end.tooHard ?? 0) > 0 ? ExitCode.notDelivered : ExitCode.ok;
  if (failed.length === end.outcomes.length && failed.every((o) => o.kind === 'failed-upstream'))
    return ExitCode.upstream;
  return ExitCode.notDelivered;
}

/** A thrown error that ended the whole run: its own code (usage 2, upstream 3, locked 4, local 5), else 1. */
export function exitCodeOfError(err: unknown): ExitCode {
  if (err instanceof TrialcardError) return err.exitCode;
  return ExitCode.notDelivered;
}

/**
 * One outcome per ID, the first recorded wins; IDs asked for up front are listed even if never reached. A plain
 * outcome (an ID and its kind, nothing more) is kept as its kind alone, and a delivered one's file is found again
 * by `fileOf` when listed: a listing of 100,000 trials holds no object or path per trial while it runs.
 */
export class OutcomeLog {
  private readonly byId = new Map<string, Outcome | OutcomeKind>();
  private readonly requested: string[];

  constructor(
    requested: readonly string[] = [],
    private readonly fileOf?: (id: string) => string,
  ) {
    this.requested = [...requested];
  }

  /** Work found to be left over (the unread rest of an input): not attempted unless recorded. */
  expect(id: string): void {
    if (!this.requested.includes(id)) this.requested.push(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  record(o: Outcome): void {
    if (this.byId.has(o.id)) return;
    const plain = o.file === undefined && o.movedTo === undefined && o.error === undefined;
    this.byId.set(o.id, plain ? o.kind : o);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Requested IDs in the order asked (those never reached are `skipped`), then the rest in arrival order. */
  list(stopReason?: TrialcardError): Outcome[] {
    const out: Outcome[] = [];
    const asked = new Set(this.requested);
    for (const id of this.requested) {
      const o = this.byId.get(id);
      out.push(o ? this.outcome(id, o) : { id, kind: 'skipped', ...(stopReason ? { error: stopReason } : {}) });
    }
    for (const [id, o] of this.byId) if (!asked.has(id)) out.push(this.outcome(id, o));
    return out;
  }

  private outcome(id: string, o: Outcome | OutcomeKind): Outcome {
    if (typeof o !== 'string') return o;
    return o === 'delivered' && this.fileOf ? { id, kind: o, file: this.fileOf(id) } : { id, kind: o };
  }
}

/**
 * Counts and a line: "3 delivered, 1 not found, 1 failed: NCT…, NCT… (reason); NCT… (reason)". Every undelivered ID
 * is named.
 */
export function summaryLine(outcomes: readonly Outcome[]): string {
  const n = (k: OutcomeKind) => outcomes.filter((o) => o.kind === k).length;
  const delivered = n('delivered');
  const notFound = n('not-found');
  const skipped = n('skipped');
  const failed = outcomes.length - delivered - notFound - skipped;
  const notAttempted = skipped ? `, ${skipped} not attempted` : '';
  const head = `${delivered} delivered, ${notFound} not found, ${failed} failed${notAttempted}`;
  const rest = undelivered(outcomes);
  return rest ? `${head}: ${rest}` : head;
}

/** "NCT…, NCT… (reason); NCT… (reason)": every ID not delivered, grouped by reason; '' when none. */
export function undelivered(outcomes: readonly Outcome[]): string {
  const groups = groupBy(
    outcomes.filter((o) => o.kind !== 'delivered'),
    (o) =>
      o.kind === 'skipped'
        ? `not attempted${o.error ? `: the run stopped (${o.error.message})` : ': the run stopped'}`
        : reasonOf(o),
  );
  // Trials never attempted are many after an early stop; the JSON summary lists them all.
  const named = (reason: string, ids: string[]) =>
    reason.startsWith('not attempted') && ids.length > 10
      ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`
      : ids.join(', ');
  return [...groups]
    .map(
      ([reason, list]) =>
        `${named(
          reason,
          list.map((o) => o.id),
        )} (${reason})`,
    )
    .join('; ');
}

function reasonOf(o: Outcome): string {
  const msg = o.error?.message ?? o.kind;
  return msg.replace(`${o.id}: `, '').replace(`${o.id} `, '');
}

/** The JSON summary object: counts and every ID with its outcome. */
export function summaryObject(outcomes: readonly Outcome[]) {
  const counts: Record<OutcomeKind, number> = {
    delivered: 0,
    'not-found': 0,
    'failed-upstream': 0,
    'failed-local': 0,
    'invalid-record': 0,
    skipped: 0,
  };
  for (const o of outcomes) counts[o.kind] += 1;
  return {
    ...counts,
    outcomes: outcomes.map((o) => ({
      id: o.id,
      outcome: o.kind,
      ...(o.file ? { file: o.file } : {}),
      ...(o.movedTo ? { movedTo: o.movedTo } : {}),
      ...(o.error ? { reason: reasonOf(o) } : {}),
    })),
  };
}
