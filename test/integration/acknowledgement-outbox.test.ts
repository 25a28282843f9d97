import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeFromSes } from '../../functions/handlers/intake';
import type { Mailer } from '../../functions/ports';
import type { OpenCaseResult } from '../../functions/use-cases/inbound-mail';
import { ALL_PASS, readHeaders, sesLambdaEvent } from '../../local/ses-stand-in';
import { readOutbox, startTestCaseflow } from '../support/harness';

/**
 * The acknowledgement is recorded before it is sent and sent from the record: whatever moment an
 * intake dies at, its redelivery leaves the customer with one acknowledgement and the case saying so.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

async function storedEvent(sesMessageId: string, from: string, subject: string) {
  const raw = Buffer.from(
    `From: ${from}\r\nTo: support@support.example.com\r\nSubject: ${subject}\r\nMessage-ID: <${sesMessageId}@example.org>\r\n\r\nThe invoice total looks wrong, could you check it?\r\n`
  );
  await writeFile(join(cf.dataDir, 'mail', 'inbound', sesMessageId), raw);
  return sesLambdaEvent({
    messageId: sesMessageId,
    receivedAt: cf.clock.now(),
    envelopeFrom: from,
    recipients: ['support@support.example.com'],
    headers: readHeaders(raw).headers,
    verdicts: ALL_PASS,
    functionArn: 'arn:aws:lambda:local:000000000000:function:caseflow-intake',
    processingTimeMillis: 3,
  });
}

/** A mailer that dies once on the acknowledgement: before handing it over, or right after. */
function dyingOnce(moment: 'before-send' | 'after-send'): Mailer {
  let died = false;
  return {
    async send(mail) {
      const isAck = mail.headers?.['Auto-Submitted'] === 'auto-replied';
      if (isAck && !died && moment === 'before-send') {
        died = true;
        throw new Error('process died before the mail left');
      }
      const sent = await cf.services.mailer.send(mail);
      if (isAck && !died && moment === 'after-send') {
        died = true;
        throw new Error('process died after the mail left');
      }
      return sent;
    },
  };
}

async function acknowledgementsTo(address: string) {
  return (await readOutbox(cf.outboxDir)).filter(
    (m) => m.to.includes(address) && m.headers['auto-submitted'] === 'auto-replied'
  );
}

describe.each(['before-send', 'after-send'] as const)('an intake that dies %s', (moment) => {
  it('is finished by its redelivery with exactly one acknowledgement, recorded, and no miss', async () => {
    const from = `billing-${moment}@example.org`;
    const event = await storedEvent(
      `ackoutbox${moment.replace('-', '')}0000000000000000000000000`,
      from,
      `Invoice ${moment}`
    );
    const crashing = intakeFromSes({ ...cf.services, mailer: dyingOnce(moment) }, '');
    await expect(crashing(event)).rejects.toThrow(/process died/);

    const [result] = (await intakeFromSes(cf.services, '')(event)) as OpenCaseResult[];
    const c = await cf.services.cases.getCase(result!.caseId);
    const acks = await acknowledgementsTo(from);
    expect(acks.map((a) => a.messageId)).toEqual([c?.acknowledgement?.messageId]);
    expect(c?.acknowledgement?.pending).toBeUndefined();
    expect(c?.sla?.facts.filter((f) => f.kind === 'acknowledged')).toHaveLength(1);

    // A third delivery (SES retries once more) changes nothing.
    await intakeFromSes(cf.services, '')(event);
    expect(await acknowledgementsTo(from)).toHaveLength(1);
  });
});
