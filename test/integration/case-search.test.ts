import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Case search through the HTTP API (R-BOX-14): mails go in by SMTP as customers send them, staff
 * search by words (Polish diacritics folded), customer, sender, filters and pages, and an agent
 * finds only the cases of their teams.
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
interface Found {
  cases: { reference: string; team: string; status: string }[];
  cursor: string | null;
  total: number;
  totalExact: boolean;
  reference?: string;
}
const refs: Record<'invoice' | 'outage' | 'stranger', string> = { invoice: '', outage: '', stranger: '' };
let teams: Record<string, string> = {};

const search = async (query: string, api = cf.api): Promise<Found> => {
  const res = await api(`/api/cases?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Found;
};
const references = (found: Found) => found.cases.map((c) => c.reference).sort();

async function open(mail: Parameters<typeof sendMail>[1]): Promise<string> {
  await sendMail(cf.smtpPort, mail);
  const ack = await eventually(
    async () => (await readOutbox(cf.outboxDir)).find((m) => m.inReplyTo === mail.messageId),
    15_000,
    `acknowledgement of ${mail.messageId}`
  );
  return /\[(CF-\d+)\]/.exec(ack.subject)?.[1] ?? '';
}

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
  refs.invoice = await open({
    from: 'Anna Nowak <anna.nowak@acme.example>',
    to: 'support@support.example.com',
    subject: 'Pytanie o fakturę za listopad',
    text: 'Dzień dobry, w przesłanej fakturą kwocie jest błąd: naliczono dwa razy abonament.',
    messageId: '<search-invoice@acme.example>',
  });
  refs.outage = await open({
    from: 'Globex Operations <ops@globex.example>',
    to: 'support@support.example.com',
    subject: 'Serwer nie odpowiada',
    text: 'Od rana serwer zwraca błąd 502. Łączność z panelem też zawodzi.',
    messageId: '<search-outage@globex.example>',
  });
  refs.stranger = await open({
    from: 'Jan Obcy <jan@elsewhere.example>',
    to: 'support@support.example.com',
    subject: 'Where is my invoice?',
    text: 'Hello, I have not received the invoice for November.',
    messageId: '<search-stranger@elsewhere.example>',
  });
  teams = Object.fromEntries(
    (await search('q=a&limit=200')).cases.map((c) => [c.reference, c.team] as const)
  );
}, 90_000);
afterAll(async () => {
  await cf?.cleanup();
});

describe('searching by words', () => {
  it('finds "fakturą" and "fakturę" by "faktura", and "Łączność" by "lacznosc"', async () => {
    expect(references(await search('q=faktura'))).toEqual([refs.invoice]);
    expect(references(await search('q=lacznosc'))).toEqual([refs.outage]);
    expect(references(await search(`q=${encodeURIComponent('ŁĄCZNOŚĆ')}`))).toEqual([refs.outage]);
  });

  it('finds words of the text, not only of the subject, and words typed in part', async () => {
    expect(references(await search('q=abonament'))).toEqual([refs.invoice]);
    expect(references(await search('q=abon'))).toEqual([refs.invoice]);
    expect(references(await search('q=blad'))).toEqual([refs.invoice, refs.outage].sort());
    // Every word must be there.
    expect(references(await search('q=blad+panel'))).toEqual([refs.outage]);
    expect((await search('q=faktura+panel')).total).toBe(0);
  });

  it('goes straight to the case a reference names, in any case', async () => {
    const found = await search(`q=${refs.outage.toLowerCase()}`);
    expect(found.reference).toBe(refs.outage);
    expect(references(found)).toEqual([refs.outage]);
    expect((await search('q=CF-999999')).total).toBe(0);
  });

  it('finds staff replies and internal notes', async () => {
    const reply = await cf.api(`/api/cases/${refs.outage}/replies`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Zrestartowaliśmy zaporę sieciową, proszę sprawdzić.' }),
    });
    expect(reply.status, await reply.text()).toBe(201);
    const note = await cf.api(`/api/cases/${refs.outage}/notes`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Klient ma przestarzały firmware kangurek.' }),
    });
    expect(note.status).toBe(201);
    expect(references(await search('q=zapore'))).toEqual([refs.outage]);
    expect(references(await search('q=kangurek'))).toEqual([refs.outage]);
    // A note's words carry no copy of the customer: it is checked on the case's customer entries.
    expect(references(await search('q=kangurek&customer=globex'))).toEqual([refs.outage]);
    expect((await search('q=kangurek&customer=acme')).total).toBe(0);
  });
});

describe('filters', () => {
  it('by customer and by sender', async () => {
    expect(references(await search('customer=globex'))).toEqual([refs.outage]);
    expect(references(await search('sender=anna.nowak@acme.example'))).toEqual([refs.invoice]);
    expect(references(await search('q=invoice&sender=jan'))).toEqual([refs.stranger]);
    // A customer's name in the text is not the customer.
    expect((await search('customer=abonament')).total).toBe(0);
    // With words, the customer is checked on the copy of it the words' entries carry.
    expect(references(await search('q=blad&customer=acme'))).toEqual([refs.invoice]);
    expect(references(await search('q=blad&customer=glob'))).toEqual([refs.outage]);
    expect((await search('q=blad&customer=acme+globex')).total).toBe(0);
    expect((await search('q=blad&customer=abonament')).total).toBe(0);
  });

  it('by team, severity and status, alone or with words', async () => {
    const team = teams[refs.outage] as string;
    const inTeam = Object.keys(teams)
      .filter((r) => teams[r] === team)
      .sort();
    expect(references(await search(`team=${team}`))).toEqual(inTeam);
    expect(references(await search(`q=blad&team=${team}`))).toEqual(
      [refs.invoice, refs.outage].filter((r) => teams[r] === team).sort()
    );
    expect((await search('status=resolved')).total).toBe(0);
    const resolved = await cf.api(`/api/cases/${refs.stranger}/resolve`, { method: 'POST' });
    expect(resolved.status).toBe(200);
    expect(references(await search('status=RESOLVED,closed'))).toEqual([refs.stranger]);
    expect(references(await search('q=invoice&status=open'))).toEqual([]);
    expect(references(await search('severity=non_critical&customer=acme'))).toEqual([refs.invoice]);
  });

  it('by the day a case was opened', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await search(`q=blad&from=${today}&to=${today}`)).total).toBe(2);
    expect((await search(`q=blad&to=${yesterday}`)).total).toBe(0);
    expect((await search(`from=${today}`)).total).toBe(3);
  });

  it('by assignee: nobody yet', async () => {
    expect((await search('assignee=none')).total).toBe(3);
    expect((await search('assignee=me')).total).toBe(0);
  });
});

describe('pages and bad requests', () => {
  it('pages with a cursor and says the total', async () => {
    const first = await search('q=blad&limit=1');
    expect(first.total).toBe(2);
    expect(first.totalExact).toBe(true);
    expect(first.cases).toHaveLength(1);
    expect(first.cursor).toBeTruthy();
    const second = await search(`q=blad&limit=1&cursor=${first.cursor}`);
    expect(second.cases).toHaveLength(1);
    expect(second.cursor).toBeNull();
    // The total is of the whole search, not of what is left after the cursor.
    expect(second.total).toBe(2);
    // A cursor from before the days asked for (another search's) finds nothing rather than failing.
    const early = Buffer.from(JSON.stringify({ after: '2000-01-01T00:00:00.000Z#x', before: '0' })).toString(
      'base64url'
    );
    expect((await search(`q=blad&from=2026-01-01&cursor=${early}`)).cases).toEqual([]);
    expect((await search(`from=2026-01-01&cursor=${early}`)).cases).toEqual([]);
    // Newest first: the outage was opened after the invoice.
    expect([first.cases[0]?.reference, second.cases[0]?.reference]).toEqual([refs.outage, refs.invoice]);
  });

  it('answers 400 naming an unknown parameter, a bad value or a cursor not its own', async () => {
    const unknown = await cf.api('/api/cases?q=x&colour=red');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toContain('"colour"');
    const status = await cf.api('/api/cases?status=lost');
    expect(status.status).toBe(400);
    expect(await status.text()).toContain('status');
    expect((await cf.api('/api/cases?from=yesterday')).status).toBe(400);
    expect((await cf.api('/api/cases?q=blad&cursor=nonsense')).status).toBe(400);
  });
});

describe('visibility', () => {
  it('shows an agent only the cases of their teams, in results and in the total', async () => {
    const team = teams[refs.outage] as string;
    expect(teams[refs.invoice], 'the two cases must be in different teams').not.toBe(team);
    const created = await cf.api('/api/users', {
      method: 'POST',
      body: JSON.stringify({
        email: 'searcher@support.example.com',
        displayName: 'Searcher',
        roles: ['agent'],
        teams: [team],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const agent = cf.as('searcher@support.example.com');
    const found = await search('q=blad', agent);
    expect(references(found)).toEqual([refs.outage]);
    expect(found.total).toBe(1);
    // A reference of another team's case finds nothing (not even that it exists).
    expect((await search(`q=${refs.invoice}`, agent)).total).toBe(0);
  });
});

describe('results follow the case', () => {
  it('reflects a change of assignee, label and status made after the case was indexed', async () => {
    expect(references(await search('q=faktura&assignee=me'))).toEqual([]);
    const assigned = await cf.api(`/api/cases/${refs.invoice}/assign`, {
      method: 'POST',
      body: JSON.stringify({ to: 'me' }),
    });
    expect(assigned.status, await assigned.clone().text()).toBe(200);
    expect(references(await search('q=faktura&assignee=me'))).toEqual([refs.invoice]);
    expect(references(await search('q=faktura&assignee=none'))).toEqual([]);

    const label = await cf.api('/api/labels', { method: 'POST', body: JSON.stringify({ name: 'Korekta' }) });
    expect(label.status, await label.clone().text()).toBe(201);
    const { id } = (await label.json()) as { id: string };
    expect((await search('q=faktura&label=korekta')).total).toBe(0);
    const labelled = await cf.api(`/api/cases/${refs.invoice}/labels`, {
      method: 'POST',
      body: JSON.stringify({ add: [id] }),
    });
    expect(labelled.status, await labelled.clone().text()).toBe(200);
    expect(references(await search('q=faktura&label=korekta'))).toEqual([refs.invoice]);

    expect(references(await search('q=faktura&status=open'))).toEqual([refs.invoice]);
    const resolved = await cf.api(`/api/cases/${refs.invoice}/resolve`, { method: 'POST' });
    expect(resolved.status).toBe(200);
    expect(references(await search('q=faktura&status=open'))).toEqual([]);
    expect(references(await search('q=faktura&status=resolved&label=korekta&assignee=me'))).toEqual([
      refs.invoice,
    ]);
  });

  it("hides a case from an agent once it moves out of the agent's teams", async () => {
    const agent = cf.as('searcher@support.example.com');
    expect(references(await search('q=serwer', agent))).toEqual([refs.outage]);
    const moved = await cf.api(`/api/cases/${refs.outage}/team`, {
      method: 'POST',
      body: JSON.stringify({ team: teams[refs.invoice], reason: 'billing question after all' }),
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const found = await search('q=serwer', agent);
    expect(found.cases).toEqual([]);
    expect(found.total).toBe(0);
    expect(references(await search('q=serwer'))).toEqual([refs.outage]);
  });

  it("shows an agent a case right after it moves into the agent's teams, by its first words and later ones", async () => {
    const agent = cf.as('searcher@support.example.com');
    const home = teams[refs.outage] as string;
    const other = teams[refs.invoice] as string;
    // A note files its words after the case opened: that entry carries no copy of the team, so
    // search reads the team from the case; the opening words' entries carry it.
    const noted = await cf.api(`/api/cases/${refs.outage}/notes`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Zasilacz w szafie rack wymieniony.' }),
    });
    expect(noted.status, await noted.clone().text()).toBe(201);
    expect((await search('q=serwer', agent)).total).toBe(0);
    expect((await search('q=zasilacz', agent)).total).toBe(0);
    expect(references(await search(`q=serwer&team=${other}`))).toEqual([refs.outage]);
    const moved = await cf.api(`/api/cases/${refs.outage}/team`, {
      method: 'POST',
      body: JSON.stringify({ team: home, reason: 'back to operations' }),
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const found = await search('q=serwer', agent);
    expect(references(found)).toEqual([refs.outage]);
    expect(found.total).toBe(1);
    expect(references(await search('q=serwer+zasilacz', agent))).toEqual([refs.outage]);
    expect(references(await search('q=zasilacz', agent))).toEqual([refs.outage]);
    expect(references(await search(`q=serwer&team=${home}`))).toEqual([refs.outage]);
    expect((await search(`q=serwer&team=${other}`)).total).toBe(0);
  });
});
