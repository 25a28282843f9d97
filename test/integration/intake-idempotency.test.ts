import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeFromSes } from '../../functions/handlers/intake';
import type { OpenCaseResult } from '../../functions/use-cases/inbound-mail';
import { ALL_PASS, readHeaders, sesLambdaEvent } from '../../local/ses-stand-in';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';

/** The intake handler given the same SES event twice (SES retries, Lambda async retries). */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

async function storedEvent(
  sesMessageId: string,
  subject: string,
  messageId = `${sesMessageId}@globex.example`
) {
  const raw = Buffer.from(
    `From: ops@globex.example\r\nTo: sev1@support.example.com\r\nSubject: ${subject}\r\nMessage-ID: <${messageId}>\r\n\r\nAPI down.\r\n`
  );
  await writeFile(join(cf.dataDir, 'mail', 'inbound', sesMessageId), raw);
  return sesLambdaEvent({
    messageId: sesMessageId,
    receivedAt: cf.clock.now(),
    envelopeFrom: 'ops@globex.example',
    recipients: ['sev1@support.example.com'],
    headers: readHeaders(raw).headers,
    verdicts: ALL_PASS,
    functionArn: 'arn:aws:lambda:local:000000000000:function:caseflow-intake',
    processingTimeMillis: 3,
  });
}

/** Intake of mail that opens cases (none of these is held as spam or virus). */
const caseIntake = () => intakeFromSes(cf.services, '') as (event: unknown) => Promise<OpenCaseResult[]>;

describe('intake is idempotent on the SES message id', () => {
  it('one case, one acknowledgement, one page chain for a duplicate delivery', async () => {
    const intake = caseIntake();
    const event = await storedEvent('dup0000000000000000000000000000000000001', 'Duplicate delivery');
    const [first] = await intake(event);
    const [second] = await intake(event);
    expect(first?.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    await eventually(
      async () => (await readOutbox(cf.outboxDir)).some((m) => m.subject.startsWith('[SEV1 PAGE]')),
      5000,
      'page'
    );
    await new Promise((r) => setTimeout(r, 500));
    const mails = await readOutbox(cf.outboxDir);
    expect(mails.filter((m) => m.to.includes('ops@globex.example'))).toHaveLength(1);
    expect(mails.filter((m) => m.subject.startsWith('[SEV1 PAGE]'))).toHaveLength(1);
    expect(
      (await cf.services.cases.listCases(50)).filter((c) => c.subject === 'Duplicate delivery')
    ).toHaveLength(1);
    expect(await cf.stepFunctions.status(`sev1-${first!.caseId}-1`)).toBe('RUNNING');
  });

  it('two deliveries at the same instant still make one case and one acknowledgement', async () => {
    const intake = caseIntake();
    const event = await storedEvent('dup0000000000000000000000000000000000002', 'Concurrent delivery');
    const results = await Promise.all([intake(event), intake(event), intake(event)]);
    expect(new Set(results.map((r) => r[0]?.caseId)).size).toBe(1);
    expect(results.filter((r) => r[0]?.created)).toHaveLength(1);
    const reference = results[0]![0]!.reference;
    await new Promise((r) => setTimeout(r, 300));
    const acks = (await readOutbox(cf.outboxDir)).filter(
      (m) => m.subject.includes(reference) && m.to.includes('ops@globex.example')
    );
    expect(acks).toHaveLength(1);
  });

  it('racing deliveries draw one case number between them: the next mail takes the next number', async () => {
    const intake = caseIntake();
    const numberOf = (reference: string) => Number(reference.replace(/^CF-/, ''));
    // The same SES message three times at once (SES and Lambda retries)...
    const sameSes = await storedEvent('dup0000000000000000000000000000000000004', 'Raced redelivery');
    const raced = await Promise.all([intake(sameSes), intake(sameSes), intake(sameSes)]);
    // ...and one message handed over three times at once (three SMTP deliveries, three SES ids).
    const deliveries = await Promise.all(
      [5, 6, 7].map((n) =>
        storedEvent(
          `dup000000000000000000000000000000000000${n}`,
          'Raced second delivery',
          'raced-1@globex.example'
        )
      )
    );
    const resent = await Promise.all(deliveries.map((event) => intake(event)));
    const next = await intake(
      await storedEvent('dup0000000000000000000000000000000000008', 'After the races')
    );
    const first = raced.map((r) => r[0]!);
    const second = resent.map((r) => r[0]!);
    expect(new Set(first.map((r) => r.reference)).size).toBe(1);
    expect(new Set(second.map((r) => r.reference)).size).toBe(1);
    expect(first.filter((r) => r.created)).toHaveLength(1);
    expect(second.filter((r) => r.created)).toHaveLength(1);
    // No number was drawn and thrown away: the three cases have consecutive references.
    expect(numberOf(second[0]!.reference)).toBe(numberOf(first[0]!.reference) + 1);
    expect(numberOf(next[0]!.reference)).toBe(numberOf(second[0]!.reference) + 1);
  });

  it('a mail that cannot be read fails loudly and leaves the raw mail in place', async () => {
    const intake = intakeFromSes(cf.services, '');
    const event = await storedEvent('dup0000000000000000000000000000000000003', 'x');
    event.Records[0]!.ses.receipt.recipients = ['nobody@support.example.com'];
    await expect(intake(event)).rejects.toThrow(/not a configured support address|none of the recipients/);
  });
});
