import { config, type core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// trialcard uses zod's small build (zod/mini): the classic API cost ~20 ms of every run's start-up to load, for
// methods trialcard does not need. It ships without messages (each issue would read "Invalid input"), so English
// is set here, once, by every module that validates (import '../zod-config.js').
// Measured here: zod's JIT (new Function per schema) costs ~10 ms on the first record and is no faster after it
// for records of this shape, so validation runs without it.
config({ jitless: true, ...en() });

/**
 * An issue's own words: for a record's key or a union, the message of the part that failed inside it ("not an NCT
 * ID", "use YYYY-MM-DD"), which zod's outer "Invalid key in record" / "Invalid input" would hide.
 */
export function issueMessage(issue: core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  if (issue.code === 'invalid_key' && issue.issues[0]) return issueMessage(issue.issues[0]);
  if (issue.code === 'invalid_union') {
    const custom = issue.errors.flat().find((i) => i.code === 'invalid_format' || i.code === 'custom');
    if (custom) return custom.message;
  }
  return issue.message;
}
