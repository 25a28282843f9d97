import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { UnattributedBounce } from '../../functions/data/intake-guards/intake-guard-store';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { deliverRaw } from '../support/intake';

/**
 * Automated mail, bounces, sender trust and message rules through the whole local runtime: real
 * SMTP in, DynamoDB Local, results read back from GET /api/cases/:id and the outbox.
 */

type CaseView = CaseRecord & { messages: MessageRecord[]; timeline: TimelineEntry[] };
const FIXTURES = join(import.meta.dirname, '../fixtures/mail');
const FIXTURE_ORIGINAL_ID = '<7f3a9c1e2b4d6f8a0c1e3b5d@support.example.com>';
const ACK_LIMIT = 3;

let caseflow: Awaited<ReturnType<typeof startTestCaseflow>>;
let sequence = 0;

beforeAll(async () => {
  caseflow = await startTestCaseflow({
    config: parseConfig(
      {
        ...demoConfig,
        messageRules: [
          {
            name: 'datacentre alarms',
            match: { senderDomain: 'dc.acme.example', subject: { contains: 'alarm' } },
            set: { team: 'L2_DATACENTER', folder: 'Datacentre', labels: ['dc'] },
            stop: true,
          },
          ...(demoConfig.messageRules ?? []),
        ],
        ackRateLimit: { perSender: ACK_LIMIT, windowMinutes: 60 },
      },
      'test'
    ),
  });
});
afterAll(async () => caseflow?.cleanup());

