import type { Config } from './schema';

/** Set by esbuild `define` when CDK bundles a function (infra/constructs/bundling.ts). */
declare const CASEFLOW_EMBEDDED_CONFIG: string | undefined;

/** The JSON a function's bundle carries: the config as the schema returned it at synth. */
export const embeddableConfig = (config: Config): string => JSON.stringify(config);

/**
 * The deployment's config, compiled into a Lambda bundle. It is not parsed again: synth parsed
 * and validated it with the same schema, and what is embedded is that output, on which the
 * schema changes nothing (test/unit/embedded-config.test.ts). Parsing again would put the whole
 * config schema into every bundle and cost each cold start tens of milliseconds.
 */
export function embeddedConfig(): Config {
  if (typeof CASEFLOW_EMBEDDED_CONFIG === 'undefined' || !CASEFLOW_EMBEDDED_CONFIG)
    throw new Error('this bundle was built without its deployment config (CASEFLOW_EMBEDDED_CONFIG)');
  return JSON.parse(CASEFLOW_EMBEDDED_CONFIG) as Config;
}
