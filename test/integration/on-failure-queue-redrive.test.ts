import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OnFailureQueueIntake } from '../../functions/adapters/aws/on-failure-queue-intake';
import { intakeFromSes } from '../../functions/adapters/aws/ses-intake';
import { ALL_PASS, readHeaders, sesLambdaEvent } from '../../local/ses-stand-in';
import { startTestCaseflow } from '../support/harness';

/**
 * On AWS, mail Lambda gave up on waits in the intake function's on-failure queue. The API re-drives
 * it with the real intake (DynamoDB Local, the local bucket); only SQS is played by a small
 * in-memory queue with SQS's visibility rules.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/IntakeFailures';

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

/** Messages by receipt handle; a received message is hidden until its visibility ends. */
class FakeQueue {
  private next = 0;
  readonly messages = new Map<string, { body: string; visibleAt: number }>();
  readonly sqs = mockClient(SQSClient);

  constructor() {
    this.sqs
      .on(ReceiveMessageCommand)
      .callsFake((input: { MaxNumberOfMessages: number; VisibilityTimeout: number }) => {
        const now = Date.now();
        const visible = [...this.messages]
          .filter(([, m]) => m.visibleAt <= now)
          .slice(0, input.MaxNumberOfMessages);
        for (const [, m] of visible) m.visibleAt = now + input.VisibilityTimeout * 1000;
        return { Messages: visible.map(([handle, m]) => ({ ReceiptHandle: handle, Body: m.body })) };
      });
    this.sqs.on(DeleteMessageCommand).callsFake((input: { ReceiptHandle: string }) => {
      this.messages.delete(input.ReceiptHandle);
      return {};
    });
    this.sqs
      .on(ChangeMessageVisibilityBatchCommand)
      .callsFake((input: { Entries: { ReceiptHandle: string; VisibilityTimeout: number }[] }) => {
        for (const e of input.Entries) {
          const m = this.messages.get(e.ReceiptHandle);
          if (m) m.visibleAt = Date.now() + e.VisibilityTimeout * 1000;
        }
        return { Successful: input.Entries.map((_, i) => ({ Id: String(i) })) };
      });
    this.sqs.on(GetQueueAttributesCommand).callsFake(() => ({
      Attributes: {
        ApproximateNumberOfMessages: String(this.messages.size),
        ApproximateNumberOfMessagesNotVisible: '0',
      },
    }));
  }

  send(body: unknown): void {
    this.messages.set(`handle-${this.next++}`, { body: JSON.stringify(body), visibleAt: 0 });
  }
}

/** What Lambda's on-failure destination writes after the last failed attempt of an SES event. */
async function failedInvocation(
  sesMessageId: string,
  subject: string,
  recipient = 'support@support.example.com'
) {
  const raw = Buffer.from(
    `From: anna.nowak@acme.example\r\nTo: ${recipient}\r\nSubject: ${subject}\r\nMessage-ID: <${sesMessageId}@acme.example>\r\n\r\nThe export hangs.\r\n`
  );
  await writeFile(join(cf.dataDir, 'mail', 'inbound', sesMessageId), raw);
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: 'e4b46cbf-b738-4b7c-a0b6-3b2c3f8f3c9a',
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:caseflow-intake:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: sesLambdaEvent({
      messageId: sesMessageId,
      receivedAt: cf.clock.now(),
      envelopeFrom: 'anna.nowak@acme.example',
      recipients: [recipient],
      headers: readHeaders(raw).headers,
      verdicts: ALL_PASS,
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:caseflow-intake',
      processingTimeMillis: 3,
    }),
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'TimeoutError', errorMessage: 'connect ETIMEDOUT dynamodb' },
  };
}

describe('the API re-drives the on-failure queue with the real intake', () => {
  let queue: FakeQueue;
  beforeEach(() => {
    queue = new FakeQueue();
  });

  const redriver = () =>
    new OnFailureQueueIntake(new SQSClient({}), QUEUE_URL, intakeFromSes(cf.services, ''));

  it('lists the waiting mail without taking it off the queue', async () => {
    queue.send(await failedInvocation('dlq00000000000000000000000000000000000001', 'Waiting in the queue'));
    const listed = await redriver().list();
    expect(listed).toEqual([
      expect.objectContaining({
        id: 'dlq00000000000000000000000000000000000001',
        failedAttempts: 3,
        lastError: 'connect ETIMEDOUT dynamodb',
        recipients: ['support@support.example.com'],
        envelopeFrom: 'anna.nowak@acme.example',
      }),
    ]);
    // Still there, and visible again for the next reader.
    expect(await redriver().list()).toHaveLength(1);
  });

  it('redrive opens the case and deletes the message; a mail that fails again stays', async () => {
    queue.send(
      await failedInvocation('dlq00000000000000000000000000000000000002', 'Export hangs since Monday')
    );
    queue.send(
      await failedInvocation(
        'dlq00000000000000000000000000000000000003',
        'To nobody',
        'nobody@support.example.com'
      )
    );
    const result = await redriver().redrive();
    expect(result).toEqual({ redriven: 1, remaining: 1 });
    const caseId = await cf.services.intakeGuards.findCaseIdByInbound(
      'dlq00000000000000000000000000000000000002'
    );
    expect((await cf.services.cases.getCase(caseId!))?.subject).toBe('Export hangs since Monday');
    const [left] = [...queue.messages.values()];
    expect(JSON.parse(left!.body).requestPayload.Records[0].ses.mail.messageId).toBe(
      'dlq00000000000000000000000000000000000003'
    );
    // The failing one is visible again at once, not hidden for the working time.
    expect(left!.visibleAt).toBeLessThanOrEqual(Date.now());
  });

  it('redriving one mail leaves the others where they were; a second redrive changes nothing', async () => {
    for (const n of [4, 5, 6])
      queue.send(await failedInvocation(`dlq0000000000000000000000000000000000000${n}`, `Mail ${n}`));
    expect(await redriver().redriveOne('dlq00000000000000000000000000000000000005')).toBe(true);
    expect(await redriver().redriveOne('dlq00000000000000000000000000000000000099')).toBe(false);
    expect((await redriver().list()).map((m) => m.id)).toEqual([
      'dlq00000000000000000000000000000000000004',
      'dlq00000000000000000000000000000000000006',
    ]);
    const opened = await cf.services.intakeGuards.findCaseIdByInbound(
      'dlq00000000000000000000000000000000000005'
    );
    expect(opened).toBeDefined();
    // The same mail delivered to the queue again (a duplicate) only leaves it: no second case.
    queue.send(await failedInvocation('dlq00000000000000000000000000000000000005', 'Mail 5'));
    await redriver().redrive();
    expect(
      await cf.services.intakeGuards.findCaseIdByInbound('dlq00000000000000000000000000000000000005')
    ).toBe(opened);
    expect(queue.messages.size).toBe(0);
  });
});
