import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDynamoClient } from '../../local/dynamodb';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * What an ordinary new mail costs the database: every request the running system makes, from the
 * SMTP `250` to the acknowledgement in the outbox, counted at the client (performance issue: ≤ 5).
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const requests: string[] = [];
let counting = false;

beforeAll(async () => {
  const client = localDynamoClient(inject('dynamodbEndpoint'));
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (counting) requests.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'requestCounter' }
  );
  // The report aggregator is a function of its own on AWS (fed by the bus): its requests are not intake's.
  cf = await startTestCaseflow({
    timeScale: 1,
    dynamodbClient: client,
    reportsDynamodbClient: localDynamoClient(inject('dynamodbEndpoint')),
  });
});
afterAll(async () => {
  await cf?.cleanup();
});

const ackTo = async (messageId: string) =>
  eventually(
    async () => (await readOutbox(cf.outboxDir)).find((m) => m.raw.includes(`In-Reply-To: ${messageId}`)),
    10_000,
    `acknowledgement of ${messageId}`
  );

async function caseOpenedEvents(): Promise<{ reference: string; quotesBounceCodes: boolean }[]> {
  const lines = (await readFile(join(cf.dataDir, 'events.jsonl'), 'utf8')).split('\n').filter(Boolean);
  return lines
    .map(
      (l) =>
        JSON.parse(l) as { 'detail-type': string; detail: { reference: string; quotesBounceCodes: boolean } }
    )
    .filter((e) => e['detail-type'] === 'case.opened')
    .map((e) => e.detail);
}

describe('an ordinary new mail', () => {
  it('takes at most 5 DynamoDB requests from SMTP to acknowledgement', async () => {
    // The first mail of a day registers the day's listing partition: not what every mail costs.
    await sendMail(cf.smtpPort, {
      from: 'Anna Nowak <anna.nowak@acme.example>',
      to: 'support@support.example.com',
      subject: 'Pierwsze pytanie',
      text: 'Dzień dobry, mam pytanie o konfigurację.',
      messageId: '<warm-up@acme.example>',
    });
    await ackTo('<warm-up@acme.example>');
    // Its last write (the acknowledgement marked sent) follows the outbox file: not to be counted.
    await new Promise((r) => setTimeout(r, 300));

    counting = true;
    await sendMail(cf.smtpPort, {
      from: 'Anna Nowak <anna.nowak@acme.example>',
      to: 'support@support.example.com',
      subject: 'Pytanie o rekord SPF',
      text: 'Dzień dobry, jak skonfigurować rekord SPF dla naszej domeny?',
      messageId: '<counted@acme.example>',
    });
    await ackTo('<counted@acme.example>');
    // Anything the mail still sets off (events, the desk's scan) has time to show.
    await new Promise((r) => setTimeout(r, 500));
    counting = false;

    expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(5);
    const [, counted] = await caseOpenedEvents();
    expect(counted?.quotesBounceCodes).toBe(false);
  });

  it('says when it quotes bounce codes, so the deliverability desk scans that case only', async () => {
    await sendMail(cf.smtpPort, {
      from: 'Anna Nowak <anna.nowak@acme.example>',
      to: 'support@support.example.com',
      subject: 'Poczta do Gmaila wraca',
      text: 'Dostajemy zwrotki: 550 5.7.26 Unauthenticated email from acme.example is not accepted.',
      messageId: '<quotes-codes@acme.example>',
    });
    await ackTo('<quotes-codes@acme.example>');
    const opened = await caseOpenedEvents();
    expect(opened.at(-1)?.quotesBounceCodes).toBe(true);
  });
});
