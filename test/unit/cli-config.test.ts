import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const caseflow = (...args: string[]) => run(process.execPath, ['bin/caseflow.mjs', ...args]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseflow-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('caseflow config', () => {
  it('init writes a commented sample that check accepts; init does not overwrite it', async () => {
    const file = join(dir, 'caseflow.config.json');
    const init = await caseflow('config', 'init', file);
    expect(init.stdout).toContain(`npx cdk deploy -c configFile=${file}`);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written.$comment.join('\n')).toContain('docs/config.md');
    const check = await caseflow('config', 'check', file);
    expect(check.stdout).toMatch(
      /is valid: 2 support addresses, 1 customers \(plans ENTERPRISE\), 5 teams, 1 rotations/
    );
    const again = await caseflow('config', 'init', file).catch((e) => e);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists; --force overwrites it');
  });

  it('check names every problem by its path and exits 1', async () => {
    const file = join(dir, 'bad.json');
    const sample = JSON.parse(await readFile(join(dir, 'caseflow.config.json'), 'utf8'));
    sample.customers[0].plan = 'GOLD';
    sample.supportAddresses[0].purpose = 'sales';
    await writeFile(file, JSON.stringify(sample));
    const error = await caseflow('config', 'check', file).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(`invalid caseflow config (${file})`);
    expect(error.stderr).toContain('  - supportAddresses.0.purpose:');
    expect(error.stderr).toContain('  - customers.0.plan: unknown plan "GOLD"');
  });
});
