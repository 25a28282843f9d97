import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Reads carry a weak ETag over their body: sent back in If-None-Match, an unchanged answer is a
 * bodiless 304, a changed one a 200 with a new tag (the console's polling while its live channel
 * is down). And the rail's queue counts (`GET /api/queues`).
 */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;

const openCase = async (subject: string) => {
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject,
    text: 'Please have a look.',
  });
  return eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject)?.reference,
    10_000,
    `the case "${subject}"`
  );
};

beforeAll(async () => {
  cf = await startTestCaseflow();
  await openCase('Backup job failed twice');
}, 60_000);
afterAll(async () => {
  await cf?.cleanup();
});

describe('ETags on reads', () => {
  it('answers an unchanged list 304 with no body, and a changed one 200 with a new tag', async () => {
    const first = await cf.api('/api/queue?team=L1');
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag') ?? '';
    expect(tag).toMatch(/^W\/"[^"]+"$/);
    const body = await first.text();

    const again = await cf.api('/api/queue?team=L1', { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    // Without the header, the same answer in full.
    const plain = await cf.api('/api/queue?team=L1');
    expect(plain.status).toBe(200);
    expect(await plain.text()).toBe(body);

    await openCase('Printer queue stuck');
    const changed = await cf.api('/api/queue?team=L1', { headers: { 'if-none-match': tag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect(((await changed.json()) as { total: number }).total).toBe(2);
  });

  it('a case is 304 until it changes; a refusal carries no tag', async () => {
    const reference = (await cf.services.cases.listCases(20)).find((c) => c.subject === 'Printer queue stuck')
      ?.reference as string;
    const first = await cf.api(`/api/cases/${reference}`);
    const tag = first.headers.get('etag') ?? '';
    expect((await cf.api(`/api/cases/${reference}`, { headers: { 'if-none-match': tag } })).status).toBe(304);
    const note = await cf.api(`/api/cases/${reference}/notes`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Checking the spooler.' }),
    });
    expect(note.status).toBe(201);
    expect((await cf.api(`/api/cases/${reference}`, { headers: { 'if-none-match': tag } })).status).toBe(200);
    const missing = await cf.api('/api/cases/CF-9999', { headers: { 'if-none-match': tag } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
  });

  it('counts each team queue the caller sees', async () => {
    const answer = (await (await cf.api('/api/queues')).json()) as {
      queues: { team: string; total: number; totalExact: boolean }[];
      total: number;
    };
    expect(answer.queues.find((q) => q.team === 'L1')).toMatchObject({ total: 2, totalExact: true });
    expect(answer.total).toBe(answer.queues.length);
    const agent = cf.as('l1.only@support.example.com');
    const me = (await (await agent('/api/me')).json()) as { id: string };
    await cf.api(`/api/users/${me.id}`, { method: 'POST', body: JSON.stringify({ teams: ['L1'] }) });
    const theirs = (await (await agent('/api/queues')).json()) as { queues: { team: string }[] };
    expect(theirs.queues.map((q) => q.team)).toEqual(['L1']);
    expect((await cf.api('/api/queues?team=L1')).status).toBe(400);
  });
});
