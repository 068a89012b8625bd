#!/usr/bin/env node
// The bundle (npm run build: dist/ → dist/bundle/cli.cjs) loads one file instead of ~200 modules, through V8's
// code cache (see load-bundle.cjs).
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('./load-bundle.cjs').loadBundle();
await main();
