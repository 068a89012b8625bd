#!/usr/bin/env node
// A listing (search, refresh) runs for minutes: start-up is nothing there, and the ES module chunks keep its peak
// memory lower. Every other run starts from the one-script bundle and V8's code cache of a one-page run
// (load-bundle.cjs), which took a page from 125 to 95 ms. Both are the same program (scripts/bundle.js).
import { createRequire } from 'node:module';

const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const { main } =
  command === 'search' || command === 'refresh'
    ? await import('../dist/bundle/cli.js')
    : createRequire(import.meta.url)('./load-bundle.cjs').loadBundle();
await main();
