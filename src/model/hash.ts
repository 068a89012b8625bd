import { createHash } from 'node:crypto';

/** Hex sha256 of a text (or of its pieces, joined): the one hash for file, model and criteria fingerprints. */
export function sha256(text: string | Iterable<string>): string {
  const h = createHash('sha256');
  if (typeof text === 'string') return h.update(text).digest('hex');
  for (const piece of text) h.update(piece);
  return h.digest('hex');
}
