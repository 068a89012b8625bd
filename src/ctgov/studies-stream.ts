// Splits a /studies page ({"studies":[{…},{…}],"nextPageToken":"…"}) into one JSON text per
// study while the body streams in, so a page of 1,000 records never sits in memory at once.
// Pure and chunk-boundary safe; everything outside the studies array is kept as a small
// "skeleton" document that is parsed at the end for nextPageToken and totalCount.

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJ = 123;
const CLOSE_OBJ = 125;
const OPEN_ARR = 91;
const CLOSE_ARR = 93;
const COLON = 58;
const COMMA = 44;

/** A splitter's place in JSON strings across chunks: inside one or not, and an escape cut by the boundary. */
export class StringState {
  inString = false;
  private escape = false;

  /** Where scanning a chunk starts: past a character escaped by the previous chunk's last backslash. */
  start(text: string): number {
    if (!this.escape || text.length === 0) return 0;
    this.escape = false;
    return 1;
  }

  /**
   * Inside a string at `i`: where scanning goes on (still inside after an escaped quote), or -1 at chunk end.
   * Most of a record is string content, so this jumps to the next quote (native indexOf) and counts the
   * backslashes before it to tell an escaped quote from the closing one. It allocates nothing: it runs for
   * every string of every record.
   */
  skip(text: string, i: number): number {
    const j = text.indexOf('"', i);
    const stop = j === -1 ? text.length : j;
    let k = stop - 1;
    while (k >= i && text.charCodeAt(k) === BACKSLASH) k -= 1;
    const escaped = (stop - 1 - k) % 2 === 1;
    if (j === -1) {
      // The chunk ends inside the string; a last backslash escapes the next chunk's first character.
      this.escape = escaped;
      return -1;
    }
    if (!escaped) this.inString = false;
    else if (j + 1 === text.length) return -1;
    return j + 1;
  }
}

export class StudiesSplitter {
  private depth = 0;
  private readonly str = new StringState();
  private key = '';
  private keyParts: string[] | undefined;
  private keyFrom = 0;
  private lastKey = '';
  private inStudies = false;
  private element: string[] | undefined;
  private skeleton: string[] = [];
  private seenStudies = false;
  /** The study being read is a scalar (a number, a literal or a string), not an object or a list. */
  private scalar = false;
  /** Characters of the study being read, held from earlier pieces. */
  private elementSize = 0;
  /** Characters of the page's other fields, held for its end. */
  private skeletonSize = 0;
  /** Line breaks read so far (JSON puts them only between tokens), and those before the study being read. */
  private newlines = 0;
  private elementLine = 0;
  /** For each study the last push() returned, the line breaks before it in the text fed: where a file names it. */
  readonly lines: number[] = [];

  /** A splitter that has read `head`, a page's start up to and including the studies list's "[". */
  static insideStudies(head: string): StudiesSplitter {
    const s = new StudiesSplitter();
    s.depth = 2;
    s.lastKey = 'studies';
    s.inStudies = true;
    s.seenStudies = true;
    s.skeleton = [head, ']'];
    return s;
  }

  /** Characters held of a study not yet complete: a caller bounds it (one record of 600 MB is no record). */
  get pendingStudyChars(): number {
    return this.elementSize;
  }

  /** Characters held of the page's other fields ("junk": "<500 MB>" after the studies would be held whole). */
  get pageFieldChars(): number {
    return this.skeletonSize;
  }

  /** Whether the studies list has begun: from then on only the studies come out, not the text. */
  get sawStudies(): boolean {
    return this.seenStudies;
  }

