import { StringState, StudiesSplitter } from './studies-stream.js';

// Saved records as they stream in, in any of the shapes trialcard reads: one study, a search page
// {"studies": [...]}, a JSON array, or NDJSON (one of those per line). Pure and chunk-boundary
// safe: a search page's studies come out one at a time while the page is still arriving, so
// memory holds one record, not the file.

const QUOTE = 34;
const OPEN = new Set([123, 91]); // { [
const CLOSE = new Set([125, 93]); // } ]
const NEWLINE = 10;

export type Piece =
  /** One study of a search page, as JSON text; `item` counts from 1 within its page. */
  | { kind: 'study'; text: string; line: number; item: number }
  /** A whole top-level value that was not a search page: a study or an array, as JSON text. */
  | { kind: 'value'; text: string; line: number }
  /** Text that cannot start a JSON object or array. */
  | { kind: 'junk'; line: number }
  /** A record (or a value that is not a search page) longer than MAX_RECORD_CHARS; `item` for a page's study. */
  | { kind: 'too-large'; line: number; item?: number };

/**
 * The longest record or plain value read: the registry's largest records are a few MB. Past it the text is refused,
 * not held: a single line of 600 MB would exceed what a string may hold, and 300 MB took 1.9 GB to parse.
 */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

export class RecordSplitter {
  private depth = 0;
  private readonly str = new StringState();
  private line = 1;
  private startLine = 1;
  private value: StudiesSplitter | undefined;
  private parts: string[] = [];
  private partsSize = 0;
  /** Studies of the current page handed over so far. */
  private items = 0;
  /** After junk nothing more is read: the input is refused where it went wrong. */
  private broken = false;

  constructor(private readonly maxChars = MAX_RECORD_CHARS) {}

  push(text: string): Piece[] {
    const out: Piece[] = [];
    if (this.broken) return out;
    // Lines are counted only up to where a piece starts, with one forward scan per chunk.
    let nl = text.indexOf('\n');
    const lineAt = (pos: number) => {
      while (nl !== -1 && nl < pos) {
        this.line += 1;
        nl = text.indexOf('\n', nl + 1);
      }
      return this.line;
    };
    let from = this.value ? 0 : -1;
    let i = this.str.start(text);
    while (i < text.length) {
      if (this.str.inString) {
        const next = this.str.skip(text, i);
        if (next === -1) break;
        i = next;
        continue;
      }
      const c = text.charCodeAt(i);
      if (this.depth === 0) {
        if (OPEN.has(c)) {
          this.value = new StudiesSplitter();
          this.parts = [];
          this.partsSize = 0;
          this.items = 0;
          this.startLine = lineAt(i);
          from = i;
          this.depth = 1;
        } else if (c !== 32 && c !== 9 && c !== 13 && c !== NEWLINE && c !== 0xfeff) {
          out.push({ kind: 'junk', line: lineAt(i) });
          this.broken = true;
          return out;
        }
      } else if (c === QUOTE) this.str.inString = true;
      else if (OPEN.has(c)) this.depth += 1;
      else if (CLOSE.has(c)) {
        this.depth -= 1;
        if (this.depth === 0) {
          if (!this.feed(text.slice(from, i + 1), out)) return out;
          this.close(out);
          from = -1;
        }
      }
      i += 1;
    }
    if (from >= 0 && this.value && !this.feed(text.slice(from), out)) return out;
    lineAt(text.length);
    return out;
  }

  /** After the last chunk: a value cut short is junk. */
  end(): Piece[] {
    return !this.broken && (this.value || this.str.inString) ? [{ kind: 'junk', line: this.startLine }] : [];
  }

  /** Hands a piece of the value on; false once it holds more than `maxChars` (the input is refused there). */
  private feed(slice: string, out: Piece[]): boolean {
    const splitter = this.value as StudiesSplitter;
    const studies = splitter.push(slice);
    // Each study by its own first line: a pretty-printed page's second study starts hundreds of lines down.
    for (const [k, study] of studies.entries())
      out.push({ kind: 'study', text: study, line: this.startLine + (splitter.lines[k] ?? 0), item: ++this.items });
    // Until the studies list shows up, the value may be a study or an array: keep its text.
    if (!splitter.sawStudies) {
      this.parts.push(slice);
      this.partsSize += slice.length;
    } else {
      this.parts = [];
      this.partsSize = 0;
    }
    const study = splitter.pendingStudyChars > this.maxChars;
    if (!study && this.partsSize <= this.maxChars && splitter.pageFieldChars <= this.maxChars) return true;
    out.push({ kind: 'too-large', line: this.startLine, ...(study ? { item: this.items + 1 } : {}) });
    this.broken = true;
    this.value = undefined;
    this.parts = [];
    return false;
  }

  private close(out: Piece[]) {
    if (!this.value?.sawStudies) out.push({ kind: 'value', text: this.parts.join(''), line: this.startLine });
    this.value = undefined;
    this.parts = [];
  }
}
