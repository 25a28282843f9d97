import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOverride, oncallAt } from '../../cli/commands/oncall';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { testConfig } from '../support/harness';

const run = promisify(execFile);
const caseflow = (...args: string[]) =>
  run(process.execPath, ['bin/caseflow.mjs', ...args], { env: { ...process.env, CASEFLOW_CONFIG: '' } });

const rosterConfig = {
  ...demoConfig,
  oncall: {
    management: ['management@support.example.com'],
    people: {
      ala: { name: 'Ala', email: 'ala@support.example.com' },
      bartek: { name: 'Bartek', email: 'bartek@support.example.com' },
    },
    rotations: [
      {
        id: 'ops',
        timeZone: 'Europe/Warsaw',
        handoffAt: '09:00',
        every: 'daily',
        start: '2026-03-27',
        members: ['ala', 'bartek'],
      },
    ],
    policy: {
      levels: [
        { name: 'primary', target: { rotation: 'ops' }, ackTimeoutMinutes: 5 },
        { name: 'lead', target: { team: 'L3_SYSADMIN' }, ackTimeoutMinutes: 5 },
      ],
    },
  },
};

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseflow-oncall-'));
  file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(rosterConfig, null, 2));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('caseflow oncall', () => {
  it('show: rotations and the policy resolved at an instant, from the domain code', () => {
    const view = oncallAt(parseConfig(rosterConfig, 't'), new Date('2026-03-29T08:00:00+02:00'));
    expect(view.rotations).toEqual([
      { id: 'ops', person: 'bartek', name: 'Bartek', via: 'rotation', until: '2026-03-29T09:00:00+02:00' },
    ]);
    expect(view.steps.map((s) => [s.name, s.afterMinutes, s.pages])).toEqual([
      ['primary', 0, 'bartek@support.example.com'],
      ['lead', 5, expect.stringContaining('@support.example.com')],
      ['management', 10, 'management@support.example.com'],
    ]);
  });

  it('show with the legacy escalation list (demo config): its ops rotation is shown, the list pages', () => {
    const view = oncallAt(testConfig(), new Date('2026-03-29T08:00:00Z'));
    expect(view.rotations.map((r) => [r.id, r.person])).toEqual([['ops', 'bartek']]);
    expect(view.steps.map((s) => s.pages)).toEqual([
      'oncall-primary@support.example.com',
      'oncall-secondary@support.example.com',
      'support-lead@support.example.com',
    ]);
  });

  it('the documented override (ops, celina) holds on the demo config', () => {
    const text = addOverride(JSON.stringify(demoConfig), 'demo', {
      rotation: 'ops',
      person: 'celina',
      from: new Date('2026-03-29T08:00:00Z'),
      to: new Date('2026-03-29T20:00:00Z'),
    });
    const view = oncallAt(parseConfig(JSON.parse(text), 'demo'), new Date('2026-03-29T12:00:00Z'));
    expect(view.rotations.map((r) => [r.id, r.person, r.via])).toEqual([['ops', 'celina', 'override']]);
  });

  it('override refuses unknown people and empty windows', () => {
    const text = JSON.stringify(rosterConfig);
    const o = {
      rotation: 'ops',
      from: new Date('2026-03-29T10:00:00Z'),
      to: new Date('2026-03-29T12:00:00Z'),
    };
    expect(() => addOverride(text, 'x', { ...o, person: 'zenon' })).toThrow(/unknown person zenon/);
    expect(() => addOverride(text, 'x', { ...o, person: 'bartek', to: o.from })).toThrow(
      /end after it starts/
    );
  });

  it('override saves to the config file and show then names the override (spawned CLI)', async () => {
    const saved = await caseflow(
      'oncall',
      'override',
      '--config',
      file,
      '--rotation',
      'ops',
      '--person',
      'bartek',
      '--from',
      '2026-03-29T08:30:00+02:00',
      '--to',
      '2026-03-29T12:00:00+02:00',
      '--reason',
      'swap'
    );
    expect(saved.stdout).toContain('override saved');
    expect(JSON.parse(await readFile(file, 'utf8')).oncall.overrides).toHaveLength(1);
    const { stdout } = await caseflow(
      'oncall',
      'show',
      '--config',
      file,
      '--at',
      '2026-03-29T09:00:00+02:00'
    );
    expect(stdout).toContain('rotation ops: Bartek (bartek, override) until 2026-03-29T12:00:00+02:00');
    expect(stdout).toContain(
      '+0 min primary [rotation ops]: bartek@support.example.com — Bartek via rotation ops (override)'
    );
  });
});
