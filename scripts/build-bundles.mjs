#!/usr/bin/env node
/**
 * Bundles the TypeScript that Node runs with esbuild, each bundle when a source of it changed since
 * its last build (compiling the sources at every start, as tsx did, cost seconds):
 * - cli: the `caseflow` command (cli/main.ts → dist/cli/main.mjs); each command area is its own
 *   chunk, loaded only when asked for.
 * - local: the embedded runtime behind `npm start` (local/main.ts → dist/local/main.mjs); main.mjs
 *   spawns DynamoDB Local before the rest (its own chunk) loads.
 * `--force` builds anyway.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildUnlessUnchanged, root } from './build-stamp.mjs';

export const DIST = join(root, 'dist');
/** Besides the sources esbuild reads: what decides how they are compiled and which packages they get. */
const SETTINGS = [
  'scripts/build-bundles.mjs',
  'scripts/build-stamp.mjs',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
const inNodeModules = (path) => /[\\/]node_modules[\\/]/.test(path);

/**
 * A bundle lives in dist/<name>/ (entry and chunks side by side), not beside its sources:
 * `new URL('./x', import.meta.url)` in a source file must still name the file next to that source,
 * so it is rewritten relative to the bundle's folder.
 */
const importMetaUrl = (outDir) => ({
  name: 'import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (inNodeModules(args.path)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const source = relative(outDir, args.path).split('\\').join('/');
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(source)}, import.meta.url).href`
        ),
        loader: 'ts',
      };
    });
  },
});

/**
 * A package the sources load with `import()` stays Node's to load from node_modules: bundled, a
 * CommonJS package (the AWS SDK) would give only a default export there, where Node gives its
 * named exports too.
 */
const dynamicPackagesExternal = {
  name: 'dynamic-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'dynamic-import' && !inNodeModules(args.importer)
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

/**
 * What both bundles share; `name` is the folder in dist/ and the entry's folder in the sources.
 * Packages are bundled too (loading them was most of a start), all but native addons, which Node
 * loads from node_modules.
 */
const options = (name) => ({
  absWorkingDir: root,
  entryPoints: { [`${name}/main`]: `${name}/main.ts` },
  outdir: DIST,
  chunkNames: `${name}/[name]-[hash]`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['argon2'],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: {
    js:
      "import { createRequire as __cjsRequire } from 'node:module';" +
      ' const require = __cjsRequire(import.meta.url);',
  },
  plugins: [importMetaUrl(join(DIST, name)), dynamicPackagesExternal],
  // Less to parse at every start; identifiers are left as they are, so stack traces name functions.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  write: false,
  logLevel: 'warning',
});

const TARGETS = {
  cli: async (esbuild) => {
    const builtIn = await builtInConfig(esbuild);
    const result = await esbuild.build({
      ...options('cli'),
      // A string, parsed where it is used: an object here would be injected into every module.
      define: { CASEFLOW_BUILT_IN_CONFIG: JSON.stringify(JSON.stringify(builtIn.config)) },
    });
    return { result, inputs: builtIn.inputs };
  },
  local: async (esbuild) => ({
    result: await esbuild.build({
      ...options('local'),
      // Bundling renames clashing classes and functions, and the OIDC issuer finds a token's
      // lifetime by its class's name: every one keeps the name it was written with. (The command's
      // packages look no name up, and it starts faster without.)
      keepNames: true,
    }),
  }),
};

async function bundle(name) {
  const esbuild = await import('esbuild');
  const { result, inputs = [] } = await TARGETS[name](esbuild);
  // Each file lands whole (a process started meanwhile reads the old or the new one); the entry
  // point last, so it never names a chunk not yet written; then what the last build left goes.
  const isEntry = (file) =>
    Boolean(result.metafile.outputs[relative(root, file.path).split('\\').join('/')]?.entryPoint);
  const written = new Set();
  for (const file of [...result.outputFiles].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)))) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(`${file.path}.tmp`, file.contents);
    renameSync(`${file.path}.tmp`, file.path);
    written.add(file.path);
  }
  for (const entry of readdirSync(join(DIST, name), { withFileTypes: true })) {
    const path = join(DIST, name, entry.name);
    if (entry.isFile() && path.endsWith('.mjs') && !written.has(path)) rmSync(path);
  }
  const sources = [...Object.keys(result.metafile.inputs), ...inputs].filter(
    // Packages are pinned by package-lock.json; `<stdin>`, `<define:…>` are no files.
    (f) => !inNodeModules(`/${f}`) && !f.startsWith('<')
  );
  return [...sources, ...SETTINGS];
}

/** Builds the named bundles (default: all) whose sources changed. */
export async function buildBundles({ force = false, only = Object.keys(TARGETS) } = {}) {
  await Promise.all(
    only.map(async (name) => {
      const started = Date.now();
      mkdirSync(join(DIST, name), { recursive: true });
      const built = await buildUnlessUnchanged({
        stampFile: join(DIST, name, '.sources.json'),
        inputs: (stamp) => stamp.inputs,
        force,
        build: () => bundle(name),
      });
      // stderr: a command that rebuilds first keeps its stdout for its own output.
      if (built) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`${name} bundle built in ${seconds} s (dist/${name})\n`);
      }
    })
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildBundles({ force: process.argv.includes('--force') });
}
