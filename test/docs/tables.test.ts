import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../cli/commands';
import * as lambdaEnv from '../../functions/config/env';
import { createApp } from '../../functions/http/app';
import { LocalEnvSchema } from '../../local/env';
import { documentationFiles, runnableBlocks } from './runnable';

/**
 * The docs' tables against the code: the routes the HTTP app registers (read from the Hono app's
 * own route list) and the environment variables the code reads.
 */

const docs = ['README.md', ...readdirSync('docs').map((f) => join('docs', f))].filter((f) =>
  f.endsWith('.md')
);
const read = (file: string) => readFileSync(file, 'utf8');

/** Does a documented path (`:x`, `{x}`, `<x>` or a concrete value) fit a route pattern of the app? */
function fits(mention: string, route: string): boolean {
  const [method, path = ''] = mention.split(' ');
  const [routeMethod, routePath = ''] = route.split(' ');
  const a = path.split('/');
  const b = routePath.split('/');
  return (
    method === routeMethod &&
    a.length === b.length &&
    a.every(
      (seg, i) => seg === b[i] || (b[i]?.startsWith(':') && /^(:\w+|\{\w+\}|<[^>]+>|[\w.@-]+)$/.test(seg))
    )
  );
}

function appRoutes(): string[] {
  // Only registration matters here: no handler runs, so no services are needed.
  const app = createApp({} as never, {
    health: () => true,
    authenticate: {} as never,
    identity: {} as never,
    deliverability: {} as never,
  });
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
}

/** Rows of markdown tables whose first cell is one backticked `METHOD /path`. */
function routeTable(text: string): string[] {
  return [...text.matchAll(/^\| `(GET|POST|PUT|DELETE|PATCH) (\/[^`\s]*)` \|/gm)].map(
    (m) => `${m[1]} ${m[2]}`
  );
}

/** Every backticked `METHOD /path…` anywhere in a text (query strings cut; API Gateway's `{proxy+}` aside). */
function routeMentions(text: string): string[] {
  return [...text.matchAll(/`(GET|POST|PUT|DELETE|PATCH) (\/[^`\s?…]*)/g)]
    .map((m) => `${m[1]} ${m[2]}`)
    .filter((r) => !r.includes('{proxy+}'));
}

describe('the route table (docs/http-api.md)', () => {
  it('lists every route the app registers, and only those', () => {
    const table = routeTable(read('docs/http-api.md'));
    expect(new Set(table).size).toBe(table.length);
    expect([...table].sort()).toEqual(appRoutes().sort());
  });

  it('every route the docs mention exists (API Gateway proxy routes aside)', () => {
    const routes = appRoutes();
    const stale = docs.flatMap((file) =>
      routeMentions(read(file))
        .filter((mention) => !routes.some((route) => fits(mention, route)))
        .map((mention) => `${file}: ${mention}`)
    );
    expect(stale).toEqual([]);
  });
});

/** Source files of the product (tests aside). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'node_modules'
        ? []
        : sources(join(dir, e.name))
      : /\.(ts|mjs)$/.test(e.name)
        ? [join(dir, e.name)]
        : []
  );
}

function envVarsRead(): string[] {
  const names = new Set<string>();
  for (const file of ['functions', 'local', 'cli', 'infra', 'workflows', 'bin'].flatMap(sources)) {
    const text = read(file);
    for (const m of text.matchAll(
      /process\.env\.([A-Z][A-Z0-9_]+)|process\.env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g
    ))
      names.add((m[1] ?? m[2]) as string);
    // Env objects passed around (`env.CASEFLOW_CONFIG` in the config loader).
    for (const m of text.matchAll(/\benv\.(CASEFLOW_[A-Z0-9_]+)/g)) names.add(m[1] as string);
  }
  for (const schema of [LocalEnvSchema, ...Object.values(lambdaEnv)])
    if (schema && typeof schema === 'object' && 'shape' in schema)
      for (const key of Object.keys(schema.shape)) names.add(key);
  return [...names].sort();
}

/** The names in the knob tables: markdown tables whose first column is headed `knob`. */
function knobRows(text: string): string[] {
  const names: string[] = [];
  let inKnobTable = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) inKnobTable = false;
    else if (/^\| knob \|/.test(line)) inKnobTable = true;
    else if (inKnobTable) {
      const name = /^\| `([A-Z][A-Z0-9_]+)` \|/.exec(line)?.[1];
      if (name) names.push(name);
    }
  }
  return names;
}

describe('the knob tables (README.md, and docs/deploy.md for the deployed functions)', () => {
  it('name every environment variable the code reads', () => {
    const documented = new Set([...knobRows(read('README.md')), ...knobRows(read('docs/deploy.md'))]);
    expect(envVarsRead().filter((name) => !documented.has(name))).toEqual([]);
  });

  it('name no variable the code does not read', () => {
    const used = new Set(envVarsRead());
    const documented = [...knobRows(read('README.md')), ...knobRows(read('docs/deploy.md'))];
    // CHROMIUM_PATH is read by the browser test alone, which README's prerequisites describe.
    expect(documented.filter((name) => !used.has(name) && name !== 'CHROMIUM_PATH')).toEqual([]);
  });

  it('the README links the deploy knob table', () => {
    expect(read('README.md')).toContain('docs/deploy.md');
  });
});

describe('commands in the docs', () => {
  it('every runnable marker stands before an sh block (the runnable docs test runs them)', () => {
    const blocks = documentationFiles().flatMap((file) => runnableBlocks(file));
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('the command line is written as `npx caseflow …`: a bare `caseflow` is not on a newcomer’s PATH', async () => {
    const program = new Command();
    await registerCommands(program);
    const commands = program.commands.map((c) => c.name()).join('|');
    const bare = new RegExp(`(^|[\`(|]\\s*)caseflow (${commands})\\b`, 'gm');
    const found = docs.flatMap((file) =>
      [...read(file).matchAll(bare)].map((m) => `${file}: ${m[0].trim()}`)
    );
    expect(found).toEqual([]);
  });
});
