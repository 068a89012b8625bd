import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// trialcard uses zod's small build (zod/mini): the classic API cost ~20 ms of every run's start-up to load, for
// methods trialcard does not need. It ships without messages (each issue would read "Invalid input"), so English
// is set here, once, by every module that validates (import '../zod-config.js').
// Measured here: zod's JIT (new Function per schema) costs ~10 ms on the first record and is no faster after it
// for records of this shape, so validation runs without it.
config({ jitless: true, ...en() });
