import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Search by status decides on the copy of the case's status its opening words' entries carry
 * (docs/search.md), without reading the cases: every change of a case's status must reach that
 * copy in the same write. Each step changes a case's status one way (a reply that waits on the
 * customer, the customer's answer, resolution, the customer writing again, spam and back, a merge)
 * and searches by the opening mail's words with each `status=` right after it, through the HTTP API.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const STATUSES = ['open', 'waiting_on_customer', 'resolved', 'closed'] as const;
type Status = (typeof STATUSES)[number];
const CUSTOMER = 'anna.nowak@acme.example';

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
}, 60_000);
afterAll(async () => {
  await cf?.cleanup();
});

interface Found {
  cases: { reference: string; status: string }[];
  total: number;
}
const search = async (query: string): Promise<Found> => {
  const res = await cf.api(`/api/cases?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Found;
};

/** The case is found by `words` with its status, and with no other, at once. */
async function expectFoundAs(words: string, reference: string, status: Status): Promise<void> {
  for (const asked of STATUSES) {
    const found = await search(`q=${encodeURIComponent(words)}&status=${asked}`);
    expect(
      found.cases.map((c) => c.reference),
      `"${words}" with status=${asked}`
    ).toEqual(asked === status ? [reference] : []);
  }
}

const post = async (path: string, body: Record<string, unknown> = {}, expected = 200) => {
  const res = await cf.api(path, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(expected);
};

interface Opened {
  reference: string;
  replyAddress: string;
  subject: string;
}
async function open(subject: string, text: string, messageId: string): Promise<Opened> {
  await sendMail(cf.smtpPort, {
    from: CUSTOMER,
    to: 'support@support.example.com',
    subject,
    text,
    messageId,
  });
  const ack = await eventually(
    async () => (await readOutbox(cf.outboxDir)).find((m) => m.inReplyTo === messageId),
    15_000,
    `acknowledgement of ${messageId}`
  );
  const reference = /\[(CF-\d+)\]/.exec(ack.subject)?.[1] ?? '';
  const c = (await (await cf.api(`/api/cases/${reference}`)).json()) as { replyAddress: string };
  return { reference, replyAddress: c.replyAddress, subject };
}

/** The customer writes on the case, and the case shows the mail. */
async function customerWrites(c: Opened, text: string, messageId: string): Promise<void> {
  await sendMail(cf.smtpPort, {
    from: CUSTOMER,
    to: c.replyAddress,
    subject: `Re: [${c.reference}] ${c.subject}`,
    text,
    messageId,
  });
  await eventually(
    async () => {
      const detail = (await (await cf.api(`/api/cases/${c.reference}`)).json()) as {
        messages: { text: string }[];
      };
      return detail.messages.some((m) => m.text.includes(text));
    },
    15_000,
    `the customer's mail ${messageId} on ${c.reference}`
  );
}

describe('search by status follows every change of status', () => {
  it('through a reply waiting on the customer, the answer, resolution and the customer writing again', async () => {
    const c = await open(
      'Falownik w serwerowni piszczy',
      'Falownik przy szafie B piszczy od rana.',
      '<status-inverter@acme.example>'
    );
    await expectFoundAs('falownik', c.reference, 'open');

    await post(
      `/api/cases/${c.reference}/replies`,
      { text: 'Proszę przesłać zdjęcie tabliczki znamionowej.', waitingOnCustomer: true },
      201
    );
    await expectFoundAs('falownik', c.reference, 'waiting_on_customer');

    // The answer's own words join the entries at the opening words' keys and at new ones.
    await customerWrites(
      c,
      'Zdjęcie tabliczki w załączniku, model prostownika PX-20.',
      '<status-inverter-2@acme.example>'
    );
    await expectFoundAs('falownik', c.reference, 'open');
    await expectFoundAs('falownik prostownika', c.reference, 'open');

    await post(`/api/cases/${c.reference}/resolve`);
    await expectFoundAs('falownik', c.reference, 'resolved');

    await customerWrites(c, 'Falownik znowu piszczy po nocy.', '<status-inverter-3@acme.example>');
    await expectFoundAs('falownik', c.reference, 'open');
  });

  it('through spam and back', async () => {
    const c = await open(
      'Termostat w szafie chłodniczej',
      'Termostat pokazuje 40 stopni.',
      '<status-thermostat@acme.example>'
    );
    await post(`/api/cases/${c.reference}/spam`);
    await expectFoundAs('termostat', c.reference, 'resolved');
    await post(`/api/cases/${c.reference}/not-spam`);
    await expectFoundAs('termostat', c.reference, 'open');
  });

  it('through a merge: the duplicate is closed, the case it joined stays open', async () => {
    const duplicate = await open(
      'Akumulator UPS do wymiany',
      'Akumulator w UPS zgłasza błąd.',
      '<status-battery-1@acme.example>'
    );
    const kept = await open(
      'Bateria UPS',
      'Bateria UPS zgłasza błąd, wymiana?',
      '<status-battery-2@acme.example>'
    );
    await post(`/api/cases/${duplicate.reference}/merge`, { into: kept.reference });
    await expectFoundAs('akumulator', duplicate.reference, 'closed');
    await expectFoundAs('bateria', kept.reference, 'open');
  });
});