  /** Feeds the next piece of text; returns the studies completed in it, as JSON text. */
  push(text: string): string[] {
    const out: string[] = [];
    this.lines.length = 0;
    let elementStart = this.element ? 0 : -1;
    let skeletonStart = this.inStudies ? -1 : 0;
    let i = this.str.start(text);
    while (i < text.length) {
      if (this.str.inString) {
        const next = this.str.skip(text, i);
        if (next === -1) break;
        i = next;
        if (this.str.inString) continue;
        // A study that is a string ("studies": ["x"]) ends with its closing quote.
        if (this.scalar && this.element) elementStart = this.handOver(text, elementStart, i, out);
        if (this.keyParts) {
          this.keyParts.push(text.slice(this.keyFrom, i - 1));
          this.key = this.keyParts.join('');
          this.keyParts = undefined;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 10) this.newlines += 1;
      // A study that is not an object or a list (a number, true, null, a string) is handed over too, so it is
      // refused as a record, not dropped: it ends at the next comma, "]" or white space.
      if (this.inStudies && this.depth === 2) {
        if (this.scalar && this.element && (c === COMMA || c === CLOSE_ARR || c <= 32))
          elementStart = this.handOver(text, elementStart, i, out);
        else if (!this.element && c !== COMMA && c > 32 && c !== OPEN_OBJ && c !== OPEN_ARR && c !== CLOSE_ARR) {
          this.element = [];
          this.scalar = true;
          this.elementLine = this.newlines;
          elementStart = i;
        }
      }
      if (c === QUOTE) {
        this.str.inString = true;
        if (this.depth === 1 && !this.inStudies) {
          this.keyParts = [];
          this.keyFrom = i + 1;
        }
      } else if (c === COLON) {
        if (this.depth === 1) this.lastKey = this.key;
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.inStudies && this.depth === 2) {
          this.element = [];
          this.elementLine = this.newlines;
          elementStart = i;
        }
        this.depth += 1;
        if (c === OPEN_ARR && this.depth === 2 && this.lastKey === 'studies' && !this.seenStudies) {
          this.inStudies = true;
          this.seenStudies = true;
          this.skeleton.push(text.slice(skeletonStart, i + 1), ']');
          this.skeletonSize += i + 1 - skeletonStart;
          skeletonStart = -1;
        }
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        this.depth -= 1;
        if (this.inStudies && this.depth === 2 && this.element)
          elementStart = this.handOver(text, elementStart, i + 1, out);
        else if (this.inStudies && this.depth === 1) {
          this.inStudies = false;
          skeletonStart = i + 1;
        }
      }
      i += 1;
    }
    if (this.keyParts && this.str.inString) {
      this.keyParts.push(text.slice(this.keyFrom, text.length));
      this.keyFrom = 0;
    }
    if (this.element && elementStart >= 0) {
      this.element.push(text.slice(elementStart));
      this.elementSize += text.length - elementStart;
    }
    if (skeletonStart >= 0) {
      this.skeleton.push(text.slice(skeletonStart));
      this.skeletonSize += text.length - skeletonStart;
    }
    return out;
  }

  /** The study read so far ends at `end` of this text: it is handed over. Returns the next element start (none). */
  private handOver(text: string, start: number, end: number, out: string[]): number {
    (this.element as string[]).push(text.slice(start, end));
    out.push((this.element as string[]).join(''));
    this.lines.push(this.elementLine);
    this.element = undefined;
    this.elementSize = 0;
    this.scalar = false;
    return -1;
  }

  /** After the last chunk: the page's other fields, or an error if the document was cut short. */
  end(): { nextPageToken?: string; totalCount?: number } {
    if (this.depth !== 0 || this.str.inString) throw new SyntaxError('truncated JSON');
    if (!this.seenStudies) throw new SyntaxError('no "studies" list');
    const rest = JSON.parse(this.skeleton.join('')) as { nextPageToken?: unknown; totalCount?: unknown };
    return {
      ...(typeof rest.nextPageToken === 'string' && rest.nextPageToken !== ''
        ? { nextPageToken: rest.nextPageToken }
        : {}),
      ...(typeof rest.totalCount === 'number' ? { totalCount: rest.totalCount } : {}),
    };
  }
}
