import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { MAX_RECORD_CHARS, RecordSplitter } from '../ctgov/record-splitter.js';
import { UsageError } from '../errors.js';
import { readProblem } from './files.js';
import { jsonErrorOffset, lineOf } from './json-position.js';

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
  const values = function* (value: unknown, at: string) {
    any = true;
    // Each study of a list or page has its own place ("arr.json:1 (item 2)"): a record without an NCT ID is known
    // by it, and two such records are not one record twice.
    const studies = studiesFromValue(value, at);
    for (const [i, raw] of studies.entries()) yield { raw, at: studies.length > 1 ? `${at} (item ${i + 1})` : at };
  };
  // Fast path for NDJSON: a line that parses on its own is a record (or a page of them). The first
  // line that does not (a pretty-printed document, a line longer than LINE_MAX) hands the rest to
  // the streaming splitter, which holds one record at a time however the text is laid out.
  // Lines are cut from the bytes (a newline byte is never inside a UTF-8 character) and each is
  // decoded once: cheaper than decoding chunks and joining the pieces of a line as strings.
  let splitter: RecordSplitter | undefined;
  // Text that is not UTF-8 (a file saved as Latin-1) is refused where it is found, not published with "�" in
  // place of its letters.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const notUtf8 = (at: string, err?: unknown) =>
    new UsageError(`${at} is not valid UTF-8 text`, 'save the file as UTF-8, e.g. with iconv -t utf-8', err);
  const decode = (bytes?: Buffer) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch (err) {
      throw notUtf8(`${source} (after line ${line})`, err);
    }
  };
  let lineOffset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const streamed = function* (pieces: ReturnType<RecordSplitter['push']>) {
    for (const p of pieces) {
      // Each study of a streamed page has its own place too, as in a page read whole.
      const item = p.kind === 'study' || p.kind === 'too-large' ? p.item : undefined;
      const at = `${source}:${p.line + lineOffset}${item ? ` (item ${item})` : ''}`;
      if (p.kind === 'junk') throw new UsageError(`${at} is not valid JSON`, SHAPES);
      if (p.kind === 'too-large')
        throw new UsageError(
          `${at} holds a record or value longer than ${MAX_RECORD_CHARS / 1024 / 1024}M characters`,
          'a registry record is a few MB: check the file; give many records as NDJSON or a search page',
        );
      let value: unknown;
      try {
        value = JSON.parse(p.text);
      } catch (err) {
        // A pretty-printed value or study names the line it goes wrong on, not the line it starts on.
        const off = jsonErrorOffset(p.text);
        const line = p.line + lineOffset + (off === undefined ? 0 : lineOf(p.text, off) - 1);
        const where = `${source}:${line}${item ? ` (item ${item})` : ''}`;
        throw new UsageError(`${where} is not valid JSON`, SHAPES, err);
      }
      if (p.kind === 'study') {
        any = true;
        yield { raw: value, at };
      } else yield* values(value, at);
    }
  };
  /** From here on the splitter reads the text: `bytes` starts at the beginning of line `line`. */
  const toStream = (bytes: Buffer) => {
    splitter = new RecordSplitter();
    lineOffset = line - 1;
    return splitter.push(decode(bytes));
  };
  const lines = function* (chunk: Buffer): Generator<SavedRecord> {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
      line += 1;
      const bytes = pendingBytes ? Buffer.concat([...pending, chunk.subarray(from, nl)]) : chunk.subarray(from, nl);
      const value = wholeLine(bytes);
      if (value === NOT_UTF8) throw notUtf8(`${source}:${line}`);
      if (value === NOT_WHOLE) {
        pending = [];
        pendingBytes = 0;
        yield* streamed(toStream(Buffer.concat([bytes, chunk.subarray(nl)])));
        return;
      }
      pending = [];
      pendingBytes = 0;
      if (value !== SKIP) yield* values(value, `${source}:${line}`);
      from = nl + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
    }
    if (pendingBytes > LINE_MAX) {
      line += 1;
      const rest = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      yield* streamed(toStream(rest));
    }
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
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (splitter) yield* streamed(splitter.push(decode(bytes)));
    else yield* lines(bytes);
  }
  // The last line needs no newline.
  if (!splitter && pendingBytes) yield* lines(Buffer.from('\n'));
  if (splitter) yield* streamed([...(splitter as RecordSplitter).push(decode()), ...splitter.end()]);
  if (!any) throw new UsageError(`${source} is empty`, 'give a saved v2 study, a search page or NDJSON');
}

/** Lines longer than this are never parsed whole: a search page saved on one line streams. */
const LINE_MAX = 8 * 1024 * 1024;
const SKIP = Symbol('blank');
const NOT_WHOLE = Symbol('not a whole value');

const NOT_UTF8 = Symbol('not UTF-8');
const REPLACEMENT = Buffer.from('\ufffd');

function wholeLine(bytes: Buffer): unknown {
  if (bytes.length > LINE_MAX) return NOT_WHOLE;
  const text = bytes.toString('utf8');
  // Decoding puts U+FFFD where bytes are not UTF-8; one the file itself holds is a character like any other.
  if (text.includes('\ufffd') && !bytes.includes(REPLACEMENT)) return NOT_UTF8;
  const t = text.trim().replace(/^\ufeff/, '');
  if (t === '') return SKIP;
  // Valid JSON that is no object ("hello", 42) is parsed too: it is then "not a study", not "not JSON".
  try {
    return JSON.parse(t);
  } catch {
    return NOT_WHOLE;
  }
}

/**
 * A saved file's text as it is read (64 KiB at a time, after checking it can be read at all). Chunks of 1 MiB read
 * 1,000 records of 54 KB faster alone (0.31 against 0.42 s) but made the whole bulk run 8 % slower: not kept.
 */
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
  return new UsageError(`${what} ${path} ${readProblem(err)}`, 'check the path', err);
}

/**
 * A whole text file (an --ids-file, a file for check). A binary file (NUL bytes, or bytes that are not UTF-8) is
 * named as such here, not quoted back later as a bad ID or bad JSON.
 */
export async function readTextInput(path: string, stdin: () => Promise<string>, what: string): Promise<string> {
  if (path === '-') return stdin();
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw unreadable(path, what, err);
  }
  const hint = 'give a UTF-8 text file';
  if (bytes.includes(0)) throw new UsageError(`${what} ${path} is not a text file`, hint);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new UsageError(`${what} ${path} is not valid UTF-8 text`, hint, err);
  }
}
