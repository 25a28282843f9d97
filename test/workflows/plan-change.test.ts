import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { silentLog } from '../../local/console-log';
import { startCaseflow } from '../../local/runtime';
import { eventually, uniqueTableName } from '../support/harness';
import { sendMail } from '../support/smtp';

/** A plan changed while cases are open: after a restart the watchdog recomputes their deadlines. */
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

describe('changing a plan recomputes open cases', () => {
  it('STANDARD 4 h → 2 h: the open case is due two business hours earlier, and the timeline says why', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'caseflow-plan-'));
    dirs.push(dataDir);
    const shared = {
      dataDir,
      smtpPort: 0,
      httpPort: 0,
      timeScale: 1,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tableName: uniqueTableName('plan'),
      log: silentLog,
    };
    const clockStart = new Date('2026-12-15T10:00:00+01:00');

    const before = await startCaseflow({ ...shared, clockStart, config: parseConfig(demoConfig, 'test') });
    await sendMail(before.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: 'Plan change',
      text: 'Q',
    });
    const c = await eventually(
      async () => (await before.services.cases.listCases(10)).find((x) => x.subject === 'Plan change'),
      5000,
      'case'
    );
    const firstDue = Date.parse(c.deadlines.nextDueAt!);
    expect(firstDue - Date.parse(c.receivedAt)).toBe(4 * 3600_000);
    await before.stop();

    const faster = structuredClone(demoConfig);
    faster.plans = {
      ...faster.plans,
      STANDARD: {
        ...faster.plans.STANDARD!,
        nonCritical: { ...faster.plans.STANDARD!.nonCritical, response: { minutes: 120 } },
      },
    };
    const after = await startCaseflow({
      ...shared,
      clockStart: new Date(clockStart.getTime() + 60_000),
      config: parseConfig(faster, 'test'),
    });
    try {
      const recomputed = await after.services.cases.getCaseDetail(c.id);
      expect(Date.parse(recomputed!.case.deadlines.nextDueAt!)).toBe(firstDue - 2 * 3600_000);
      expect(recomputed!.timeline.find((t) => t.type === 'sla.recomputed')?.summary).toContain(
        'recorded warnings and breaches stand'
      );
      expect(await after.stepFunctions.status(`clock-${c.id}-2`)).toBe('RUNNING');
    } finally {
      await after.stop();
    }
  });
});
