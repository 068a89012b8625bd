import { sha256 } from '../model/hash.js';
import { StudiesSplitter } from './studies-stream.js';

// A /studies page as it streams off the socket, cut into studies on the bytes. The registry writes
// each study as {"protocolSection":…} and joins them with commas, and `},{"protocolSection":` cannot
// occur inside a JSON string (its quote would end the string, and a key cannot follow), so a cut
// there is found by a native byte search instead of reading every string of every record. A cut
// still has to be proved: the piece is parsed (the parse the caller needed anyway), and a piece that
// does not parse, a page laid out another way, or a study that never ends hands the rest of the page
// to StudiesSplitter, which reads every character. Each study is decoded once, from its own bytes.

/**
 * A study as handed over: parsed when a byte cut was proved by parsing it, otherwise its JSON text; with digests on,
 * the hex sha256 of its bytes as sent (the same either way: a string hashes as its UTF-8).
 */
export type Study = ({ readonly value: unknown; readonly size: number } | { readonly json: string }) & {
  readonly digest?: string;
};

/** The study's JSON value (a SyntaxError if its text is not JSON). */
export const studyValue = (s: Study): unknown => ('value' in s ? s.value : JSON.parse(s.json));

/** Characters a study stands for while it waits (its JSON's length), for bounds on what is read ahead. */
export const studySize = (s: Study): number => ('json' in s ? s.json.length : s.size);

const CUT = Buffer.from('},{"protocolSection":');
/** The page's start in the registry's own layout, up to and including the studies list's "[". */
const HEAD = /^\{(?:"totalCount":\d+,)?"studies":\[(?=\{"protocolSection":)/;
const HEAD_BYTES = 64;
/** A study longer than this without a cut is not in the registry's layout: it is read character by character. */
const STUDY_MAX = 16 * 1024 * 1024;

export class PageSplitter {
  /** Bytes not yet handed over, in buf[from, len): the study being cut, or the page's start. */
  private buf = Buffer.allocUnsafe(256 * 1024);
  private from = 0;
  private len = 0;
  /** Where the next search for a cut starts (past what was searched already). */
  private searched = 0;
  private mode: 'start' | 'bytes' | 'text' = 'start';
  private text: StudiesSplitter | undefined;
  private readonly decoder = new TextDecoder();

  /**
   * `digests`: each study's sha256, for a listing's check of what changed (hashing the bytes costs a fifth of
   * hashing the model made from them).
   */
  constructor(
    private readonly studyMax = STUDY_MAX,
    private readonly digests = false,
  ) {}

  push(chunk: Uint8Array): Study[] {
    if (this.mode === 'text') return this.readText(this.decoder.decode(chunk, { stream: true }));
    this.hold(chunk);
    if (this.mode === 'start') {
      if (this.len < HEAD_BYTES) return [];
      if (!this.begin()) return this.toText();
    }
    return this.cut();
  }

  /** After the last chunk: the studies still held, and the page's other fields (or an error if cut short). */
  end(): { studies: Study[]; nextPageToken?: string; totalCount?: number } {
    const studies = this.mode === 'text' ? this.readText(this.decoder.decode()) : this.toText(true);
    return { studies, ...(this.text as StudiesSplitter).end() };
  }

  /** Appends a chunk; what was handed over is dropped first, so the buffer holds about one study. */
  private hold(chunk: Uint8Array) {
    const kept = this.len - this.from;
    if (this.len + chunk.length > this.buf.length) {
      const size = Math.max(this.buf.length, 2 ** Math.ceil(Math.log2(kept + chunk.length)));
      const next = size === this.buf.length ? this.buf : Buffer.allocUnsafe(size);
      this.buf.copy(next, 0, this.from, this.len);
      this.buf = next;
      this.searched -= this.from;
      this.from = 0;
      this.len = kept;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /** Whether the page starts in the registry's layout; if so, what is held starts at the first study. */
  private begin(): boolean {
    const head = HEAD.exec(this.buf.toString('latin1', 0, HEAD_BYTES));
    if (!head) return false;
    this.text = StudiesSplitter.insideStudies(head[0]);
    this.from = head[0].length;
    this.searched = this.from;
    this.mode = 'bytes';
    return true;
  }

  private cut(): Study[] {
    const out: Study[] = [];
    const bytes = this.buf.subarray(0, this.len);
    for (let at = bytes.indexOf(CUT, this.searched); at !== -1; at = bytes.indexOf(CUT, this.searched)) {
      const json = bytes.toString('utf8', this.from, at + 1);
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        // Not a study's end after all (or a broken study): every character of the rest is read.
        return [...out, ...this.toText()];
      }
      const size = json.length;
      out.push(this.digests ? { value, size, digest: sha256(bytes.subarray(this.from, at + 1)) } : { value, size });
      this.from = at + 2;
      this.searched = this.from + 1;
    }
    // A cut may start in these last bytes and end in the next chunk.
    this.searched = Math.max(this.searched, this.len - CUT.length + 1);
    if (this.len - this.from > this.studyMax) return [...out, ...this.toText()];
    return out;
  }

  /** From here on the page is read character by character, starting with what is held. */
  private toText(final = false): Study[] {
    const held = this.buf.subarray(this.from, this.len);
    this.mode = 'text';
    this.text ??= new StudiesSplitter();
    const text = this.decoder.decode(held, { stream: !final });
    this.buf = Buffer.alloc(0);
    this.from = this.len = 0;
    return this.readText(text);
  }

  private readText(text: string): Study[] {
    return (this.text as StudiesSplitter)
      .push(text)
      .map((json) => (this.digests ? { json, digest: sha256(json) } : { json }));
  }
}
