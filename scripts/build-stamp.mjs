/**
 * The skip logic the builds share (the console, the bundles Node runs): a build records which
 * files it was made from and their sha256, and is skipped while they hash the same. So `npm ci`,
 * `npm start` and `npm test` can all ask for a build, and an unchanged tree costs only the hashing.
 */
import { createHash } from 'node:crypto';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** sha256 over the files' paths (from the repository's root) and contents, in a stable order. */
export function sourcesHash(files) {
  const hash = createHash('sha256');
  for (const file of [...new Set(files.map((f) => relative(root, resolve(root, f))))].sort()) {
    hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** What the last completed build recorded: `{ sources, inputs }`, or undefined. */
export function readStamp(stampFile) {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Runs `build` unless the files `inputs(stamp)` names hash as they did when the stamp was written
 * (`force` builds anyway). `build` resolves to the files the output was made from; they are recorded.
 * Returns whether it built.
 */
export async function buildUnlessUnchanged({ stampFile, inputs, build, force = false }) {
  const stamp = readStamp(stampFile);
  if (!force && stamp) {
    let same = false;
    try {
      same = stamp.sources === sourcesHash(inputs(stamp));
    } catch {
      // An input is gone: build.
    }
    if (same) {
      // A quick check by modification time (bin/caseflow.mjs) then finds it fresh again.
      const now = new Date();
      utimesSync(stampFile, now, now);
      return false;
    }
  }
  const used = [...new Set((await build()).map((f) => relative(root, resolve(root, f))))].sort();
  writeFileSync(stampFile, `${JSON.stringify({ sources: sourcesHash(used), inputs: used }, null, 1)}\n`);
  return true;
}
