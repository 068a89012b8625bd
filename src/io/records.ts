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
  let any = false;
  const decoder = new TextDecoder('utf-8');
  const values = function* (value: unknown, at: string) {
    any = true;
    for (const raw of studiesFromValue(value, at)) yield { raw, at };
  };
  // Fast path for NDJSON: a line that parses on its own is a record (or a page of them). The first
  // line that does not (a pretty-printed document, a line longer than LINE_MAX) hands the rest to
  // the streaming splitter, which holds one record at a time however the text is laid out.
  let splitter: RecordSplitter | undefined;
  let lineOffset = 0;
  let pending = '';
  let line = 0;
  const streamed = function* (pieces: ReturnType<RecordSplitter['push']>) {
    for (const p of pieces) {
      const at = `${source}:${p.line + lineOffset}`;
      if (p.kind === 'junk') throw new UsageError(`${at} is not valid JSON`, SHAPES);
      let value: unknown;
      try {
        value = JSON.parse(p.text);
      } catch (err) {
        throw new UsageError(`${at} is not valid JSON`, SHAPES, err);
      }
      if (p.kind === 'study') {
        any = true;
        yield { raw: value, at };
      } else yield* values(value, at);
    }
  };
  const toStream = (text: string) => {
    splitter = new RecordSplitter();
    lineOffset = line - 1;
    return splitter.push(text);
  };
  const lines = function* (text: string): Generator<SavedRecord> {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      line += 1;
      const l = text.slice(from, nl);
      const value = wholeLine(l);
      if (value === SKIP) {
        from = nl + 1;
        continue;
      }
      if (value === NOT_WHOLE) {
        yield* streamed(toStream(text.slice(from)));
        return '';
      }
      yield* values(value, `${source}:${line}`);
      from = nl + 1;
    }
    const rest = text.slice(from);
    if (rest.length > LINE_MAX) {
      line += 1;
      yield* streamed(toStream(rest));
      return '';
    }
    return rest;
  };
  const reading = (async function* () {
    try {
      yield* chunks;
    } catch (err) {
      // A read that fails midway (EIO, a device, a vanished file) is this input's fault, named.
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`${source} cannot be read (${code ?? (err as Error).message})`, 'check the file', err);
    }
  })();
  for await (const chunk of reading) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (splitter) yield* streamed(splitter.push(text));
    else pending = yield* lines(pending + text);
  }
  const tail = decoder.decode();
  if (splitter) yield* streamed([...splitter.push(tail), ...splitter.end()]);
  else {
    const rest = yield* lines(`${pending}${tail}\n`);
    if (splitter) yield* streamed((splitter as RecordSplitter).end());
    else if (rest.trim() !== '') throw new UsageError(`${source}:${line} is not valid JSON`, SHAPES);
  }
  if (!any) throw new UsageError(`${source} is empty`, 'give a saved v2 study, a search page or NDJSON');
}

/** Lines longer than this are never parsed whole: a search page saved on one line streams. */
const LINE_MAX = 8 * 1024 * 1024;
const SKIP = Symbol('blank');
const NOT_WHOLE = Symbol('not a whole value');

function wholeLine(l: string): unknown {
  const t = l.trim().replace(/^\ufeff/, '');
  if (t === '') return SKIP;
  if (t.length > LINE_MAX) return NOT_WHOLE;
  // Valid JSON that is no object ("hello", 42) is parsed too: it is then "not a study", not "not JSON".
  try {
    return JSON.parse(t);
  } catch {
    return NOT_WHOLE;
  }
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
