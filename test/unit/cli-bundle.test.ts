import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, registerCommands } from '../../cli/commands';
import { loadConfig } from '../../functions/config/load';
// @ts-expect-error: a plain JavaScript build script, without types
import { buildUnlessUnchanged } from '../../scripts/build-stamp.mjs';

/**
 * `caseflow` runs from a bundle (dist/cli, built by scripts/build-bundles.mjs on install and test),
 * with each command area loaded only when it runs.
 */
const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseflow-cli-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('command areas', () => {
  it.each(AREAS.map((a) => [a.commands.join(' '), a] as const))(
    '%s: the area adds those commands',
    async (_, area) => {
      const program = new Command();
      (await area.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(area.commands);
    }
  );

  it('a command outside every area (help, a typo) registers them all', async () => {
    const program = new Command();
    await registerCommands(program, 'slaa');
    expect(program.commands.map((c) => c.name())).toEqual(AREAS.flatMap((a) => a.commands));
  });

  it('`caseflow sla due` loads its own area and no other', async () => {
    // A module hook that notes every file of the bundle Node loads.
    const log = join(dir, 'loaded.txt');
    const hooks = `import { appendFileSync } from 'node:fs';
      export async function load(url, context, next) {
        if (url.includes('/dist/')) appendFileSync(${JSON.stringify(log)}, url.split('/').pop() + '\\n');
        return next(url, context);
      }`;
    const register = `import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`;
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        'bin/caseflow.mjs',
        'sla',
        'due',
        '--plan',
        'STANDARD',
        '--received',
        '2026-12-23T16:30:00+01:00',
      ],
      { env: { ...process.env, CASEFLOW_CONFIG: '' } }
    );
    expect(stdout.split('\n')[0]).toBe('2026-12-28T10:30:00+01:00');
    const loaded = (await readFile(log, 'utf8')).trim().split('\n');
    expect(loaded).toContain('main.mjs');
    expect(loaded.some((f) => f.startsWith('sla-'))).toBe(true);
    const others = ['config', 'oncall', 'pages', 'accounts', 'warmup', 'blacklist', 'remediation', 'mail'];
    expect(loaded.filter((f) => others.some((o) => f.startsWith(`${o}-`)) || f.startsWith('staff-'))).toEqual(
      []
    );
  });

  it('signs with SigV4 from the bundle (the AWS SDK packages it loads with import())', async () => {
    const seen: { url?: string; authorization?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accounts":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await run(process.execPath, ['bin/caseflow.mjs', 'accounts', 'list', '--api', api], {
        env: {
          ...process.env,
          CASEFLOW_API_SIGV4: '1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'example-secret',
          AWS_REGION: 'eu-central-1',
          AWS_PROFILE: '',
        },
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/ops/api/deliverability/accounts');
    expect(seen[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/execute-api\/aws4_request/
    );
  });

  it('the built-in config survives JSON, as the build embeds it for `sla due`', () => {
    const config = loadConfig({});
    expect(JSON.parse(JSON.stringify(config))).toStrictEqual(config);
  });
});

describe('build skip logic (the console and the bundles)', () => {
  it('builds when nothing was built, when an input changed or went; not when they hash the same', async () => {
    const source = join(dir, 'source.txt');
    const settings = join(dir, 'settings.txt');
    const stampFile = join(dir, 'stamp.json');
    await writeFile(source, 'one');
    let builds = 0;
    const options = {
      stampFile,
      inputs: (stamp: { inputs: string[] }) => stamp.inputs,
      build: async () => {
        builds++;
        await writeFile(settings, 'default');
        return [source, settings];
      },
    };
    expect(await buildUnlessUnchanged(options)).toBe(true);
    expect(await buildUnlessUnchanged(options)).toBe(false);
    // Touched but the same: skipped.
    const later = new Date(Date.now() + 60_000);
    await utimes(source, later, later);
    expect(await buildUnlessUnchanged(options)).toBe(false);
    await writeFile(source, 'two');
    expect(await buildUnlessUnchanged(options)).toBe(true);
    expect(await buildUnlessUnchanged({ ...options, force: true })).toBe(true);
    await rm(settings);
    // An input that is gone: built again.
    expect(await buildUnlessUnchanged(options)).toBe(true);
    expect(builds).toBe(4);
  });
});
