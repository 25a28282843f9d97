import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Signed reply addresses, through real SMTP into the local
 * runtime, read back from the HTTP API and the outbox (docs/staff-mail.md).
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
beforeAll(async () => {
  cf = await startTestCaseflow();
});
afterAll(async () => {
  await cf?.cleanup();
});

type Detail = CaseRecord & { messages: MessageRecord[]; timeline: TimelineEntry[] };
const detail = async (id: string) => (await (await fetch(`${cf.httpUrl}/api/cases/${id}`)).json()) as Detail;
const outbox = () => readOutbox(cf.outboxDir);
const mailsTo = async (address: string, reference: string) =>
  (await outbox()).filter((m) => m.to.includes(address) && m.subject.includes(reference));
/** Opens a case by SMTP and waits for its acknowledgement. */
async function openCase(from: string, subject: string, messageId: string) {
  await sendMail(cf.smtpPort, {
    from,
    to: 'support@support.example.com',
    subject,
    text: 'Pytanie o SPF',
    messageId,
  });
  const c = await eventually(
    async () => (await cf.services.store.listCases(200)).find((x) => x.subject === subject),
    5000,
    subject
  );
  const ack = await eventually(
    async () => (await mailsTo(from, c.reference))[0],
    5000,
    `acknowledgement of ${c.reference}`
  );
  return { c, ack };
}

describe('signed reply addresses', () => {
  it('every mail on a case carries Reply-To its signed address; a reply to it threads without any headers', async () => {
    const { c, ack } = await openCase(
      'anna.nowak@acme.example',
      'Reply address basics',
      '<ra-1@acme.example>'
    );
    expect(c.replyAddress).toMatch(/^support\+cf-\d+\.[0-9a-f]{20}@support\.example\.com$/);
    expect(c.noteAddress).toBe(c.replyAddress?.replace('@', '.note@'));
    expect(ack.headers['reply-to']).toBe(c.replyAddress);

    // No In-Reply-To, no References, no reference in the subject: only the address threads it.
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: c.replyAddress as string,
      subject: 'one more thing',
      text: 'Also DKIM, please.',
      messageId: '<ra-2@acme.example>',
    });
    await eventually(async () =>
      (await detail(c.id)).messages.some((m) => m.messageId === '<ra-2@acme.example>')
    );
    expect(
      (await cf.services.store.listCases(200)).filter((x) => x.subject === 'one more thing')
    ).toHaveLength(0);
  });

  it("another customer's mail to a case's reply address opens a case of its own", async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Acme private matter', '<ra-3@acme.example>');
    await sendMail(cf.smtpPort, {
      from: 'ops@globex.example',
      to: c.replyAddress as string,
      subject: 'Globex writes here',
      text: 'Hello',
      messageId: '<gx-1@globex.example>',
    });
    const other = await eventually(
      async () => (await cf.services.store.listCases(200)).find((x) => x.subject === 'Globex writes here'),
      5000,
      'the Globex case'
    );
    expect(other.id).not.toBe(c.id);
    expect(other.customerId).toBe('globex');
    expect((await detail(c.id)).messages.map((m) => m.from)).not.toContain('ops@globex.example');
  });

  it('a reply address with a wrong signature threads nothing', async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Signed only', '<ra-4@acme.example>');
    const forged = `support+${c.reference.toLowerCase()}.00000000000000000000@support.example.com`;
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: forged,
      subject: 'guessed address',
      text: 'Hello',
      messageId: '<ra-5@acme.example>',
    });
    const opened = await eventually(
      async () => (await cf.services.store.listCases(200)).find((x) => x.subject === 'guessed address'),
      5000,
      'a new case for the guessed address'
    );
    expect(opened.id).not.toBe(c.id);
  });
});
