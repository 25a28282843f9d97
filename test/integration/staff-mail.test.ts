import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import { openCaseFromEmail } from '../../functions/use-cases/open-case-from-email';
import { eventually, type OutboxMail, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail, sendRaw } from '../support/smtp';

/**
 * Signed reply addresses and staff working a case by mail, through real SMTP into the local
 * runtime, read back from the HTTP API and the outbox (docs/staff-mail.md).
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const STAFF = 'piotr@support.example.com';
const SIGNATURE = 'Piotr Zieliński\nInżynier wsparcia L1';

beforeAll(async () => {
  const config = parseConfig(
    {
      ...demoConfig,
      oncall: {
        ...demoConfig.oncall,
        people: {
          ...demoConfig.oncall.people,
          piotr: { name: 'Piotr Zieliński', email: STAFF, signature: SIGNATURE },
        },
      },
    },
    'test'
  );
  cf = await startTestCaseflow({ config });
});
afterAll(async () => {
  await cf?.cleanup();
});

type Detail = CaseRecord & { messages: MessageRecord[]; timeline: TimelineEntry[] };
const detail = async (id: string) => (await (await cf.api(`/api/cases/${id}`)).json()) as Detail;
const outbox = () => readOutbox(cf.outboxDir);
const mailsTo = async (address: string, reference: string) =>
  (await outbox()).filter((m) => m.to.includes(address) && m.subject.includes(reference));
const timelineHas = (id: string, type: string, count = 1) =>
  eventually(
    async () => {
      const d = await detail(id);
      return d.timeline.filter((t) => t.type === type).length >= count && d;
    },
    8000,
    `${type} on the timeline`
  );

/** Opens a case by SMTP and waits for its acknowledgement. */
async function openCase(from: string, subject: string, messageId: string) {
  await sendMail(cf.smtpPort, {
    from,
    to: 'support@support.example.com',
    subject,
    text: `Pytanie o SPF: ${subject}`,
    messageId,
  });
  const c = await eventually(
    async () => (await cf.services.cases.listCases(200)).find((x) => x.subject === subject),
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

/** Raw MIME with SES's verdict headers on top, as SES would have prepended them. */
function withVerdicts(
  dmarc: 'pass' | 'fail' | 'none',
  from: string,
  to: string,
  subject: string,
  text: string
) {
  const domain = from.slice(from.indexOf('@') + 1);
  // `none`: SPF and DKIM pass for the sender's own domain, nothing aligned with From.
  const auth =
    dmarc === 'none'
      ? `spf=pass smtp.mailfrom=x@attacker.example; dkim=pass header.i=@attacker.example; dmarc=none header.from=${domain};`
      : `spf=${dmarc} smtp.mailfrom=${from}; dkim=${dmarc} header.i=@${domain}; dmarc=${dmarc} header.from=${domain};`;
  return [
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    `Authentication-Results: amazonses.com; ${auth}`,
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@${domain}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');
}

describe('signed reply addresses', () => {
  it('every mail on a case carries Reply-To its signed address; a reply to it threads without any headers', async () => {
    const { c, ack } = await openCase(
      'anna.nowak@acme.example',
      'Reply address basics',
      '<ra-1@acme.example>'
    );
    expect(c.replyAddress).toMatch(/^support\+cf-\d+\.[0-9a-f]{20}@support\.example\.com$/);
    // The note address has a token of its own: the customer's reply address does not give it away.
    expect(c.noteAddress).toMatch(/^support\+cf-\d+\.[0-9a-f]{20}\.note@support\.example\.com$/);
    expect(c.noteAddress).not.toBe(c.replyAddress?.replace('@', '.note@'));
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
      (await cf.services.cases.listCases(200)).filter((x) => x.subject === 'one more thing')
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
      async () => (await cf.services.cases.listCases(200)).find((x) => x.subject === 'Globex writes here'),
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
      async () => (await cf.services.cases.listCases(200)).find((x) => x.subject === 'guessed address'),
      5000,
      'a new case for the guessed address'
    );
    expect(opened.id).not.toBe(c.id);
  });
});

describe('staff by mail', () => {
  it("a staff reply reaches the customer in their thread, without the quoted history, with the staff member's signature, and stops the response clock", async () => {
    const { c, ack } = await openCase(
      'anna.nowak@acme.example',
      'Staff reply by mail',
      '<sr-1@acme.example>'
    );
    await sendMail(cf.smtpPort, {
      from: `Piotr Zieliński <${STAFF}>`,
      to: c.replyAddress as string,
      subject: `Re: ${ack.subject}`,
      text: `Proszę dodać rekord TXT v=spf1 include:amazonses.com ~all.\n\nW dniu 15.12.2026 o 10:00, caseflow pisze:\n> ${ack.text.split('\n')[0]}`,
      messageId: '<sr-2@support.example.com>',
    });
    const reply = await eventually(
      async () =>
        (await mailsTo('anna.nowak@acme.example', c.reference)).find((m) => m.text.includes('rekord TXT')),
      8000,
      'the reply in the outbox'
    );
    expect(reply.text).toContain(`-- \n${SIGNATURE}`);
    expect(reply.text).not.toContain('pisze:');
    expect(reply.inReplyTo).toBe('<sr-1@acme.example>');
    expect(reply.headers.from).toContain('support@support.example.com');
    expect(reply.headers['reply-to']).toBe(c.replyAddress);
    const d = await timelineHas(c.id, 'reply.sent');
    expect(d.timeline.find((t) => t.type === 'reply.sent')?.actor).toBe(STAFF);
    expect(d.sla?.facts.map((f) => f.kind)).toContain('agent-reply');
    // The first response is met: the stored targets follow once the clock is refreshed.
    await eventually(
      async () => (await detail(c.id)).sla?.targets.find((t) => t.kind === 'response')?.stoppedAt,
      5000,
      'the first response target stopped'
    );
  });

  it('a reply by mail is held back while a colleague holds the reply lock, and the staff member is told why', async () => {
    const { c, ack } = await openCase('anna.nowak@acme.example', 'Lock by mail', '<lk-1@acme.example>');
    const colleague = cf.as('ola.lock@support.example.com');
    const lock = await colleague(`/api/cases/${c.id}/presence`, {
      method: 'POST',
      body: JSON.stringify({ replying: true }),
    });
    expect(lock.status).toBe(200);
    await sendMail(cf.smtpPort, {
      from: `Piotr Zieliński <${STAFF}>`,
      to: c.replyAddress as string,
      subject: `Re: ${ack.subject}`,
      text: 'Second answer that must not go out.',
      headers: { 'In-Reply-To': ack.headers['message-id'] as string },
    });
    const told = await eventually(
      async () =>
        (await outbox()).find(
          (m) => m.to.includes(STAFF) && m.subject === `Not sent: your reply on ${c.reference}`
        ),
      8000,
      'the notice to the staff member'
    );
    expect(told.text).toContain('ola.lock is already replying in the console');
    expect(told.text).toContain(`/cases/${c.reference}`);
    expect(
      (await mailsTo('anna.nowak@acme.example', c.reference)).filter((m) =>
        m.text.includes('must not go out')
      )
    ).toEqual([]);
    const d = await timelineHas(c.id, 'staff-mail.refused');
    expect(d.timeline.find((t) => t.type === 'staff-mail.refused')?.summary).toContain('already replying');
  });

  it('a reply by mail answering an older message is held back when the customer wrote since; answering the newest, it goes out', async () => {
    const { c, ack } = await openCase('anna.nowak@acme.example', 'Newer by mail', '<nw-1@acme.example>');
    const ackId = ack.headers['message-id'] as string;
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: `Re: ${ack.subject}`,
      text: 'Update: it works now after all.',
      messageId: '<nw-2@acme.example>',
      headers: { 'In-Reply-To': ackId, References: `<nw-1@acme.example> ${ackId}` },
    });
    await eventually(
      async () => (await detail(c.id)).messages.some((m) => m.messageId === '<nw-2@acme.example>'),
      8000,
      "the customer's second mail on the case"
    );
    // Piotr answers the acknowledgement: he has not seen the customer's update.
    await sendMail(cf.smtpPort, {
      from: `Piotr Zieliński <${STAFF}>`,
      to: c.replyAddress as string,
      subject: `Re: ${ack.subject}`,
      text: 'Please restart the service.',
      headers: { 'In-Reply-To': ackId, References: `<nw-1@acme.example> ${ackId}` },
    });
    const told = await eventually(
      async () =>
        (await outbox()).find(
          (m) => m.to.includes(STAFF) && m.subject === `Not sent: your reply on ${c.reference}`
        ),
      8000,
      'the notice to the staff member'
    );
    expect(told.text).toContain(
      'the case changed after the message you answered: customer from anna.nowak@acme.example'
    );
    // Answering the customer's newest mail, the reply goes out.
    await sendMail(cf.smtpPort, {
      from: `Piotr Zieliński <${STAFF}>`,
      to: c.replyAddress as string,
      subject: `Re: ${ack.subject}`,
      text: 'Glad it works: we close the case.',
      headers: { 'In-Reply-To': '<nw-2@acme.example>', References: `${ackId} <nw-2@acme.example>` },
    });
    await eventually(
      async () =>
        (await mailsTo('anna.nowak@acme.example', c.reference)).find((m) => m.text.includes('Glad it works')),
      8000,
      'the reply to the newest message'
    );
    expect(
      (await mailsTo('anna.nowak@acme.example', c.reference)).filter((m) =>
        m.text.includes('restart the service')
      )
    ).toEqual([]);
  });

  it('a staff user an admin created replies by mail with their own signature, audited; an agent of another team or a disabled user is refused', async () => {
    const create = async (body: Record<string, unknown>) =>
      (await (await cf.api('/api/users', { method: 'POST', body: JSON.stringify(body) })).json()) as {
        id: string;
      };
    const marta = await create({
      email: 'marta.l1@support.example.com',
      displayName: 'Marta Wiśniewska',
      roles: ['agent'],
      teams: ['L1'],
      signature: 'Marta Wiśniewska\nWsparcie L1',
    });
    await create({
      email: 'jan.billing@support.example.com',
      displayName: 'Jan',
      roles: ['agent'],
      teams: ['L2_BILLING'],
    });
    const { c, ack } = await openCase(
      'anna.nowak@acme.example',
      'Reply by a new colleague',
      '<nc-1@acme.example>'
    );
    expect(c.team).toBe('L1');
    const write = (from: string, text: string) =>
      sendMail(cf.smtpPort, { from, to: c.replyAddress as string, subject: `Re: ${ack.subject}`, text });
    await write('marta.l1@support.example.com', 'Rekord SPF jest już poprawny.');
    const reply = await eventually(
      async () =>
        (await mailsTo('anna.nowak@acme.example', c.reference)).find((m) =>
          m.text.includes('Rekord SPF jest')
        ),
      8000,
      "Marta's reply"
    );
    expect(reply.text).toContain('-- \nMarta Wiśniewska\nWsparcie L1');
    // The audit line follows the reply.
    await eventually(
      async () => {
        const audit = (await (await cf.api(`/api/audit?case=${c.id}`)).json()) as {
          records: { actor: string; action: string; source: string }[];
        };
        return audit.records.some(
          (r) =>
            r.actor === 'marta.l1@support.example.com' && r.action === 'case.reply' && r.source === 'mail'
        );
      },
      5000,
      "Marta's reply in the audit log"
    );

    await write('jan.billing@support.example.com', 'Faktura jest w załączniku.');
    const refusedTeam = await timelineHas(c.id, 'staff-mail.refused');
    expect(refusedTeam.timeline.find((t) => t.type === 'staff-mail.refused')?.summary).toContain(
      'does not work on team L1'
    );
    await cf.api(`/api/users/${marta.id}`, { method: 'POST', body: JSON.stringify({ enabled: false }) });
    await write('marta.l1@support.example.com', 'Jeszcze jedno.');
    const refusedDisabled = await timelineHas(c.id, 'staff-mail.refused', 2);
    expect(refusedDisabled.timeline.some((t) => t.summary.includes('disabled staff user'))).toBe(true);
    expect(
      (await mailsTo('anna.nowak@acme.example', c.reference)).some((m) => m.text.includes('Jeszcze jedno'))
    ).toBe(false);
  });

  it('a mail to the note address is an internal note that never reaches the customer', async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Staff note by mail', '<sn-1@acme.example>');
    const before = (await mailsTo('anna.nowak@acme.example', c.reference)).length;
    await sendMail(cf.smtpPort, {
      from: STAFF,
      to: c.noteAddress as string,
      subject: 'note',
      text: 'Klient ma stary rekord SPF, sprawdzić jutro.',
      messageId: '<sn-2@support.example.com>',
    });
    const d = await timelineHas(c.id, 'note.added');
    expect(d.messages.find((m) => m.kind === 'note')).toMatchObject({
      direction: 'INTERNAL',
      from: STAFF,
      text: 'Klient ma stary rekord SPF, sprawdzić jutro.',
    });
    expect(await mailsTo('anna.nowak@acme.example', c.reference)).toHaveLength(before);
    expect((await outbox()).some((m: OutboxMail) => m.text.includes('stary rekord SPF'))).toBe(false);
  });

  it('the notes API adds the same kind of note', async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Staff note by API', '<sn-3@acme.example>');
    const res = await cf.as(STAFF)(`/api/cases/${c.reference}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Called the customer, waiting for logs.' }),
    });
    expect(res.status).toBe(201);
    const d = await detail(c.id);
    expect(d.messages.filter((m) => m.kind === 'note').map((m) => m.text)).toEqual([
      'Called the customer, waiting for logs.',
    ]);
    expect(d.timeline.some((t) => t.type === 'note.added')).toBe(true);
  });

  it('a staff address that fails DMARC is refused and recorded; nothing is sent on', async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Forged staff', '<fs-1@acme.example>');
    const before = (await outbox()).length;
    await sendRaw(
      cf.smtpPort,
      { from: STAFF, to: [c.replyAddress as string] },
      withVerdicts(
        'fail',
        STAFF,
        c.replyAddress as string,
        'Re: Forged staff',
        'Please send your password to me.'
      )
    );
    const d = await timelineHas(c.id, 'staff-mail.refused');
    expect(d.timeline.find((t) => t.type === 'staff-mail.refused')?.summary).toMatch(/DMARC/);
    expect(d.messages.some((m) => m.text.includes('password'))).toBe(false);
    expect((await outbox()).length).toBe(before);
  });

  it("SPF and DKIM passing for the sender's own domain prove nothing: without an aligned DMARC pass, no note as staff", async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Unaligned staff', '<fs-2@acme.example>');
    await sendRaw(
      cf.smtpPort,
      { from: STAFF, to: [c.noteAddress as string] },
      withVerdicts(
        'none',
        STAFF,
        c.noteAddress as string,
        'Re: Unaligned staff',
        'Customer says: no need to call.'
      )
    );
    const d = await timelineHas(c.id, 'staff-mail.refused');
    expect(d.timeline.find((t) => t.type === 'staff-mail.refused')?.summary).toMatch(/DMARC did not pass/);
    expect(d.messages.some((m) => m.text.includes('no need to call'))).toBe(false);
  });

  it('the reply address with .note added is no note address: the mail is no note', async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Derived note address', '<fs-3@acme.example>');
    const derived = (c.replyAddress as string).replace('@', '.note@');
    await sendRaw(
      cf.smtpPort,
      { from: STAFF, to: [derived] },
      withVerdicts('pass', STAFF, derived, 'Re: Derived note address', 'Internal: customer is lying.')
    );
    await new Promise((r) => setTimeout(r, 800));
    const d = await detail(c.id);
    expect(d.messages.some((m) => m.kind === 'note')).toBe(false);
    expect(d.timeline.some((t) => t.type === 'note.added')).toBe(false);
  });

  it('a customer writing to the note address is refused and recorded, not added to the case', async () => {
    const { c } = await openCase(
      'anna.nowak@acme.example',
      'Customer on the note address',
      '<cn-1@acme.example>'
    );
    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: c.noteAddress as string,
      subject: 'internal?',
      text: 'Am I staff now?',
      messageId: '<cn-2@acme.example>',
    });
    const d = await timelineHas(c.id, 'staff-mail.refused');
    expect(d.timeline.find((t) => t.type === 'staff-mail.refused')?.summary).toMatch(/not staff/);
    expect(d.messages.some((m) => m.text.includes('Am I staff'))).toBe(false);
  });

  it('a staff reply delivered twice, even at the same instant, reaches the customer once', async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Redelivered staff reply', '<rd-1@acme.example>');
    const sesMessageId = 'staffredelivery0000000000000000000000001';
    await writeFile(
      join(cf.dataDir, 'mail', 'inbound', sesMessageId),
      `From: ${STAFF}\r\nTo: ${c.replyAddress}\r\nSubject: Re: x\r\nMessage-ID: <rd-2@support.example.com>\r\n\r\nProszę zrestartować usługę.\r\n`
    );
    const delivery = {
      sesMessageId,
      rawKey: sesMessageId,
      recipients: [c.replyAddress as string],
      source: STAFF,
      receivedAt: new Date().toISOString(),
      verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    };
    const results = await Promise.all([
      openCaseFromEmail(cf.services, delivery),
      openCaseFromEmail(cf.services, delivery),
    ]);
    await openCaseFromEmail(cf.services, delivery);
    expect(results.map((r) => r.caseId)).toEqual([c.id, c.id]);
    const replies = (await mailsTo('anna.nowak@acme.example', c.reference)).filter((m) =>
      m.text.includes('zrestartować')
    );
    expect(replies).toHaveLength(1);
    expect((await detail(c.id)).timeline.filter((t) => t.type === 'reply.sent')).toHaveLength(1);
  });
});

describe("staff forwarding a customer's mail to support", () => {
  const forwardOf = (subject: string, original: string) =>
    [
      'Anna wrote to me directly, please take it.',
      '',
      '---------- Forwarded message ---------',
      'From: Anna Nowak <anna.nowak@acme.example>',
      'Date: Sun, 22 Nov 2026 at 10:00',
      `Subject: ${subject}`,
      `To: Piotr <${STAFF}>`,
      '',
      original,
    ].join('\r\n');
  /** Piotr forwards Anna's mail (subject, text) to the support address, with SES's verdict. */
  const forwardToSupport = (dmarc: 'pass' | 'fail', subject: string, original: string) =>
    sendRaw(
      cf.smtpPort,
      { from: STAFF, to: ['support@support.example.com'] },
      withVerdicts(
        dmarc,
        STAFF,
        'support@support.example.com',
        `Fwd: ${subject}`,
        forwardOf(subject, original)
      )
    );

  it("opens the case for the customer who wrote it: their plan, their acknowledgement; the forwarder's words stay internal", async () => {
    const subject = `Klucze API nie działają ${Date.now()}`;
    await forwardToSupport('pass', subject, 'Od rana nasze klucze API zwracają 401. Anna');
    // Settled: the acknowledgement is recorded and has left.
    const c = await eventually(
      async () =>
        (await cf.services.cases.listCases(200)).find(
          (x) => x.subject === subject && x.acknowledgement && !x.acknowledgement.pending
        ),
      5000,
      'forwarded case'
    );
    expect(c).toMatchObject({
      requester: { email: 'anna.nowak@acme.example' },
      customerId: 'acme',
      contactStatus: 'DESIGNATED',
      forwardedBy: { email: STAFF, note: 'Anna wrote to me directly, please take it.' },
    });
    const d = await timelineHas(c.id, 'ack.sent');
    expect(d.messages[0]).toMatchObject({ from: 'anna.nowak@acme.example', kind: 'customer' });
    expect(d.messages[0]?.text).toContain('zwracają 401');
    expect(d.messages[0]?.text).not.toContain('please take it');
    expect(d.timeline.find((t) => t.type === 'mail.forwarded')?.summary).toContain(
      `forwarded by ${STAFF} on behalf of anna.nowak@acme.example`
    );
    expect(await mailsTo('anna.nowak@acme.example', c.reference)).toHaveLength(1);
    expect(await mailsTo(STAFF, c.reference)).toHaveLength(0);
  });

  it("a forwarded reply carrying the customer's case reference joins that case", async () => {
    const { c } = await openCase('anna.nowak@acme.example', 'Forward into the thread', '<ft-1@acme.example>');
    await forwardToSupport('pass', `Re: [${c.reference}] Forward into the thread`, 'Still broken, see logs.');
    const d = await timelineHas(c.id, 'mail.forwarded');
    expect(d.messages.filter((m) => m.from === 'anna.nowak@acme.example').map((m) => m.text)).toContainEqual(
      expect.stringContaining('Still broken')
    );
  });

  it("an unproven forwarder (DMARC fail) is not staff: the mail is theirs, not the customer's", async () => {
    const subject = `Forged forward ${Date.now()}`;
    await forwardToSupport('fail', subject, 'Pay now.');
    const c = await eventually(
      async () => (await cf.services.cases.listCases(200)).find((x) => x.subject === `Fwd: ${subject}`),
      5000,
      'case of the forged forward'
    );
    expect(c.requester.email).toBe(STAFF);
    expect(c.forwardedBy).toBeUndefined();
    expect(c.customerId).toBeNull();
  });
});
