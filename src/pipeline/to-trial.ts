import { parseStudy } from '../ctgov/schema.js';
import { InvalidRecord } from '../errors.js';
import { normalize } from '../model/normalize.js';
import type { Trial } from '../model/trial.js';

/** Validate → normalize, the same for every command; unknown enum values go to `warn` prefixed with the ID. */
export function toTrial(
  raw: unknown,
  requestedId: string,
  warn: (message: string) => void,
): { ok: true; trial: Trial } | { ok: false; error: InvalidRecord } {
  const parsed = parseStudy(raw);
  if (!parsed.ok) return { ok: false, error: new InvalidRecord(`${requestedId}: ${parsed.message}`) };
  const id = parsed.study.protocolSection.identificationModule.nctId;
  return { ok: true, trial: normalize(parsed.study, (m) => warn(`${id}: ${m}`)) };
}
