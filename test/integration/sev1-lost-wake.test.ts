import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitCallback } from '../../functions/use-cases/await-callback';
import { openCaseFromEmail } from '../../functions/use-cases/open-case-from-email';
import { pageOnCall } from '../../functions/use-cases/page-on-call';
import { startTestCaseflow } from '../support/harness';

/**
 * A person acts between the workflow's `Decide` and the wait that follows it: the acknowledgement
 * or callback reads no token of that wait, so the wait itself must notice and wake at once, or
 * the workflow sleeps until the next level (or the callback deadline) is due.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow();
});
afterAll(async () => {
  await cf?.cleanup();
});

/** A Sev-1 with no workflow running, so each wait step here is the only one. */
async function sev1WithoutTimers(tag: string): Promise<string> {
  const sesMessageId = `lostwake${tag}`.padEnd(40, '0');
  await writeFile(
    join(cf.dataDir, 'mail', 'inbound', sesMessageId),
    `From: ops@globex.example\r\nTo: sev1@support.example.com\r\nSubject: Outage ${tag}\r\nMessage-ID: <${tag}@globex.example>\r\n\r\nAll API calls fail.\r\n`
  );
  const { caseId } = await openCaseFromEmail(
    {
      ...cf.services,
      workflows: {
        ...cf.services.workflows,
        startSev1Callback: async () => undefined,
        startCaseClock: async () => undefined,
      },
    },
    {
      sesMessageId,
      rawKey: sesMessageId,
      recipients: ['sev1@support.example.com'],
      source: 'ops@globex.example',
      receivedAt: new Date().toISOString(),
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    }
  );
  return caseId;
}

/** The services, with the workflow wake-ups recorded instead of sent. */
function recordingWakeUps() {
  const woken: string[] = [];
  const services = {
    ...cf.services,
    workflows: {
      ...cf.services.workflows,
      resume: async (token: string) => {
        woken.push(token);
        return 'resumed' as const;
      },
    },
  };
  return { services, woken };
}

describe('a person acts between Decide and the wait', () => {
  it('acknowledged before AwaitAck parks its token: the wait wakes itself and pages nobody', async () => {
    const caseId = await sev1WithoutTimers('ack');
    await cf.services.paging.recordPageAcknowledged(
      caseId,
      'oncall-primary@support.example.com',
      new Date().toISOString()
    );
    const { services, woken } = recordingWakeUps();
    await pageOnCall(services, caseId, 'ack-token');
    expect(woken).toEqual(['ack-token']);
    expect(Object.keys((await cf.services.cases.getCase(caseId))?.sev1?.pages ?? {})).toEqual([]);
  });

  it('called back before AwaitCallback parks its token: the wait wakes itself', async () => {
    const caseId = await sev1WithoutTimers('callback');
    const at = new Date().toISOString();
    await cf.services.paging.recordPageAcknowledged(caseId, 'oncall-primary@support.example.com', at);
    await cf.services.paging.recordCallback(caseId, 'oncall-primary@support.example.com', at);
    const { services, woken } = recordingWakeUps();
    await awaitCallback(services, caseId, 'callback-token');
    expect(woken).toEqual(['callback-token']);
  });

  it('still waiting for the callback: the wait parks and nothing wakes it', async () => {
    const caseId = await sev1WithoutTimers('waiting');
    await cf.services.paging.recordPageAcknowledged(
      caseId,
      'oncall-primary@support.example.com',
      new Date().toISOString()
    );
    const { services, woken } = recordingWakeUps();
    await awaitCallback(services, caseId, 'parked-token');
    expect(woken).toEqual([]);
    expect(await cf.services.paging.getWaitToken(caseId, 'callback')).toBe('parked-token');
  });
});
