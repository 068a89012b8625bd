import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

// node:crypto takes ~4 ms to load and a page written to stdout never hashes, so it is loaded on first use.
let cryptoModule: typeof Crypto | undefined;
export const lazyCrypto = (): typeof Crypto =>
  (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);

export const createHash = (algorithm: string): Crypto.Hash => lazyCrypto().createHash(algorithm);

/**
 * Hex sha256 of a text (or of its pieces, joined), or of bytes: the one hash for file, model, record and criteria
 * fingerprints. A text hashes as its UTF-8.
 */
export function sha256(text: string | Uint8Array | Iterable<string>): string {
  const h = createHash('sha256');
  if (typeof text === 'string' || text instanceof Uint8Array) return h.update(text).digest('hex');
  for (const piece of text) h.update(piece);
  return h.digest('hex');
}
