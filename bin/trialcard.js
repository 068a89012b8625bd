#!/usr/bin/env node
// The bundle (npm run build: dist/ → dist/bundle/) loads a few files instead of ~200 modules.
import { main } from '../dist/bundle/cli.js';

await main();
