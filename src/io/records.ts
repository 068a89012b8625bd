import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { RecordSplitter } from '../ctgov/record-splitter.js';
import { UsageError } from '../errors.js';

// Saved v2 records for offline rendering: a single study, a search page {studies: [...]}, or NDJSON.

function studiesFromValue(value: unknown, source: string): unknown[] {
  if (value && typeof value === 'object') {
    if (Array.isArray((value as { studies?: unknown }).studies)) return (value as { studies: unknown[] }).studies;
    if ('protocolSection' in value) return [value];
    if (Array.isArray(value)) return value;
  }
  throw new UsageError(
    `${source} is not a ClinicalTrials.gov v2 study or search page`,
    'expected an object with "protocolSection" or "studies"',
  );
}

const SHAPES = 'give a saved v2 study, a search page {"studies": [...]} or NDJSON';

/** One record of a saved file, with where it stands in it. */
export interface SavedRecord {
  raw: unknown;
  /** "FILE:LINE", for messages. */
  at: string;
}

/**
 * The records of a saved file or stream, one at a time as the text arrives: memory holds one
 * record however large the file. Bad JSON is a UsageError naming the line.
 */
export async function* recordsFromChunks(
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  source: string,
): AsyncGenerator<SavedRecord> {
  const splitter = new RecordSplitter();
  let any = false;
  const decoder = new TextDecoder('utf-8');
  const take = function* (pieces: ReturnType<RecordSplitter['push']>) {
    for (const p of pieces) {
      const at = `${source}:${p.line}`;
      if (p.kind === 'junk') throw new UsageError(`${at} is not valid JSON`, SHAPES);
      let value: unknown;
      try {
        value = JSON.parse(p.text);
      } catch (err) {
        throw new UsageError(`${at} is not valid JSON`, SHAPES, err);
      }
      any = true;
      if (p.kind === 'study') yield { raw: value, at };
      else for (const raw of studiesFromValue(value, at)) yield { raw, at };
    }
  };
  for await (const chunk of chunks) {
    yield* take(splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })));
  }
  yield* take(splitter.push(decoder.decode()));
  yield* take(splitter.end());
  if (!any) throw new UsageError(`${source} is empty`, 'give a saved v2 study, a search page or NDJSON');
}

/** A saved file's text as it is read (64 KiB at a time), after checking it can be read at all. */
export async function openRecords(path: string): Promise<AsyncIterable<Buffer>> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const stream = createReadStream(path);
    // Opening fails here (EACCES), not mid-run.
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return stream;
  } catch (err) {
    throw unreadable(path, 'file', err);
  }
}

function unreadable(path: string, what: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES'
        ? 'is not readable'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code})`;
  return new UsageError(`${what} ${path} ${why}`, 'check the path', err);
}

export async function readTextInput(path: string, stdin: () => Promise<string>, what: string): Promise<string> {
  if (path === '-') return stdin();
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable(path, what, err);
  }
}
