import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type OutboxMail, pageLinkOf, readOutbox } from '../support/harness';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';
import { sendMail, sendRaw } from '../support/smtp';

/**
 * From the outside, as a newcomer: `npm start` (the same command line), real SMTP in, HTTP API
 * and outbox out. CASEFLOW_TIME_SCALE=60, so the 5/10/15-minute marks come at 5/10/15 s.
 */
const SCALE = 60;
let cf: RunningCaseflow;
let http: string;
let smtpPort: number;
let dataDir: string;

beforeAll(async () => {
  cf = await startNpmStart({ CASEFLOW_TIME_SCALE: String(SCALE) });
  ({ http, smtpPort, dataDir } = cf);
});

afterAll(async () => {
  await cf?.stop();
});

const outbox = () => readOutbox(join(dataDir, 'outbox'));
const cases = async () =>
  (
    (await (await cf.api('/api/cases')).json()) as {
      cases: { id: string; reference: string; subject: string }[];
    }
  ).cases;
const caseBySubject = (subject: string) =>
  eventually(async () => (await cases()).find((c) => c.subject === subject), 5000, `case "${subject}"`);
const caseDetail = async (id: string) =>
  (await (await cf.api(`/api/cases/${id}`)).json()) as {
    severity: string;
    team: string;
    plan: string;
    status: string;
    deadlines: Record<string, string>;
    messages: unknown[];
    timeline: { type: string; summary: string; at: string }[];
  };
