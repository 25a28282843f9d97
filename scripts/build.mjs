#!/usr/bin/env node
/**
 * Everything that must be built before caseflow runs: the console and the bundles Node runs, each
 * skipped when its sources are unchanged. `npm ci` (postinstall), `npm start` (prestart) and
 * `npm test` (global setup) run it.
 */
import { buildBundles } from './build-bundles.mjs';
import { buildConsole } from './build-console.mjs';

await buildConsole();
await buildBundles();
