// Build step, after bundle.js: renders one page through the bundle in a child process and saves V8's code cache of
// the functions that ran (dist/bundle/cli.cjs.cache), which bin/load-bundle.cjs reads at every start.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadBundle, CACHE } = require('../bin/load-bundle.cjs');
const PAGE = new URL('../fixtures/studies/NCT07438847.json', import.meta.url).pathname;

if (process.argv[2] === '--child') {
  process.argv = [process.argv[0], 'trialcard', 'render', PAGE];
  await loadBundle(true).main();
} else {
  rmSync(CACHE, { force: true });
  const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(CACHE)) {
    console.error('code-cache: the one-page run failed; the CLI will start without a code cache');
    process.exit(1);
  }
  console.log(`saved the code cache of a one-page run into ${CACHE}`);
}
