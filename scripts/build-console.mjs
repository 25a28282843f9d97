#!/usr/bin/env node
/**
 * Builds the agent console (console/ → console/dist) when its sources changed since the last
 * build: `npm ci` (postinstall), `npm start` and `npm test` run it, so a fresh clone needs no
 * other step and an unchanged console costs no time. `--force` builds anyway.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildUnlessUnchanged, root } from './build-stamp.mjs';

const consoleDir = join(root, 'console');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const sources = () => [...files(consoleDir), join(root, 'package-lock.json')];

export async function buildConsole({ force = false } = {}) {
  const started = Date.now();
  const built = await buildUnlessUnchanged({
    stampFile: join(consoleDir, 'dist', '.sources.json'),
    inputs: sources,
    force,
    build: async () => {
      const { build } = await import('vite');
      await build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
      return sources();
    },
  });
  if (built) console.log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s (console/dist)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildConsole({ force: process.argv.includes('--force') });
}
