import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dueTime, isoWithOffset } from '../../cli/commands/sla';
import { testConfig } from '../support/harness';

const run = promisify(execFile);
const caseflow = (...args: string[]) =>
  run(process.execPath, ['bin/caseflow.mjs', ...args], { env: { ...process.env, CASEFLOW_CONFIG: '' } });
const config = testConfig();
const due = (plan: string, received: string, extra: Partial<Parameters<typeof dueTime>[1]> = {}) =>
  dueTime(config, {
    plan,
    received: new Date(received),
    target: 'firstResponse',
    class: 'nonCritical',
    pauses: [],
    ...extra,
  }).due;

describe('caseflow sla due', () => {
  it('prints the due time (ISO 8601 with offset) and its explanation', async () => {
    const { stdout } = await caseflow(
      'sla',
      'due',
      '--plan',
      'STANDARD',
      '--received',
      '2026-12-23T16:30:00+01:00'
    );
    const [dueLine, why] = stdout.trim().split('\n');
    expect(dueLine).toBe('2026-12-28T10:30:00+01:00');
    expect(why).toContain('skipping Wigilia Bożego Narodzenia');
  });

  it('--json for machines, pauses repeatable', async () => {
    const { stdout } = await caseflow(
      'sla',
      'due',
      '--plan',
      'SAAS-SLA',
      '--target',
      'resolution',
      '--received',
      '2026-12-14T09:00:00+01:00',
      '--pause',
      '2026-12-14T11:00:00+01:00/2026-12-15T11:00:00+01:00',
      '--json'
    );
    expect(JSON.parse(stdout)).toMatchObject({
      due: '2026-12-21T17:00:00+01:00',
      dueUtc: '2026-12-21T16:00:00.000Z',
      target: 'resolution',
    });
  });

  it('a config named by CASEFLOW_CONFIG or --config is read and validated, not the built-in one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caseflow-sla-'));
    try {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify({ domain: 'support.example.com' }));
      const args = ['sla', 'due', '--plan', 'STANDARD', '--received', '2026-12-23T16:30:00+01:00'];
      const invalid = expect.stringContaining(`invalid caseflow config (${file})`);
      await expect(
        run(process.execPath, ['bin/caseflow.mjs', ...args], {
          env: { ...process.env, CASEFLOW_CONFIG: file },
        })
      ).rejects.toMatchObject({ stderr: invalid });
      await expect(caseflow(...args, '--config', file)).rejects.toMatchObject({ stderr: invalid });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses what it cannot compute, with a reason', async () => {
    await expect(
      caseflow('sla', 'due', '--plan', 'GOLD', '--received', '2026-12-14T09:00:00+01:00')
    ).rejects.toMatchObject({ stderr: expect.stringContaining('unknown plan GOLD') });
    await expect(
      caseflow('sla', 'due', '--plan', 'STANDARD', '--received', 'tomorrow')
    ).rejects.toMatchObject({ stderr: expect.stringContaining('not an ISO 8601 instant') });
    expect(() => due('COMMUNITY', '2026-12-14T09:00:00+01:00')).toThrow(/no firstResponse target/);
  });

  it.each([
    // plan, received, expected due (hand-checked)
    ['STANDARD', '2026-12-18T17:30:00+01:00', '2026-12-21T11:00:00+01:00'], // Fri after hours → Mon 07:00 + 4 h
    ['STANDARD', '2026-12-21T17:00:00+01:00', '2026-12-22T11:00:00+01:00'], // exactly at closing → next opening
    ['STANDARD', '2026-12-22T07:00:00+01:00', '2026-12-22T11:00:00+01:00'], // exactly at opening
    ['STANDARD', '2026-12-22T13:00:00+01:00', '2026-12-22T17:00:00+01:00'], // ends exactly at closing → due at closing
    ['EMAIL', '2026-12-22T09:00:00+01:00', '2026-12-23T15:00:00+01:00'], // 12 business hours of 09–15
    ['START', '2027-03-26T15:00:00+01:00', '2027-03-30T15:00:00+02:00'], // Fri → across the March DST change and Easter Monday (29 Mar)
    ['STANDARD', '2026-10-23T16:00:00+02:00', '2026-10-26T10:00:00+01:00'], // across the October DST change
    ['STANDARD', '2026-04-03T16:00:00+02:00', '2026-04-07T10:00:00+02:00'], // Good Friday open, Easter Monday closed
    ['STANDARD', '2026-06-03T16:00:00+02:00', '2026-06-05T10:00:00+02:00'], // Corpus Christi (Thu 4 June) closed
    ['STANDARD', '2026-10-30T16:00:00+01:00', '2026-11-02T10:00:00+01:00'], // 1 Nov a Sunday; 2 Nov (All Souls) is open
    ['STANDARD', '2026-11-10T16:00:00+01:00', '2026-11-12T10:00:00+01:00'], // 11 November closed
    ['STANDARD', '2026-12-31T16:00:00+01:00', '2027-01-04T10:00:00+01:00'], // 1 January closed, weekend
    ['STANDARD', '2027-01-05T16:00:00+01:00', '2027-01-07T10:00:00+01:00'], // 6 January closed
    ['STANDARD', '2027-04-30T16:00:00+02:00', '2027-05-04T10:00:00+02:00'], // 1 May Sat, 3 May Mon closed
    ['RAPID-24x7', '2026-12-24T23:55:00+01:00', '2026-12-25T00:05:00+01:00'], // 24/7 through midnight on a holiday
  ])('%s received %s → %s', (plan, received, expected) => {
    expect(due(plan, received)).toBe(expected);
  });

  it('formats instants in the plan zone with the offset in force', () => {
    expect(isoWithOffset(new Date('2026-07-01T10:00:00Z'), 'Europe/Warsaw')).toBe(
      '2026-07-01T12:00:00+02:00'
    );
    expect(isoWithOffset(new Date('2026-01-01T10:00:00Z'), 'UTC')).toBe('2026-01-01T10:00:00+00:00');
  });
});
