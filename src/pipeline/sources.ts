import pLimit from 'p-limit';
import type { Client } from '../ctgov/client.js';
import { type Study, studyValue } from '../ctgov/page-splitter.js';
import { rawIds } from '../ctgov/schema.js';
import { FetchFailure, type TrialcardError } from '../errors.js';

// Where raw studies come from: by ID (one request for one ID, filter.ids chunks for many)
// or by search. Each hands studies to `onStudy` as pages arrive and awaits it, so memory
// holds one page per concurrent request, whatever the number of trials.

export interface Hit {
  requestedId: string;
  raw: unknown;
  /** The canonical NCT ID when the requested one is an alias. */
  movedTo?: string;
  /** The sha256 of the record's bytes as sent, where the client was asked for digests (a page's studies). */
  digest?: string;
}

export interface Handlers {
  onStudy(hit: Hit): Promise<void>;
  onMiss(requestedId: string, error: TrialcardError): void;
}

export interface BatchOptions {
  concurrency: number;
  /** Records per page (pages are streamed record by record, so this sets requests, not memory). */
  pageSize: number;
  /** Keep request URLs under the common 8 KB limit of servers and proxies. */
  maxUrlLength: number;
}

export const DEFAULT_BATCH: BatchOptions = { concurrency: 2, pageSize: 1000, maxUrlLength: 7000 };

/** Splits IDs into balanced chunks that fit the URL budget. */
export function chunkIds(ids: string[], baseLength: number, maxUrlLength: number): string[][] {
  const perId = 12; // "NCT12345678,"
  const max = Math.max(1, Math.min(999, Math.floor((maxUrlLength - baseLength - 64) / perId)));
  const n = Math.ceil(ids.length / max);
  const size = Math.ceil(ids.length / n);
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

export async function fetchByIds(
  client: Client,
  ids: string[],
  h: Handlers,
  o: BatchOptions = DEFAULT_BATCH,
): Promise<void> {
  if (ids.length === 1) {
    const id = ids[0] as string;
    let study: unknown;
    try {
      ({ study } = await client.getStudy(id));
    } catch (err) {
      h.onMiss(id, asFetchError(err));
      return;
    }
    // Outside the try: a failure to deliver is the delivery's, never a fetch failure of this ID.
    const { nctId } = rawIds(study);
    await h.onStudy({ requestedId: id, raw: study, ...(nctId && nctId !== id ? { movedTo: nctId } : {}) });
    return;
  }
  const limit = pLimit(Math.max(1, o.concurrency));
  const chunks = chunkIds(ids, client.baseUrl.length + '/studies?filter.ids=&pageSize=1000'.length, o.maxUrlLength);
  await Promise.all(chunks.map((chunk) => limit(() => fetchChunk(client, chunk, h, o))));
}

async function fetchChunk(client: Client, chunk: string[], h: Handlers, o: BatchOptions): Promise<void> {
  const pending = new Set(chunk);
  // A record may name another requested ID as its alias; that ID's own record wins if it comes,
  // so alias claims wait for the end of the chunk.
  const aliasClaims = new Map<string, Claim>();
  // A page exactly full makes the API send a token for an empty page; one more slot avoids that request.
  const pageSize = Math.min(
    1000,
    chunk.length <= o.pageSize ? chunk.length + 1 : chunk.length % o.pageSize === 0 ? o.pageSize + 1 : o.pageSize,
  );
  try {
    await client.eachStudy({ 'filter.ids': chunk.join(','), pageSize: String(pageSize) }, async (study) => {
      const raw = parseRecord(study);
      const { nctId, aliases } = rawIds(raw);
      const digest = study.digest ? { digest: study.digest } : {};
      if (nctId && pending.has(nctId)) {
        pending.delete(nctId);
        aliasClaims.delete(nctId);
        await h.onStudy({ requestedId: nctId, raw, ...digest });
      }
      // filter.ids matches aliases too: the record answers for every requested alias it names.
      for (const id of aliases)
        if (nctId && pending.has(id) && !aliasClaims.has(id)) aliasClaims.set(id, { raw, nctId, ...digest });
    });
  } catch (err) {
    if (!(err instanceof FetchFailure)) throw err; // the delivery's own failure (disk full): stop, blame no ID
    const left = chunk.filter((id) => pending.has(id) && !aliasClaims.has(id));
    await deliverAliases(aliasClaims, pending, h);
    // A record that breaks the server or the page (400, 500, bad JSON) should cost only its own
    // ID: split the rest and try again. Availability faults (429, 502-504, network) fail as they are.
    if (isolatable(err) && left.length > 1) {
      const half = Math.ceil(left.length / 2);
      await fetchChunk(client, left.slice(0, half), h, o);
      await fetchChunk(client, left.slice(half), h, o);
    } else if (isolatable(err) && left.length === 1) {
      await fetchByIds(client, left, h, o);
    } else for (const id of left) h.onMiss(id, err);
    return;
  }
  await deliverAliases(aliasClaims, pending, h);
  for (const id of pending)
    h.onMiss(id, new FetchFailure('not-found', `${id} was not found on ClinicalTrials.gov`, { status: 404 }));
}

/** A record that answers for a requested alias: its own NCT ID, and its digest where the client made one. */
type Claim = Pick<Hit, 'raw' | 'digest'> & { nctId: string };

async function deliverAliases(claims: Map<string, Claim>, pending: Set<string>, h: Handlers): Promise<void> {
  for (const [id, { raw, nctId, digest }] of claims) {
    pending.delete(id);
    await h.onStudy({ requestedId: id, raw, movedTo: nctId, ...(digest ? { digest } : {}) });
  }
  claims.clear();
}

/** A study comes parsed, or as a complete JSON value; one that still fails to parse is a broken page. */
function parseRecord(study: Study): unknown {
  try {
    return studyValue(study);
  } catch (err) {
    throw new FetchFailure(
      'bad-response',
      `ClinicalTrials.gov sent a record that is not valid JSON (${(err as Error).message})`,
      { cause: err },
    );
  }
}

function isolatable(e: FetchFailure): boolean {
  return (
    e instanceof FetchFailure &&
    (e.kind === 'rejected' || e.kind === 'bad-response' || (e.kind === 'server' && e.status === 500))
  );
}

/** Pages through a search to the end (or `limit` records). */
export async function fetchBySearch(
  client: Client,
  params: Record<string, string>,
  limit: number | undefined,
  h: Handlers,
  o: BatchOptions = DEFAULT_BATCH,
): Promise<number> {
  let seen = 0;
  const pageSize = String(Math.min(o.pageSize, limit ?? o.pageSize, 1000));
  await client.eachStudy(
    { ...params, pageSize },
    async (study) => {
      const raw = parseRecord(study);
      seen += 1;
      await h.onStudy({
        requestedId: rawIds(raw).nctId ?? `record ${seen}`,
        raw,
        ...(study.digest ? { digest: study.digest } : {}),
      });
    },
    limit,
  );
  return seen;
}

/** A FetchFailure concerns this ID; anything else (a wrong base URL, a bug) concerns the run. */
function asFetchError(err: unknown): FetchFailure {
  if (err instanceof FetchFailure) return err;
  throw err;
}