const pagesFor = async (reference: string) =>
  (await outbox()).filter((m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes(reference));

describe('npm start, from the outside', () => {
  it('answers /health within 15 s', () => {
    expect(cf.startupMs).toBeLessThan(15_000);
    expect(cf.output()).toContain('caseflow is running');
  });

  it('decodes an ISO-8859-2 Polish subject and acknowledges in the same thread within 5 s', async () => {
    const messageId = `<latin2-${Date.now()}@acme.example>`;
    const raw = [
      'From: Anna Nowak <anna.nowak@acme.example>',
      'To: support@support.example.com',
      'Subject: =?ISO-8859-2?Q?B=B3=B1d_przy_logowaniu_do_panelu?=',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=ISO-8859-2',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Nie mo=BFemy si=EA zalogowa=E6.',
      '',
    ].join('\r\n');
    const sent = Date.now();
    await sendRaw(smtpPort, { from: 'anna.nowak@acme.example', to: ['support@support.example.com'] }, raw);
    const c = await caseBySubject('Błąd przy logowaniu do panelu');
    const ack = await eventually(
      async () => (await outbox()).find((m) => m.inReplyTo === messageId),
      5000,
      'ack in outbox'
    );
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(ack.to).toEqual(['anna.nowak@acme.example']);
    expect(ack.subject).toBe(`[${c.reference}] Błąd przy logowaniu do panelu`);
    expect(ack.references).toContain(messageId);
    expect(ack.headers['auto-submitted']).toBe('auto-replied');
    const detail = await eventually(
      async () => {
        const d = await caseDetail(c.id);
        return d.messages.length === 2 ? d : undefined; // the inbound mail and the acknowledgement
      },
      5000,
      'acknowledgement on the case'
    );
    expect(detail).toMatchObject({ severity: 'NON_CRITICAL', team: 'L1', plan: 'STANDARD', status: 'OPEN' });

    // The same message delivered again: no second case, no second acknowledgement.
    await sendRaw(smtpPort, { from: 'anna.nowak@acme.example', to: ['support@support.example.com'] }, raw);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await cases()).filter((x) => x.subject === 'Błąd przy logowaniu do panelu')).toHaveLength(1);
    expect((await outbox()).filter((m) => m.inReplyTo === messageId)).toHaveLength(1);
  });

  it('Sev-1 without an ack: primary at once, secondary at 5, lead at 10, management at 15 (scaled), each once', async () => {
    const sent = Date.now();
    await sendMail(smtpPort, {
      from: 'Globex Operations <ops@globex.example>',
      to: 'sev1@support.example.com',
      subject: 'Everything is down (no ack)',
      text: 'All API calls fail with 503.',
    });
    const c = await caseBySubject('Everything is down (no ack)');
    const primaryAt = await eventually(
      async () => ((await pagesFor(c.reference)).length >= 1 ? Date.now() - sent : undefined),
      5000,
      'primary page'
    );
    expect(primaryAt).toBeLessThan(5000);
    const breachAt = await eventually(
      async () =>
        (await outbox()).some((m) => m.subject.startsWith('[SLA BREACH]') && m.subject.includes(c.reference))
          ? Date.now() - sent
          : undefined,
      25_000,
      'breach notice'
    );
    expect(breachAt).toBeGreaterThanOrEqual(14_000);
    await new Promise((r) => setTimeout(r, 1500));
    const pages = await pagesFor(c.reference);
    expect(pages.map((p) => p.to[0])).toEqual([
      'oncall-primary@support.example.com',
      'oncall-secondary@support.example.com',
      'support-lead@support.example.com',
    ]);
    const breaches = (await outbox()).filter(
      (m) => m.subject.startsWith('[SLA BREACH]') && m.subject.includes(c.reference)
    );
    expect(breaches.map((b) => b.to)).toEqual([['management@support.example.com']]);
    const detail = await caseDetail(c.id);
    expect(detail.severity).toBe('SEV1');
    expect(detail.deadlines.callbackDueAt).toBeDefined();
    const at = (type: string, n = 0) => Date.parse(detail.timeline.filter((t) => t.type === type)[n]!.at);
    const received = at('mail.received');
    expect((at('page.sent', 1) - received) / 60_000).toBeGreaterThanOrEqual(5);
    expect((at('page.sent', 2) - received) / 60_000).toBeGreaterThanOrEqual(10);
    expect((at('sla.breached') - received) / 60_000).toBeGreaterThanOrEqual(15);
  });

  it('Sev-1 acknowledged by POSTing the page form: on the timeline, and nobody else is paged', async () => {
    await sendMail(smtpPort, {
      from: 'ops@globex.example',
      to: 'sev1@support.example.com',
      subject: 'Outage (acked)',
      text: 'API down.',
    });
    const c = await caseBySubject('Outage (acked)');
    const [page] = await eventually(
      async () => {
        const p = await pagesFor(c.reference);
        return p.length ? p : undefined;
      },
      5000,
      'primary page'
    );
    const link = pageLinkOf(page as OutboxMail);
    expect(link.origin).toBe(http);
    expect(link.searchParams.get('sig')).toBeTruthy();
    const get = await fetch(link);
    expect(get.status).toBe(200);
    // The page offers the one-tap acknowledgement: a form that POSTs.
    expect(await get.text()).toMatch(/<form[^>]* method="post"/);
    expect((await caseDetail(c.id)).timeline.map((t) => t.type)).not.toContain('page.acknowledged');
    const post = await fetch(link, { method: 'POST' });
    expect(post.status).toBe(200);
    const detail = await caseDetail(c.id);
    expect(detail.timeline.find((t) => t.type === 'page.acknowledged')?.summary).toContain(
      'oncall-primary@support.example.com'
    );
    await new Promise((r) => setTimeout(r, 6500)); // past the 5-minute mark, scaled
    expect((await pagesFor(c.reference)).map((p) => p.to[0])).toEqual(['oncall-primary@support.example.com']);
    const tampered = new URL(link);
    tampered.searchParams.set('exp', String(Number(link.searchParams.get('exp')) + 1));
    expect((await fetch(tampered, { method: 'POST' })).status).toBe(404);
  });

  it('the same critical mail from a STANDARD customer is critical but pages nobody, and the ack says how critical issues are handled', async () => {
    const messageId = `<acme-sev1-${Date.now()}@acme.example>`;
    await sendMail(smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'sev1@support.example.com',
      subject: 'Everything is down (Acme)',
      text: 'All API calls fail.',
      messageId,
    });
    const c = await caseBySubject('Everything is down (Acme)');
    const ack = await eventually(
      async () => (await outbox()).find((m) => m.inReplyTo === messageId),
      5000,
      'ack'
    );
    expect(ack.text).toContain('We are treating this as a critical issue under your STANDARD plan');
    expect(ack.text).toContain('The plan does not include the 24/7 Sev-1 callback');
    expect(ack.text).toContain('4 business hours');
    expect(ack.text).toContain('critical issues are handled on days off as well');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await pagesFor(c.reference)).toHaveLength(0);
    // Severity is the defect; paging is the plan's (issue 11).
    expect((await caseDetail(c.id)).severity).toBe('SEV1');
  });

  it('a forged Sev-1 (DMARC fail in the SES verdict) pages nobody and says why', async () => {
    const raw = [
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      'Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=ops@globex.example; dkim=fail header.i=@globex.example; dmarc=fail header.from=globex.example;',
      'From: ops@globex.example',
      'To: sev1@support.example.com',
      'Subject: Forged outage',
      `Message-ID: <forged-${Date.now()}@evil.example>`,
      '',
      'Everything is down, call me.',
      '',
    ].join('\r\n');
    await sendRaw(smtpPort, { from: 'ops@globex.example', to: ['sev1@support.example.com'] }, raw);
    const c = await caseBySubject('Forged outage');
    const detail = await caseDetail(c.id);
    expect(detail.severity).toBe('NON_CRITICAL');
    expect(detail.timeline.find((t) => t.type === 'triage.decided')?.summary).toContain('DMARC failed');
    await new Promise((r) => setTimeout(r, 500));
    expect(await pagesFor(c.reference)).toHaveLength(0);
  });

  it('refuses mail for addresses that are not support addresses', async () => {
    await expect(
      sendMail(smtpPort, { from: 'x@y.example', to: 'ceo@support.example.com', subject: 's', text: 't' })
    ).rejects.toThrow(/550/);
  });
});
