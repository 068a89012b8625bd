import type { Owner } from '../io/files.js';
import type { Reporter } from '../ui/reporter.js';

// What a command is handed: the outside world (Io, supplied by cli.ts or a test) and the run's
// reporter, version and process identity.

export interface Io {
  /** `done` reports the write's outcome (a full disk behind a redirect); fakes may call it at once. */
  stdout: { write(s: string, done?: (err?: Error | null) => void): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin: () => Promise<string>;
  /** Standard input as it arrives (default: all of `stdin()` at once). */
  stdinChunks?: () => AsyncIterable<string | Buffer>;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** process.versions.node (trialcard doctor); tests may name another. */
  nodeVersion?: string;
  /** Called once a run is a batch (a listing, or a second page out): the real process tunes its heap for it. */
  batch?: () => void;
  /** This process (default: the real one); tests may name another. */
  owner?: Owner;
}

export interface Ctx {
  io: Io;
  /** This process, for temp files and locks. */
  owner: Owner;
  reporter: Reporter;
  version: string;
}
