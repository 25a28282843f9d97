import { readFileSync } from 'node:fs';
import { demoConfig } from './demo-config';
import { type Config, ConfigSchema, planReferenceIssues } from './schema';

export class ConfigError extends Error {}

/** Validates a config object, with every problem listed by path. */
export function parseConfig(input: unknown, source: string): Config {
  const result = ConfigSchema.safeParse(input);
  if (!result.success) {
    // Cross-references are checked only on a structurally valid config; those that can be checked
    // on any input join the list, so one run names every problem.
    const paths = new Set(result.error.issues.map((i) => i.path.join('.')));
    const references = planReferenceIssues(input).filter((i) => !paths.has(i.path.join('.')));
    const problems = [...result.error.issues, ...references].map(
      (i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`
    );
    throw new ConfigError(`invalid caseflow config (${source}):\n${problems.join('\n')}`);
  }
  return result.data;
}

export function readConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read caseflow config ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`caseflow config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(json, path);
}

/**
 * The config of a process on one machine (`npm start`, the CLI): CASEFLOW_CONFIG, else the demo.
 * A Lambda function reads the config compiled into its bundle instead (./embedded.ts).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env.CASEFLOW_CONFIG) return readConfigFile(env.CASEFLOW_CONFIG);
  return parseConfig(demoConfig, 'built-in demo config');
}
