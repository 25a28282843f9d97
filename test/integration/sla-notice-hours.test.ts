import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock, Workflows } from '../../functions/ports';
import { caseClockStep } from '../../functions/use-cases/case-clock';
import { openCaseFromEmail } from '../../functions/use-cases/open-case-from-email';
import { readOutbox, startTestCaseflow } from '../support/harness';

/**
 * Notices respect the receiving team's hours, except the customer's (docs/sla.md). The clock step
 * is driven by hand at chosen instants, with real DynamoDB and the real outbox; no workflow runs.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
beforeAll(async () => {
  cf = await startTestCaseflow();
});
afterAll(async () => {
  await cf?.cleanup();
});

const local = (s: string) => new Date(`${s}+01:00`);

describe('SLA notices and working hours', () => {
  it('a breach at 07:30 Monday: the customer hears at once, L3 at 08:00, management at 09:00', async () => {
    let now = local('2026-12-18T13:30:00'); // Friday: 3.5 business hours today, 0.5 on Monday → due Mon 07:30
    const clock: Clock = { now: () => now };
    const started: string[] = [];
    const workflows: Workflows = {
      startSev1Callback: async () => undefined,
      isSev1CallbackRunning: async () => false,
      startCaseClock: async (caseId, generation) => void started.push(`${caseId}#${generation}`),
      isCaseClockRunning: async () => true,
      resume: async () => 'gone',
    };
    const deps = { ...cf.services, clock, workflows };
    const sesMessageId = 'hours000000000000000000000000000000000001';
    await writeFile(
      join(cf.dataDir, 'mail', 'inbound', sesMessageId),
      'From: anna.nowak@acme.example\r\nTo: support@support.example.com\r\nSubject: Friday afternoon question\r\nMessage-ID: <friday@acme.example>\r\n\r\nQ\r\n'
    );
    const { caseId, reference } = await openCaseFromEmail(deps, {
      sesMessageId,
      rawKey: sesMessageId,
      recipients: ['support@support.example.com'],
      source: 'anna.nowak@acme.example',
      receivedAt: now.toISOString(),
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    });
    expect(started).toEqual([`${caseId}#1`]);
    expect((await cf.services.cases.getCase(caseId))?.deadlines.nextDueAt).toBe(
      local('2026-12-21T07:30:00').toISOString()
    );
    const mails = async (prefix: string) =>
      (await readOutbox(cf.outboxDir)).filter(
        (m) => m.subject.includes(reference) && m.subject.startsWith(prefix)
      );

    now = local('2026-12-21T07:30:00');
    const atBreach = await caseClockStep(deps, caseId, 1);
    expect(
      (await readOutbox(cf.outboxDir)).filter(
        (m) => m.to.includes('anna.nowak@acme.example') && m.text.includes('has been passed')
      )
    ).toHaveLength(1);
    expect(await mails('[ESCALATED]')).toHaveLength(0); // L3 opens at 08:00
    expect(await mails('[SLA MISSED]')).toHaveLength(0); // management at 09:00
    expect(atBreach).toEqual({ next: 'WAIT', wakeAt: local('2026-12-21T08:00:00').toISOString() });

    now = local('2026-12-21T08:00:00');
    expect(await caseClockStep(deps, caseId, 1)).toEqual({
      next: 'WAIT',
      wakeAt: local('2026-12-21T09:00:00').toISOString(),
    });
    expect((await mails('[ESCALATED]')).map((m) => m.to)).toEqual([['sysadmins@support.example.com']]);
    expect(await mails('[SLA MISSED]')).toHaveLength(0);

    now = local('2026-12-21T09:00:00');
    expect((await caseClockStep(deps, caseId, 1)).next).toBe('DONE');
    expect((await mails('[SLA MISSED]')).map((m) => m.to)).toEqual([['management@support.example.com']]);

    // Woken again by mistake: nothing is sent twice.
    now = local('2026-12-21T09:05:00');
    await caseClockStep(deps, caseId, 1);
    expect(await mails('[ESCALATED]')).toHaveLength(1);
    expect(await mails('[SLA MISSED]')).toHaveLength(1);
  });
});
