import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { ConfigInput } from '../../functions/config/schema';
import { type OutboxMail, readOutbox, startTestCaseflow } from '../support/harness';
import { deliverRaw } from '../support/intake';

/**
 * Two caseflow deployments mailing each other: each one's outbox is delivered over SMTP to the
 * other's intake, round after round. The exchange must die out: at most one acknowledgement each
 * and none in answer to automatic mail, even through a relay that strips the RFC 3834 and
 * threading headers (then the per-sender acknowledgement rate limit bounds it).
 */

type Instance = Awaited<ReturnType<typeof startTestCaseflow>> & { name: string; addresses: string[] };
const ACK_LIMIT = 2;
const ROUNDS = 6;

const configFor = (domain: string): ConfigInput => ({
  ...(JSON.parse(JSON.stringify(demoConfig).replaceAll('support.example.com', domain)) as ConfigInput),
  ackRateLimit: { perSender: ACK_LIMIT, windowMinutes: 60 },
});

async function start(name: string, domain: string): Promise<Instance> {
  const config = parseConfig(configFor(domain), 'test');
  const caseflow = await startTestCaseflow({ config });
  return { ...caseflow, name, addresses: config.supportAddresses.map((a) => a.address) };
}

const acknowledgements = async (from: Instance) =>
  (await readOutbox(from.outboxDir)).filter((m) => m.headers['auto-submitted'] === 'auto-replied');

/**
 * A relay that removes everything that tells robots and threads apart (a badly behaved
 * forwarder): RFC 3834 headers, In-Reply-To/References and the case reference in the subject.
 * Every acknowledgement then looks like a new mail from a person.
 */
function stripAutomationAndThreading(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const kept = head
    .split('\r\n')
    .filter((line) => !/^(auto-submitted|x-auto-response-suppress|in-reply-to|references):/i.test(line))
    .map((line) => (/^subject:/i.test(line) ? line.replace(/\[CF-\d+\]\s*/g, '') : line));
  return `${kept.join('\r\n')}${raw.slice(split)}`;
}

/**
 * Delivers every mail in `from`'s outbox not yet relayed that is addressed to `to`; the number
 * delivered. The envelope sender is the From address, as a real MTA would use.
 */
async function relay(
  from: Instance,
  to: Instance,
  relayed: Set<string>,
  transform: (raw: string) => string
): Promise<number> {
  const mails = (await readOutbox(from.outboxDir)).filter(
    (m) => !relayed.has(`${from.name}/${m.file}`) && m.to.some((r) => to.addresses.includes(r))
  );
  for (const mail of mails) {
    relayed.add(`${from.name}/${mail.file}`);
    const sender = /^From:.*?<?([^<>\s]+@[^<>\s]+)>?\s*$/im.exec(mail.raw)?.[1] ?? '';
    await deliverRaw(
      to,
      { from: sender, to: mail.to.filter((r) => to.addresses.includes(r)) },
      transform(mail.raw)
    );
  }
  return mails.length;
}

/** Outbox files already delivered, across all exchanges (each mail is delivered once). */
const relayed = new Set<string>();

/** Relays both ways until a round moves nothing; the number of rounds that moved mail. */
async function exchange(
  a: Instance,
  b: Instance,
  transform: (raw: string) => string = (r) => r
): Promise<number> {
  for (let round = 1; round <= ROUNDS; round++) {
    const moved = (await relay(a, b, relayed, transform)) + (await relay(b, a, relayed, transform));
    if (moved === 0) return round - 1;
  }
  throw new Error(`still mailing each other after ${ROUNDS} rounds`);
}

function personMail(from: string, to: string, subject: string): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@${from.split('@')[1]}>`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello from the other help desk.',
    '',
  ].join('\r\n');
}

const autoRepliedTo = (mails: OutboxMail[], headers: Set<string>) =>
  mails.filter((m) => m.inReplyTo && headers.has(m.inReplyTo));

describe('two caseflow deployments mailing each other', () => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = await start('a', 'desk-a.example');
    b = await start('b', 'desk-b.example');
  });
  afterAll(async () => {
    await a?.cleanup();
    await b?.cleanup();
  });

  it("one mail from B's address to A: A acknowledges once, B never answers the acknowledgement", async () => {
    await deliverRaw(
      a,
      { from: 'support@desk-b.example', to: ['support@desk-a.example'] },
      personMail('support@desk-b.example', 'support@desk-a.example', 'Hello from B')
    );
    const rounds = await exchange(a, b);
    expect(rounds).toBeLessThanOrEqual(2);
    expect(await acknowledgements(a)).toHaveLength(1);
    expect(await acknowledgements(b)).toHaveLength(0);
    const cases = await b.services.cases.listCases(50);
    expect(cases.map((c) => c.acknowledgementWithheld?.kind)).toEqual(['automated']);
    expect(cases[0]?.automated?.reason).toBe('Auto-Submitted: auto-replied');
  });

  it('both written to at once: one acknowledgement each, none to an automatic mail, then silence', async () => {
    const aBefore = (await acknowledgements(a)).length;
    const bBefore = (await acknowledgements(b)).length;
    await deliverRaw(
      a,
      { from: 'sev1@desk-b.example', to: ['sev1@desk-a.example'] },
      personMail('sev1@desk-b.example', 'sev1@desk-a.example', 'Both ways 1')
    );
    await deliverRaw(
      b,
      { from: 'sev1@desk-a.example', to: ['sev1@desk-b.example'] },
      personMail('sev1@desk-a.example', 'sev1@desk-b.example', 'Both ways 2')
    );
    await exchange(a, b);
    const aAcks = (await acknowledgements(a)).slice(aBefore);
    const bAcks = (await acknowledgements(b)).slice(bBefore);
    expect(aAcks).toHaveLength(1);
    expect(bAcks).toHaveLength(1);
    // No acknowledgement answers the other side's acknowledgement.
    expect(autoRepliedTo(aAcks, new Set(bAcks.map((m) => m.messageId ?? '')))).toEqual([]);
    expect(autoRepliedTo(bAcks, new Set(aAcks.map((m) => m.messageId ?? '')))).toEqual([]);
  });

  it('through a relay that strips Auto-Submitted and threading headers, the exchange still dies out', async () => {
    const aBefore = (await acknowledgements(a)).length;
    const bBefore = (await acknowledgements(b)).length;
    await deliverRaw(
      a,
      { from: 'billing@desk-b.example', to: ['billing@desk-a.example'] },
      personMail('billing@desk-b.example', 'billing@desk-a.example', 'Stripped relay')
    );
    await exchange(a, b, stripAutomationAndThreading);
    // Only the per-sender rate limit stands between the two: it ends the exchange.
    expect((await acknowledgements(a)).length - aBefore).toBe(ACK_LIMIT);
    expect((await acknowledgements(b)).length - bBefore).toBe(ACK_LIMIT);
    const limited = async (x: Instance) =>
      (await x.services.cases.listCases(50)).filter(
        (c) => c.acknowledgementWithheld?.kind === 'rate-limited'
      );
    expect((await limited(a)).length + (await limited(b)).length).toBeGreaterThan(0);
  });
});
