import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { UndeliveredIntake, UndeliveredMail } from '../../ports';
import { SesEventSchema } from './ses-receipt-event';

/**
 * What Lambda's on-failure destination writes for an async invocation that failed every attempt
 * (the fields caseflow reads): the SES event it was given, and why it failed.
 */
const FailedInvocationSchema = z.object({
  timestamp: z.string(),
  requestContext: z.object({ condition: z.string(), approximateInvokeCount: z.number() }),
  requestPayload: SesEventSchema,
  responsePayload: z.object({ errorMessage: z.string().optional() }).nullish(),
});
type FailedInvocation = z.infer<typeof FailedInvocationSchema>;

/** Messages read per receive (SQS's maximum) and at most per listing. */
const BATCH = 10;
const LIST_LIMIT = 100;
/** How long a received message stays hidden while this function works on it. */
const WORKING_SECONDS = 120;

interface QueuedFailure {
  message: Message;
  invocation: FailedInvocation;
}

/**
 * On AWS, accepted mail that is neither a case, held mail nor a recorded failure waits in the
 * intake function's on-failure queue (SES stored it; Lambda gave up). This reads that queue as
 * the local spool is read: list it, and run intake again for every message or for one, deleting
 * a message only once its intake went through. Intake is idempotent on the SES message id, so a
 * mail that meanwhile became a case (a replay from the table, say) only leaves the queue.
 */
export class OnFailureQueueIntake implements UndeliveredIntake {
  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
    /** Runs intake for an SES event, as the intake function does. */
    private readonly intake: (event: unknown) => Promise<unknown>,
    /** How long one call may work (an API request has under 30 s). */
    private readonly budgetMs = 20_000
  ) {}

  /** Peeks at the queue: every message read is made visible again at once. */
  async list(): Promise<UndeliveredMail[]> {
    const seen: QueuedFailure[] = [];
    for (;;) {
      const batch = await this.receive(30);
      seen.push(...batch);
      if (batch.length < BATCH || seen.length >= LIST_LIMIT) break;
    }
    await this.release(seen.map((f) => f.message));
    return seen.map(({ invocation }) => undeliveredMail(invocation));
  }

  async redrive(): Promise<{ redriven: number; remaining: number }> {
    const stopAt = Date.now() + this.budgetMs;
    let redriven = 0;
    while (Date.now() < stopAt) {
      const batch = await this.receive(WORKING_SECONDS);
      for (const failure of batch) if (await this.redriveFailure(failure)) redriven += 1;
      if (batch.length < BATCH) break;
    }
    return { redriven, remaining: await this.count() };
  }

  async redriveOne(id: string): Promise<boolean> {
    const passed: Message[] = [];
    try {
      for (let reads = 0; reads < LIST_LIMIT / BATCH; reads++) {
        const batch = await this.receive(WORKING_SECONDS);
        const found = batch.find((f) => sesMessageIdOf(f.invocation) === id);
        passed.push(...batch.filter((f) => f !== found).map((f) => f.message));
        if (found) {
          await this.redriveFailure(found);
          return true;
        }
        if (batch.length < BATCH) return false;
      }
      return false;
    } finally {
      await this.release(passed);
    }
  }

  /** Runs intake for one message; deletes it when intake went through, else shows it again. */
  private async redriveFailure({ message, invocation }: QueuedFailure): Promise<boolean> {
    try {
      await this.intake(invocation.requestPayload);
    } catch {
      // Intake recorded the failure in the table where it could; the message stays for later.
      await this.release([message]);
      return false;
    }
    await this.sqs.send(
      new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.ReceiptHandle })
    );
    return true;
  }

  private async receive(visibilitySeconds: number): Promise<QueuedFailure[]> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: BATCH,
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: 0,
      })
    );
    const failures: QueuedFailure[] = [];
    for (const message of out.Messages ?? []) {
      const invocation = FailedInvocationSchema.safeParse(safeJson(message.Body));
      // Anything else in the queue is not ours to run or delete: it shows again for a person.
      if (invocation.success) failures.push({ message, invocation: invocation.data });
      else await this.release([message]);
    }
    return failures;
  }

  private async release(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += BATCH) {
      const chunk = messages.slice(i, i + BATCH);
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        })
      );
    }
  }

  private async count(): Promise<number> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      })
    );
    const a = out.Attributes ?? {};
    return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
}

/** The mail of the event's record (the schema demands at least one; SES sends exactly one). */
function mailOf(invocation: FailedInvocation) {
  const [record] = invocation.requestPayload.Records;
  if (!record) throw new Error('an SES event without records');
  return record.ses.mail;
}

const sesMessageIdOf = (invocation: FailedInvocation): string => mailOf(invocation).messageId;

function undeliveredMail(invocation: FailedInvocation): UndeliveredMail {
  const mail = mailOf(invocation);
  return {
    id: mail.messageId,
    acceptedAt: mail.timestamp,
    failedAttempts: invocation.requestContext.approximateInvokeCount,
    lastError: invocation.responsePayload?.errorMessage ?? invocation.requestContext.condition,
    lastFailedAt: invocation.timestamp,
    recipients: mail.destination,
    envelopeFrom: mail.source,
  };
}

function safeJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
}
