import { join } from 'node:path';
import { LocalFailure, writeFailure } from '../errors.js';
import { type Owner, removeIfEmpty, removeStaleTemps, syncDir, writeFileAtomic } from '../io/files.js';
import { isNctId } from '../model/nct.js';
import type { Trial } from '../model/trial.js';

// Where delivered pages go: one file per trial in a directory, or stdout.

export type OutputFormat = 'md' | 'html' | 'json' | 'ndjson';
export const FORMATS: readonly OutputFormat[] = ['md', 'html', 'json', 'ndjson'];

export interface Sink {
  /** How many pages may be in flight at once (files: several; stdout: one, to keep the order). */
  readonly window: number;
  /** Writes one page; throws a LocalFailure. Returns the file written, if any. */
  put(trial: Trial, content: string): Promise<string | undefined>;
  /** Makes every page put so far durable. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** One file per trial, named only from the validated NCT ID (never from record text). */
export function dirSink(dir: string, format: OutputFormat, owner: Owner, made: readonly string[] = []): Sink {
  const ext = format === 'ndjson' ? 'json' : format;
  let cleaned = false;
  const write = async (path: string, content: string) => {
    if (!cleaned) {
      cleaned = true;
      await removeStaleTemps(dir, owner).catch(() => 0);
    }
    await writeFileAtomic(path, content, owner);
    return path;
  };
  return {
    window: 8,
    // Not async itself: a paused async function keeps its parameters, and the trial would be held while its page
    // is written (8 at a time).
    put(trial, content) {
      if (!isNctId(trial.nctId))
        return Promise.reject(
          new LocalFailure(`refusing to name a file after ${JSON.stringify(trial.nctId)}`, { systemic: false }),
        );
      return write(join(dir, `${trial.nctId}.${ext}`), content);
    },
    sync: () => syncDir(dir),
    // A folder this run made and wrote nothing into (every trial failed) is not left behind.
    close: () => removeIfEmpty(made),
  };
}

/** Pages to stdout as they arrive; several Markdown pages are separated by a marker line. */
export function stdoutSink(
  out: { write(s: string, done?: (err?: Error | null) => void): unknown },
  format: OutputFormat,
  many: boolean,
): Sink {
  let count = 0;
  // A page counts as delivered once stdout has taken it; a failed write (ENOSPC) stops the run.
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      out.write(s, (err) => (err ? reject(writeFailure('standard output', err)) : resolve()));
    });
  return {
    window: 1,
    async put(trial, content) {
      if (format === 'json' && many) await write(`${count === 0 ? '[\n' : ',\n'}${content.trimEnd()}`);
      else if (many && (format === 'md' || format === 'html'))
        await write(`${count === 0 ? '' : '\n'}<!-- trialcard: ${trial.nctId} -->\n${content}`);
      else await write(content);
      count += 1;
      return undefined;
    },
    async sync() {},
    async close() {
      if (format === 'json' && many) await write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}
