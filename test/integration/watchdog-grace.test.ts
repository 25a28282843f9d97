import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFromEmail } from '../../functions/use-cases/open-case-from-email';
import { rearmLostTimers } from '../../functions/use-cases/rearm-lost-timers';
import { readOutbox, startTestCaseflow } from '../support/harness';

/**
 * The watchdog and a case still in its intake: intake starts a case's timers last, so a scheduled
 * watchdog run that lands in between must not "re-arm" them (nor alarm management); a case whose
 * intake died is re-armed once it is past that window, and at a local start-up at once.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow();
});
afterAll(async () => {
  await cf?.cleanup();
});

/** A Sev-1 whose intake stopped just before starting its timers (as if the function died there). */
async function sev1WithoutTimers(tag: string): Promise<string> {
  const sesMessageId = `watchdoggrace${tag}`.padEnd(40, '0');
  await writeFile(
    join(cf.dataDir, 'mail', 'inbound', sesMessageId),
    `From: ops@globex.example\r\nTo: sev1@support.example.com\r\nSubject: Outage ${tag}\r\nMessage-ID: <${tag}@globex.example>\r\n\r\nAll API calls fail.\r\n`
  );
  const stoppedBeforeTimers = {
    ...cf.services,
    workflows: {
      ...cf.services.workflows,
      startSev1Callback: async () => undefined,
      startCaseClock: async () => undefined,
    },
  };
  const { caseId } = await openCaseFromEmail(stoppedBeforeTimers, {
    sesMessageId,
    rawKey: sesMessageId,
    recipients: ['sev1@support.example.com'],
    source: 'ops@globex.example',
    receivedAt: new Date().toISOString(),
    verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  });
  return caseId;
}

const watchdogMails = async () =>
  (await readOutbox(cf.outboxDir)).filter((m) => m.subject.startsWith('[WATCHDOG]'));
const later = (minutes: number) => ({ now: () => new Date(Date.now() + minutes * 60_000) });

describe('the watchdog and cases still in their intake', () => {
  it('a scheduled run leaves a case in its intake alone; past that window it re-arms it and tells management', async () => {
    const caseId = await sev1WithoutTimers('scheduled');
    const during = await rearmLostTimers(cf.services);
    expect(during.rearmed).not.toContain(caseId);
    expect(during.clocksRearmed).not.toContain(caseId);
    expect(await watchdogMails()).toHaveLength(0);

    const after = await rearmLostTimers({ ...cf.services, clock: later(3) });
    expect(after.rearmed).toContain(caseId);
    expect(after.clocksRearmed).toContain(caseId);
    expect(await watchdogMails()).toHaveLength(1);
  });

  it('at a local start-up no intake is running any more: every case is checked at once', async () => {
    const caseId = await sev1WithoutTimers('startup');
    const report = await rearmLostTimers(cf.services, { atStartup: true });
    expect(report.rearmed).toContain(caseId);
    expect(report.clocksRearmed).toContain(caseId);
  });
});
