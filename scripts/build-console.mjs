#!/usr/bin/env node
/**
 * Builds the agent console (console/ → console/dist) when its sources changed since the last
 * build: `npm ci` (postinstall), `npm start` and `npm test` run it, so a fresh clone needs no
 * other step and an unchanged console costs no time. `--force` builds anyway.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = join(root, 'console');
const stampFile = join(consoleDir, 'dist', '.sources-sha256');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const hash = createHash('sha256');
for (const file of [...files(consoleDir), join(root, 'package-lock.json')].sort()) {
  hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
}
const sources = hash.digest('hex');
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (built === sources && !process.argv.includes('--force')) process.exit(0);

const started = Date.now();
const { build } = await import('vite');
await build({ configFile: join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(stampFile, `${sources}\n`);
console.log(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s (console/dist)`);
