import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/** Repeating a finished action answers 409 with the state it is in; references are any case. */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let reference: string;

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  cf = await startTestCaseflow();
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'Invoice shows the wrong address',
    text: 'Our invoice shows last year’s address.',
  });
  reference = await eventually(
    async () =>
      (await cf.services.cases.listCases(10)).find((c) => c.subject.startsWith('Invoice shows'))?.reference,
    10_000,
    'the case'
  );
});
afterAll(async () => {
  await cf?.cleanup();
});

describe('references in any case', () => {
  it('a lower-case reference names the case on every route that takes a case', async () => {
    const lower = reference.toLowerCase();
    const read = await cf.api(`/api/cases/${lower}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { reference: string }).reference).toBe(reference);
    expect((await cf.api(`/api/cases/${lower}/templates`)).status).toBe(200);
    const note = await cf.api(`/api/cases/${lower}/notes`, json({ text: 'checked the billing address' }));
    expect(note.status).toBe(201);
    const audit = (await (await cf.api(`/api/audit?case=${lower}`)).json()) as {
      records: { action: string }[];
    };
    expect(audit.records.map((r) => r.action)).toContain('case.note');
    expect((await cf.api(`/api/cases/${lower}/attachments/${'0'.repeat(64)}`)).status).toBe(404);
    const missing = await cf.api('/api/cases/cf-999999');
    expect(missing.status).toBe(404);
  });
});

describe('repeating a finished action', () => {
  it('a callback on a case no one acknowledged a page for is a 409 that says so', async () => {
    const res = await cf.api(`/api/cases/${reference}/callback`, json({}));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: 'the page is not acknowledged yet',
      outcome: 'not-acknowledged',
      status: 'OPEN',
      calledBackAt: null,
    });
  });

  it('confirming a callback twice: the second answers 409 with who confirmed it and when', async () => {
    const caseId = (await cf.services.cases.findCaseIdByReference(reference)) as string;
    const at = new Date().toISOString();
    // As if the page was acknowledged: the case is a Sev-1 its engineer has taken on.
    await cf.services.cases.updateCaseFields(
      caseId,
      {
        sev1: {
          acknowledgedAt: at,
          acknowledgedBy: 'oncall-primary@support.example.com',
          callbackDueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
        },
      },
      []
    );
    const first = await cf.api(`/api/cases/${reference.toLowerCase()}/callback`, json({}));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'confirmed' });
    const second = await cf.api(`/api/cases/${reference.toLowerCase()}/callback`, json({}));
    expect(second.status).toBe(409);
    const body = (await second.json()) as Record<string, string>;
    expect(body).toMatchObject({ error: 'already confirmed', outcome: 'already-confirmed', status: 'OPEN' });
    expect(body.calledBackBy).toBe(body.by);
    expect(body.by).toMatch(/admin@support\.example\.com/);
    expect(Date.parse(body.calledBackAt as string)).toBeGreaterThanOrEqual(Date.parse(at));
  });

  it('resolving twice: the second answers 409 with when and by whom, not 404', async () => {
    const first = await cf.api(`/api/cases/${reference.toLowerCase()}/resolve`, json({}));
    expect(first.status).toBe(200);
    const second = await cf.api(`/api/cases/${reference.toLowerCase()}/resolve`, json({}));
    expect(second.status).toBe(409);
    const body = (await second.json()) as { error: string; status: string; resolvedAt: string; by: string };
    expect(body).toMatchObject({ error: 'already resolved', status: 'RESOLVED' });
    expect(body.by).toMatch(/admin@support\.example\.com/);
    expect(Date.parse(body.resolvedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('invalid JSON says so', async () => {
    const res = await cf.api(`/api/cases/${reference}/resolve`, { method: 'POST', body: '{"oops' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid JSON' });
  });
});
