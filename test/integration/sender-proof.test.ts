import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { CaseRecord, MessageRecord, TimelineEntry } from '../../functions/domain/case';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { deliverRaw } from '../support/intake';
import { sendRaw } from '../support/smtp';

/**
 * Nothing forged acts: mail whose From is not proven by an aligned DMARC pass never joins a
 * customer's case, gets no acknowledgement (no backscatter), and the acknowledgement limits count
 * the address as it really is, for everyone together, and for designated contacts too.
 */
type CaseView = CaseRecord & { messages: MessageRecord[]; timeline: TimelineEntry[] };
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let sequence = 0;
const unique = (text: string) => `${text} #${++sequence}-${Date.now().toString(36)}`;

/** Raw MIME as SES hands it over: its verdict headers on top. */
function mail(input: {
  from: string;
  to?: string;
  subject: string;
  text: string;
  auth: 'aligned' | 'forged' | 'unaligned';
  extra?: string[];
}) {
  const domain = input.from.slice(input.from.indexOf('@') + 1);
  const auth = {
    aligned: `spf=pass smtp.mailfrom=${input.from}; dkim=pass header.i=@${domain}; dmarc=pass header.from=${domain};`,
    forged: `spf=fail smtp.mailfrom=${input.from}; dkim=fail header.i=@${domain}; dmarc=fail header.from=${domain};`,
    unaligned: `spf=pass smtp.mailfrom=x@attacker.example; dkim=pass header.i=@attacker.example; dmarc=none header.from=${domain};`,
  }[input.auth];
  return [
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    `Authentication-Results: amazonses.com; ${auth}`,
    `From: ${input.from}`,
    `To: ${input.to ?? 'support@support.example.com'}`,
    `Subject: ${input.subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@${domain}>`,
    ...(input.extra ?? []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    input.text,
    '',
  ].join('\r\n');
}

function helpers(cf: () => Caseflow) {
  const caseOf = async (sesId: string): Promise<CaseView> => {
    const id = await cf().services.intakeGuards.findCaseIdByInbound(sesId);
    if (!id) throw new Error(`no case for ${sesId}`);
    return (await (await cf().api(`/api/cases/${id}`)).json()) as CaseView;
  };
  const send = (input: Parameters<typeof mail>[0]) =>
    deliverRaw(cf(), { from: input.from, to: [input.to ?? 'support@support.example.com'] }, mail(input));
  const acksTo = async (address: string) =>
    (await readOutbox(cf().outboxDir)).filter(
      (m) => m.to.includes(address) && m.headers['auto-submitted'] === 'auto-replied'
    );
  return { caseOf, send, acksTo };
}

describe('sender proof', () => {
  let cf: Caseflow;
  const { caseOf, send, acksTo } = helpers(() => cf);
  beforeAll(async () => {
    cf = await startTestCaseflow({
      config: parseConfig(
        {
          ...demoConfig,
          ackRateLimit: { perSender: 3, designatedPerSender: 4, sameTextPerSender: 2, windowMinutes: 60 },
        },
        'test'
      ),
    });
  });
  afterAll(async () => cf?.cleanup());

  it('a forged reply naming a real case opens a case of its own, flagged and linked; the real case is untouched', async () => {
    const subject = unique('Invoices do not load');
    const real = await caseOf(
      await send({ from: 'ops@globex.example', subject, text: 'The invoice page is empty.', auth: 'aligned' })
    );
    const forged = await caseOf(
      await send({
        from: 'ops@globex.example',
        subject: `Re: [${real.reference}] ${subject}`,
        text: 'No need to call, our new number is +1 555 0100.',
        auth: 'forged',
        extra: [`In-Reply-To: ${real.originMessageId}`, `References: ${real.originMessageId}`],
      })
    );
    expect(forged.id).not.toBe(real.id);
    expect(forged.unprovenThread).toMatchObject({ caseId: real.id, reference: real.reference });
    expect(forged.unprovenThread?.reason).toMatch(/DMARC failed/);
    expect(forged.senderTrust?.flags).toContain('NOT_AUTHENTICATED');
    expect(forged.timeline.find((t) => t.type === 'thread.refused')?.summary).toContain(real.reference);
    // The stored message keeps SES's verdicts for staff to see.
    expect(forged.messages[0]?.verdicts).toMatchObject({ dmarc: 'FAIL', spf: 'FAIL' });
    const after = (await (await cf.api(`/api/cases/${real.id}`)).json()) as CaseView;
    expect(after.messages.map((m) => m.text).join('\n')).not.toContain('new number');
    expect(after.messages[0]?.verdicts).toMatchObject({ dmarc: 'PASS' });
    expect(after.timeline.find((t) => t.type === 'mail.unproven-names-case')?.summary).toContain(
      forged.reference
    );
  });

  it('a reply from a proven sender still joins its case', async () => {
    const subject = unique('Backups fail');
    const real = await caseOf(
      await send({ from: 'ops@globex.example', subject, text: 'Nightly backup failed.', auth: 'aligned' })
    );
    const reply = await send({
      from: 'ops@globex.example',
      subject: `Re: [${real.reference}] ${subject}`,
      text: 'It failed again tonight.',
      auth: 'aligned',
    });
    expect((await caseOf(reply)).id).toBe(real.id);
  });

  it('no acknowledgement, and no subject quoted back, to a sender SES did not prove (backscatter)', async () => {
    const victim = `victim-${sequence}@elsewhere.example`;
    const subject = unique('Your account is suspended. Verify at http://phish.example');
    for (const auth of ['forged', 'unaligned'] as const) {
      const c = await caseOf(await send({ from: victim, subject, text: `Hello (${auth})`, auth }));
      expect(c.acknowledgementWithheld?.kind).toBe('unauthenticated');
    }
    expect(await acksTo(victim)).toEqual([]);
    const quoted = (await readOutbox(cf.outboxDir)).filter((m) => m.subject.includes('phish.example'));
    expect(quoted).toEqual([]);
  });

  it('+tag variants of one address share its acknowledgement limit', async () => {
    const base = `tagger-${sequence}`;
    const kinds: (string | undefined)[] = [];
    for (let i = 1; i <= 4; i++) {
      const c = await caseOf(
        await send({
          from: `${base}+${i}@elsewhere.example`,
          subject: unique('Question'),
          text: `Question number ${i}`,
          auth: 'aligned',
        })
      );
      kinds.push(c.acknowledgementWithheld?.kind);
    }
    expect(kinds).toEqual([undefined, undefined, undefined, 'rate-limited']);
  });

  it('a designated contact has a higher cap, not none, and the same mail repeated (a loop) is not answered again', async () => {
    const kinds: (string | undefined)[] = [];
    const loop = unique('Away');
    for (let i = 1; i <= 3; i++) {
      const c = await caseOf(
        await send({
          from: 'anna.nowak@acme.example',
          subject: i === 1 ? loop : `Re: ${loop}`,
          text: 'Auto: I am away.',
          auth: 'aligned',
        })
      );
      kinds.push(c.acknowledgementWithheld?.kind);
    }
    expect(kinds).toEqual([undefined, undefined, 'repeated']);
    for (let i = 1; i <= 4; i++) {
      const c = await caseOf(
        await send({
          from: 'anna.nowak@acme.example',
          subject: unique('Many'),
          text: `Different ${i}`,
          auth: 'aligned',
        })
      );
      kinds.push(c.acknowledgementWithheld?.kind);
    }
    // Two acknowledged above, two more here: the designated cap of 4 ends it.
    expect(kinds.slice(3)).toEqual([undefined, undefined, 'rate-limited', 'rate-limited']);
  });
});

describe('addresses read one way only', () => {
  let cf: Caseflow;
  beforeAll(async () => {
    cf = await startTestCaseflow();
  });
  afterAll(async () => cf?.cleanup());

  it('a From with a quoted local part holding another address is held, never stored or answered as that address', async () => {
    const subject = unique('Quoted local part');
    const raw = mail({ from: 'x@evil.example', subject, text: 'Hello', auth: 'aligned' }).replace(
      'From: x@evil.example',
      'From: "ops@globex.example x"@evil.example'
    );
    await sendRaw(cf.smtpPort, { from: 'x@evil.example', to: ['support@support.example.com'] }, raw);
    const held = await eventually(
      async () => {
        const body = (await (await cf.api(`/api/folders/spam`)).json()) as {
          mail: { subject: string; reason: string }[];
        };
        return body.mail.find((m) => m.subject === subject);
      },
      5000,
      'the held mail'
    );
    expect(held.reason).toMatch(/not a plain mailbox address/);
    expect((await cf.services.cases.listCases(50)).some((c) => c.subject === subject)).toBe(false);
    const sent = await readOutbox(cf.outboxDir);
    expect(sent.filter((m) => m.raw.includes('globex.example'))).toEqual([]);
  });
});

describe('the global acknowledgement cap', () => {
  let cf: Caseflow;
  const { caseOf, send } = helpers(() => cf);
  beforeAll(async () => {
    cf = await startTestCaseflow({
      config: parseConfig({ ...demoConfig, ackRateLimit: { perSender: 10, globalPerHour: 2 } }, 'test'),
      // The cap counts per clock hour: the clock starts ten minutes into one, so the three mails
      // never straddle an hour's end (a run across xx:00 would count them in two hours).
      clockStart: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 10 * 60_000),
    });
  });
  afterAll(async () => cf?.cleanup());

  it('bounds acknowledgements per hour for all senders together', async () => {
    const kinds: (string | undefined)[] = [];
    for (let i = 1; i <= 3; i++) {
      const c = await caseOf(
        await send({
          from: `sender-${i}-${sequence}@elsewhere.example`,
          subject: unique('Hi'),
          text: `Hi ${i}`,
          auth: 'aligned',
        })
      );
      kinds.push(c.acknowledgementWithheld?.kind);
    }
    expect(kinds).toEqual([undefined, undefined, 'rate-limited']);
  });
});
