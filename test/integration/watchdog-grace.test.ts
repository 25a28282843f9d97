import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFromEmail } from '../../functions/use-cases/open-case-from-email';
import { rearmLostTimers } from '../../functions/use-cases/rearm-lost-timers';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { deliverRaw } from '../support/intake';

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

describe('re-arming after a restart (issue 11, point 6)', () => {
  /** As after a restart: the store says the timers should run, but no execution is alive. */
  const restarted = (minutes: number) => ({
    ...cf.services,
    clock: later(minutes),
    workflows: Object.assign(Object.create(cf.services.workflows), {
      isSev1CallbackRunning: async () => false,
      isCaseClockRunning: async () => false,
    }) as typeof cf.services.workflows,
  });

  it('re-arming timers that missed nothing is logged and counted, not mailed; a timer that missed a deadline is', async () => {
    const raw = readFileSync(
      join(__dirname, '../fixtures/mail/69-outlook-globex-sev1-injections-en.eml'),
      'utf8'
    );
    const sesId = await deliverRaw(
      cf,
      { from: 'ops@globex.example', to: ['support@support.example.com'] },
      raw
    );
    const caseId = (await cf.services.intakeGuards.findCaseIdByInbound(sesId))!;
    await eventually(
      async () => (await cf.services.cases.getCase(caseId))?.sev1?.pages['0']?.sentAt,
      5000,
      'primary page'
    );
    const mailsBefore = (await watchdogMails()).length;

    // One minute on: the primary was paged, nothing else was due yet.
    const quiet = await rearmLostTimers(restarted(1), { atStartup: true });
    expect(quiet.rearmed).toContain(caseId);
    expect(quiet.clocksRearmed).toContain(caseId);
    expect(quiet.late).toEqual([]);
    expect(await watchdogMails()).toHaveLength(mailsBefore);

    // Six minutes on, the secondary's page (due at 5) passed while nothing watched: management hears.
    const late = await rearmLostTimers(restarted(6), { atStartup: true });
    expect(late.late).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId, what: 'a page due at level 2' })])
    );
    const [mail] = (await watchdogMails()).slice(mailsBefore);
    expect(mail?.subject).toMatch(/^\[WATCHDOG\] \d+ late timer\(s\) re-armed$/);
    expect(mail?.text).toContain('a page due at level 2 passed unseen');
  });
});
