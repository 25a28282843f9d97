#!/usr/bin/env node
// The `caseflow` command runs the bundle `npm ci` built (scripts/build-bundles.mjs). When a file it
// was built from is newer than the build, or it is missing, it is built first, so an edited source
// never runs stale; modification times are the quick look, the build itself compares contents.
import { readFileSync, statSync } from 'node:fs';

const dist = new URL('../dist/cli/', import.meta.url);

function stale() {
  try {
    const stamp = new URL('.sources.json', dist);
    const builtAt = statSync(stamp).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(stamp, 'utf8'));
    return inputs.some((file) => statSync(new URL(`../../${file}`, dist)).mtimeMs > builtAt);
  } catch {
    return true;
  }
}

if (stale()) await (await import('../scripts/build-bundles.mjs')).buildBundles({ only: ['cli'] });
await import('../dist/cli/main.mjs');