const api = async <T>(path: string): Promise<T> => {
  const response = await caseflow.api(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
};
const outbox = () => readOutbox(caseflow.outboxDir);
const unique = (text: string) => `${text} #${++sequence}-${Date.now().toString(36)}`;

const deliver = (raw: string, envelope: { from: string; to: string[] }) =>
  deliverRaw(caseflow, envelope, raw);

async function caseOf(sesId: string): Promise<CaseView> {
  const caseId = await caseflow.services.intakeGuards.findCaseIdByInbound(sesId);
  if (!caseId) throw new Error(`no case for ${sesId}`);
  return api<CaseView>(`/api/cases/${caseId}`);
}

function mime(headers: Record<string, string>, body: string): string {
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
}

async function fixture(file: string, replacements: Record<string, string> = {}): Promise<string> {
  let raw = await readFile(join(FIXTURES, file), 'utf8');
  for (const [from, to] of Object.entries(replacements)) raw = raw.split(from).join(to);
  return raw;
}

/** A person's mail, with SES verdict headers on top when given (the stand-in honours them). */
async function personMail(input: {
  from: string;
  to?: string;
  subject: string;
  text: string;
  dmarc?: 'PASS' | 'FAIL';
}): Promise<string> {
  const to = input.to ?? 'support@support.example.com';
  const domain = input.from.split('@')[1];
  const verdicts: Record<string, string> = input.dmarc
    ? {
        'X-SES-Spam-Verdict': 'PASS',
        'X-SES-Virus-Verdict': 'PASS',
        'Authentication-Results': `amazonses.com; spf=pass smtp.mailfrom=${input.from}; dkim=pass header.i=@${domain}; dmarc=${input.dmarc.toLowerCase()} header.from=${domain};`,
      }
    : {};
  return deliver(
    mime(
      {
        ...verdicts,
        From: input.from,
        To: to,
        Subject: input.subject,
        'Message-ID': `<${Math.random().toString(36).slice(2)}@${domain}>`,
        Date: new Date().toUTCString(),
      },
      input.text
    ),
    { from: input.from, to: [to] }
  );
}

const acksTo = async (address: string) =>
  (await outbox()).filter((m) => m.to.includes(address) && m.headers['auto-submitted'] === 'auto-replied');

describe('automated mail is stored but never acknowledged (RFC 3834)', () => {
  it.each([
    ['auto-ooo-outlook.eml', 'auto-submitted', 'sent automatically'],
    ['auto-x-autoreply.eml', 'auto-responder', 'not a customer'],
    ['auto-precedence-bulk.eml', 'bulk', 'not a customer'],
    ['auto-mailing-list.eml', 'mailing-list', 'not a designated contact'],
    ['auto-read-receipt.eml', 'report', 'sent automatically'],
  ])('%s opens a case with no acknowledgement, saying why', async (file, kind, noGuarantee) => {
    const subject = unique('automated');
    const raw = (await fixture(file)).replace(/^Subject: .*$/m, `Subject: ${subject}`);
    const from = /^From: .*?<?([^<>\s]+@[^<>\s]+)>?$/m.exec(raw)?.[1] ?? '';
    const c = await caseOf(await deliver(raw, { from, to: ['support@support.example.com'] }));
    expect(c.automated?.kind).toBe(kind);
    expect(c.acknowledgementWithheld?.kind).toBe('automated');
    expect(c.acknowledgement).toBeUndefined();
    expect(c.messages[0]?.kind).toBe('automated');
    // Anna is a designated contact: only the automation takes her guarantee away; the others have none.
    expect(c.sla?.terms).toMatchObject({ guaranteed: false, reason: expect.stringContaining(noGuarantee) });
    expect(c.timeline.find((e) => e.type === 'ack.withheld')?.summary).toContain('sent automatically');
    // None is owed, so none can be late: no acknowledgement target to warn or breach on.
    expect(c.sla?.targets.map((t) => t.kind)).not.toContain('acknowledgement');
    expect((await outbox()).filter((m) => m.subject.includes(subject))).toEqual([]);
  });

  it('an outage alert from a no-reply robot to the Sev-1 hotline pages nobody and gets no acknowledgement', async () => {
    const raw = (await fixture('auto-noreply-sender.eml')).replace(
      'ALERT: api.acme.example is down',
      unique('ALERT: api.acme.example is down')
    );
    const c = await caseOf(
      await deliver(raw, { from: 'no-reply@monitoring.example', to: ['sev1@support.example.com'] })
    );
    expect(c).toMatchObject({ severity: 'NON_CRITICAL', automated: { kind: 'system-sender' } });
    expect(c.triage.pagesOnCall).toBe(false);
    expect(c.sev1).toBeUndefined();
  });

  it('an out-of-office answering our acknowledgement joins the case without reopening it or acknowledging', async () => {
    const subject = unique('Printer on fire');
    const c = await caseOf(await personMail({ from: 'anna.nowak@acme.example', subject, text: 'It burns.' }));
    const ack = await eventually(async () =>
      (await acksTo('anna.nowak@acme.example')).find((m) => m.subject.includes(c.reference))
    );
    const ooo = (await fixture('auto-ooo-outlook.eml'))
      .replace('<ooo-0001@acme.example>', `<ooo-${sequence}@acme.example>`)
      .replace(/^Subject: .*$/m, `Subject: Automatic reply: ${ack.subject}\r\nIn-Reply-To: ${ack.messageId}`);
    const sesId = await deliver(ooo, {
      from: 'anna.nowak@acme.example',
      to: ['support@support.example.com'],
    });
    expect(await caseflow.services.intakeGuards.findCaseIdByInbound(sesId)).toBe(c.id);
    const after = await api<CaseView>(`/api/cases/${c.id}`);
    expect(after.messages.map((m) => m.kind)).toEqual(['customer', 'acknowledgement', 'automated']);
    expect(after.status).toBe('OPEN');
    expect(after.sla?.facts).toEqual(c.sla?.facts);
    expect((await outbox()).filter((m) => m.subject.includes(c.reference))).toHaveLength(1);
  });
});

describe('the per-sender acknowledgement rate limit', () => {
  it(`acknowledges at most ${ACK_LIMIT} mails per sender per window; the rest say why`, async () => {
    const from = `chatty-${Date.now()}@elsewhere.example`;
    const cases: CaseView[] = [];
    for (let i = 0; i < ACK_LIMIT + 2; i++)
      cases.push(await caseOf(await personMail({ from, subject: unique('question'), text: 'Hello?' })));
    expect(cases.filter((c) => c.acknowledgement)).toHaveLength(ACK_LIMIT);
    const withheld = cases.filter((c) => c.acknowledgementWithheld);
    expect(withheld.map((c) => c.acknowledgementWithheld?.kind)).toEqual(['rate-limited', 'rate-limited']);
    const detail = await api<CaseView>(`/api/cases/${withheld[0]?.id}`);
    expect(detail.timeline.find((e) => e.type === 'ack.withheld')?.summary).toContain('rate limit');
    expect(detail.sla?.targets.map((t) => t.kind)).not.toContain('acknowledgement');
    const acknowledged = await api<CaseView>(`/api/cases/${cases[0]?.id}`);
    expect(acknowledged.sla?.targets.find((t) => t.kind === 'acknowledgement')?.stoppedAt).toBeDefined();
    expect(await acksTo(from)).toHaveLength(ACK_LIMIT);
  });

  it('designated, authenticated contacts are not rate-limited: their acknowledgement is a plan promise', async () => {
    const cases: CaseView[] = [];
    for (let i = 0; i < ACK_LIMIT + 1; i++)
      cases.push(
        await caseOf(await personMail({ from: 'ops@globex.example', subject: unique('How do I'), text: '?' }))
      );
    expect(cases.every((c) => c.acknowledgement && !c.acknowledgementWithheld)).toBe(true);
  });
});

describe('delivery-status notifications', () => {
  it.each([
    ['dsn-postfix-rfc3464.eml', 'jan.kowalski@acme.example', '5.1.1'],
    ['dsn-exchange-headers-only.eml', 'ops-old@globex.example', '5.1.10'],
    ['dsn-qmail-free-text.eml', 'piotr@old-isp.example', '5.2.1'],
  ])(
    '%s attaches to the case of the mail that bounced; no case, no acknowledgement',
    async (file, recipient, status) => {
      const subject = unique('Need help');
      // Each from its own address: the acknowledgement rate limit is per sender.
      const from = `someone-${sequence}@acme.example`;
      const c = await caseOf(await personMail({ from, subject, text: 'Help.' }));
      const ack = await eventually(async () =>
        (await acksTo(from)).find((m) => m.subject.includes(c.reference))
      );
      const before = (await api<{ cases: unknown[] }>('/api/cases?limit=200')).cases.length;
      const raw = await fixture(file, { [FIXTURE_ORIGINAL_ID]: ack.messageId ?? '' });
      const sesId = await deliver(raw, { from: '', to: ['support@support.example.com'] });
      expect(await caseflow.services.intakeGuards.findCaseIdByInbound(sesId)).toBe(c.id);
      const after = await api<CaseView>(`/api/cases/${c.id}`);
      const bounce = after.messages.find((m) => m.kind === 'bounce');
      expect(bounce?.delivery?.recipients[0]).toMatchObject({ recipient, action: 'failed', status });
      expect(after.timeline.find((e) => e.type === 'delivery.failed')).toMatchObject({
        data: { recipient, status, originalMessageId: ack.messageId },
      });
      expect(after.status).toBe(c.status);
      expect((await api<{ cases: unknown[] }>('/api/cases?limit=200')).cases.length).toBe(before);
      expect((await acksTo(from)).filter((m) => m.subject.includes(c.reference))).toHaveLength(1);
    }
  );

  it('a bounce that lost the original Message-ID finds the case by its reference, if the failed address is its customer', async () => {
    const from = `ewa-${sequence}@legacy.example`;
    const c = await caseOf(await personMail({ from, subject: unique('Hello'), text: 'Hi.' }));
    const bounceFor = async (recipient: string) =>
      (
        await fixture('dsn-inline-original.eml', {
          'ewa@legacy.example': recipient,
          '[CF-1]': `[${c.reference}]`,
        })
      ).replace('<ndr-inline-0001@legacy.example>', `<ndr-${recipient}@legacy.example>`);
    const sesId = await deliver(await bounceFor(from), { from: '', to: ['support@support.example.com'] });
    expect(await caseflow.services.intakeGuards.findCaseIdByInbound(sesId)).toBe(c.id);
    // The same report naming someone else is not this case's bounce.
    const other = await deliver(await bounceFor('stranger@legacy.example'), {
      from: '',
      to: ['support@support.example.com'],
    });
    const { bounces } = await api<{ bounces: UnattributedBounce[] }>('/api/bounces');
    expect(bounces.some((b) => b.sesMessageId === other)).toBe(true);
  });

  it('a bounce of a mail we never sent is kept as unattributed and listed', async () => {
    const before = (await api<{ cases: unknown[] }>('/api/cases?limit=200')).cases.length;
    const sesId = await deliver(await fixture('dsn-unknown-original.eml'), {
      from: '',
      to: ['support@support.example.com'],
    });
    const { bounces } = await api<{ bounces: UnattributedBounce[] }>('/api/bounces');
    expect(bounces.find((b) => b.sesMessageId === sesId)).toMatchObject({
      from: 'mailer-daemon@mx.acme.example',
      report: { originalMessageId: '<never-sent-by-caseflow@elsewhere.example>' },
    });
    expect((await api<{ cases: unknown[] }>('/api/cases?limit=200')).cases.length).toBe(before);
  });
});

describe('sender trust (R-IN-4)', () => {
  const outage = { to: 'sev1@support.example.com', text: 'Our whole platform is down: outage since 09:00.' };

  it("a DMARC failure turns the designated contact's paging Sev-1 into a flagged, non-paging case", async () => {
    const paging = await caseOf(
      await personMail({ ...outage, from: 'ops@globex.example', subject: unique('Outage'), dmarc: 'PASS' })
    );
    expect(paging).toMatchObject({ severity: 'SEV1', contactStatus: 'DESIGNATED' });
    expect(paging.triage.pagesOnCall).toBe(true);
    expect(paging.senderTrust).toBeUndefined();

    const forged = await caseOf(
      await personMail({ ...outage, from: 'ops@globex.example', subject: unique('Outage'), dmarc: 'FAIL' })
    );
    expect(forged).toMatchObject({
      severity: 'NON_CRITICAL',
      contactStatus: 'DESIGNATED',
      senderTrust: { flags: ['NOT_AUTHENTICATED'], notify: 'l1@support.example.com' },
    });
    expect(forged.triage.pagesOnCall).toBe(false);
    expect(forged.sev1).toBeUndefined();
    expect(forged.sla?.terms.guaranteed).toBe(false);
    expect(forged.triage.reasons.join(' ')).toContain('DMARC failed');
    expect(forged.timeline.find((e) => e.type === 'sender.flagged')?.summary).toContain('DMARC failed');
    const notice = await eventually(async () =>
      (await outbox()).find(
        (m) => m.to.includes('l1@support.example.com') && m.subject.includes(forged.reference)
      )
    );
    expect(notice.headers['auto-submitted']).toBe('auto-generated');
    expect(notice.text).toContain('NOT_AUTHENTICATED');
  });

  it("a lookalike domain is LOOKALIKE: never paged, no guarantees, the imitated customer's team told", async () => {
    const c = await caseOf(
      await personMail({ ...outage, from: 'ops@g1obex.example', subject: unique('Outage') })
    );
    expect(c).toMatchObject({
      contactStatus: 'LOOKALIKE',
      customerId: null,
      severity: 'NON_CRITICAL',
      senderTrust: {
        flags: ['LOOKALIKE_DOMAIN'],
        lookalike: { customerId: 'globex', domain: 'globex.example' },
      },
    });
    expect(c.sla?.terms.guaranteed).toBe(false);
    expect(c.triage.reasons.join(' ')).toContain("looks like Globex S.A.'s domain");
    await eventually(async () =>
      (await outbox()).find((m) => m.to.includes('l1@support.example.com') && m.subject.includes(c.reference))
    );
    await eventually(async () => (await api<CaseView>(`/api/cases/${c.id}`)).senderTrust?.notifiedAt);
  });

  it('someone else at a customer is an unverified contact and the team is told', async () => {
    const c = await caseOf(
      await personMail({ from: 'intern@acme.example', subject: unique('Question'), text: 'Hi.' })
    );
    expect(c).toMatchObject({ contactStatus: 'UNVERIFIED', senderTrust: { flags: ['UNVERIFIED_CONTACT'] } });
    expect(c.acknowledgement).toBeDefined();
  });
});

describe('message rules (R-BOX-7)', () => {
  it('files the mail, sets the team and labels, and says which rule did it', async () => {
    const c = await caseOf(
      await personMail({
        from: 'noc@dc.acme.example',
        subject: unique('Temperature alarm in rack 4'),
        text: 'Hot.',
      })
    );
    expect(c).toMatchObject({
      team: 'L2_DATACENTER',
      messageRules: {
        folder: 'Datacentre',
        team: 'L2_DATACENTER',
        labels: ['dc'],
        matched: [{ name: 'datacentre alarms' }],
      },
    });
    expect(c.triage.reasons.join(' ')).toContain('by message rule "datacentre alarms"');
    expect(c.timeline.find((e) => e.type === 'rule.applied')?.summary).toContain('folder Datacentre');
  });

  it('the demo rule files invoices and leaves the team to triage (billing, by content)', async () => {
    const c = await caseOf(
      await personMail({
        from: 'anna.nowak@acme.example',
        subject: unique('Pytanie o fakturę 11/2026'),
        text: '?',
      })
    );
    expect(c).toMatchObject({
      team: 'L2_BILLING',
      messageRules: { folder: 'Invoices', labels: ['invoice'], team: null },
    });
  });
});
