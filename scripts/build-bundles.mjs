#!/usr/bin/env node
/**
 * Bundles the TypeScript that Node runs as commands (cli/main.ts → dist/cli/main.mjs) with esbuild,
 * when a source changed since the last build: compiling the sources at every run (tsx) cost the
 * command a second. Each command area is its own chunk, loaded only when asked for. `--force`
 * builds anyway.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildUnlessUnchanged, root } from './build-stamp.mjs';

export const DIST = join(root, 'dist');
const ENTRY_POINTS = { 'cli/main': 'cli/main.ts' };
/** Besides the sources esbuild reads: what decides how they are compiled and which packages they get. */
const SETTINGS = [
  'scripts/build-bundles.mjs',
  'scripts/build-stamp.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

/**
 * A bundle lives in dist/, not beside its source: `new URL('./x', import.meta.url)` in a source
 * file must still name the file next to that source, so it is rewritten relative to the output.
 */
const importMetaUrl = {
  name: 'import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const out = join(DIST, relative(root, dirname(args.path)), 'module.mjs');
      const source = relative(dirname(out), args.path);
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(source)}, import.meta.url).href`
        ),
        loader: 'ts',
      };
    });
  },
};

/**
 * A package the sources load with `import()` stays Node's to load from node_modules: bundled, a
 * CommonJS package (the AWS SDK) would give only a default export there, where Node gives its
 * named exports too.
 */
const dynamicPackagesExternal = {
  name: 'dynamic-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'dynamic-import' && !/[\\/]node_modules[\\/]/.test(args.importer)
        ? { path: args.path, external: true }
        : undefined
    );
  },
};

/**
 * The built-in demo config as loadConfig() returns it, for `caseflow sla due` to use as is:
 * validating it with zod at every run was a third of that command's time and memory.
 */
async function builtInConfig(esbuild) {
  const probe = await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: "import { loadConfig } from './functions/config/load'; export default loadConfig({});",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const code = Buffer.from(probe.outputFiles[0].contents).toString('base64');
  const { default: config } = await import(`data:text/javascript;base64,${code}`);
  return { config, inputs: Object.keys(probe.metafile.inputs) };
}

async function bundle() {
  const esbuild = await import('esbuild');
  const builtIn = await builtInConfig(esbuild);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: DIST,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js:
        "import { createRequire as __cjsRequire } from 'node:module';" +
        ' const require = __cjsRequire(import.meta.url);',
    },
    // A string, parsed where it is used: an object here would be injected into every module.
    define: { CASEFLOW_BUILT_IN_CONFIG: JSON.stringify(JSON.stringify(builtIn.config)) },
    plugins: [importMetaUrl, dynamicPackagesExternal],
    // Less to parse at every start; names are kept, so stack traces still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  // Each file lands whole (a command started meanwhile reads the old or the new one); the entry
  // points last, so they never name a chunk not yet written; then what the last build left goes.
  const written = new Set();
  const isEntry = (file) => !/[\\/]chunks[\\/]/.test(file.path);
  const outputs = [...result.outputFiles].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)));
  for (const file of outputs) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(`${file.path}.tmp`, file.contents);
    renameSync(`${file.path}.tmp`, file.path);
    written.add(file.path);
  }
  for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && path.endsWith('.mjs') && !written.has(path)) rmSync(path);
  }
  const sources = [...Object.keys(result.metafile.inputs), ...builtIn.inputs].filter(
    // Packages are pinned by package-lock.json; `<stdin>`, `<define:…>` are no files.
    (f) => !f.includes('node_modules/') && !f.startsWith('<')
  );
  return [...sources, ...SETTINGS];
}

export async function buildBundles({ force = false } = {}) {
  const started = Date.now();
  mkdirSync(DIST, { recursive: true });
  const built = await buildUnlessUnchanged({
    stampFile: join(DIST, '.sources.json'),
    inputs: (stamp) => stamp.inputs,
    force,
    build: bundle,
  });
  // stderr: a command that rebuilds first keeps its stdout for its own output.
  if (built) {
    process.stderr.write(`bundles built in ${((Date.now() - started) / 1000).toFixed(1)} s (dist)\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildBundles({ force: process.argv.includes('--force') });
}
