// Loads the bundled CLI (dist/bundle/cli.cjs) with V8's code cache of a one-page run, made at build time by
// scripts/code-cache.js. Node 20 has no compile cache for ES modules, and compiling the page's code cold took
// ~25 ms of a ~125 ms run. A cache that V8 refuses (another Node.js, other V8 flags) or that is missing only costs
// that time back: the bundle is then compiled as usual.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script, constants } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');
const CACHE = `${BUNDLE}.cache`;

/** The bundle's exports; with `saveCache`, the code cache of what ran is written when the process exits. */
function loadBundle(saveCache = false) {
  let cachedData;
  if (!saveCache) {
    try {
      cachedData = readFileSync(CACHE);
    } catch {}
  }
  const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), {
    filename: BUNDLE,
    cachedData,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  if (saveCache) process.once('exit', () => writeFileSync(CACHE, script.createCachedData()));
  return module.exports;
}

module.exports = { loadBundle, BUNDLE, CACHE };
