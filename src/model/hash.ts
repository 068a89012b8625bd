import { createHash } from 'node:crypto';

/** Hex sha256 of a text: the one hash for file, model and criteria fingerprints. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
