import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { embeddableConfig } from '../../functions/config/embedded';
import type { Config } from '../../functions/config/schema';

/** The repository root: handler entries, the npm lock file and module aliases are found from here. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How every function is bundled, in one place: CaseflowFunction hands it to NodejsFunction, and
 * the bundle budget test and the cold-start bench build with the same settings through esbuild.
 */
const settings = {
  target: 'node22',
  mainFields: ['module', 'main'],
  // ESM has no `require`; bundled CommonJS code (the AWS SDK's) still calls it for Node
  // built-ins and crashes with "Dynamic require of ... is not supported" without this.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  minify: true,
  // A separate index.mjs.map next to the bundle (not inline), without the sources: stack traces
  // get file and line through NODE_OPTIONS=--enable-source-maps, and the bundle stays small.
  sourceMap: true,
  sourcesContent: false,
  // Bundle everything, the AWS SDK included: the runtime's SDK lags and drifts, and loading
  // it costs cold-start time (aws-cdk#25492, aws-sdk-js-v3#7100).
  externalModules: [] as string[],
  // The SDK's default credential chain, cut to what Lambda uses: the environment (relative to the
  // repository root, where NodejsFunction runs esbuild).
  alias: { '@aws-sdk/credential-provider-node': './functions/adapters/aws/lambda-credentials.ts' },
} as const;

/**
 * The config validated at synth, compiled into the bundle: every function of a deployment runs
 * with the same config and needs no file or parameter at run time (functions/config/embedded.ts).
 */
const defines = (config: Config): Record<string, string> => ({
  CASEFLOW_EMBEDDED_CONFIG: JSON.stringify(embeddableConfig(config)),
});

/** NodejsFunction's bundling options. */
export function lambdaBundling(config: Config): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: settings.target,
    mainFields: [...settings.mainFields],
    banner: settings.banner,
    minify: settings.minify,
    sourceMap: settings.sourceMap,
    sourcesContent: settings.sourcesContent,
    externalModules: settings.externalModules,
    define: defines(config),
    esbuildArgs: { '--alias': Object.entries(settings.alias).map(([from, to]) => `${from}=${to}`) },
  };
}

/** The same build through esbuild's API, as NodejsFunction runs its CLI (`--bundle --platform=node`). */
export function esbuildOptions(entry: string, outfile: string, config: Config): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: settings.target,
    mainFields: [...settings.mainFields],
    banner: { js: settings.banner },
    minify: settings.minify,
    sourcemap: settings.sourceMap,
    sourcesContent: settings.sourcesContent,
    external: settings.externalModules,
    define: defines(config),
    alias: settings.alias,
    absWorkingDir: repoRoot,
  };
}
