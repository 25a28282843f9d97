import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/** Reply templates through the API (R-BOX-1): shared and personal, filled in for a case and its agent. */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let reference: string;

beforeAll(async () => {
  cf = await startTestCaseflow();
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'Cannot log in',
    text: 'The login page says my password expired.',
  });
  reference = await eventually(
    async () => (await cf.services.cases.listCases(10)).find((c) => c.subject === 'Cannot log in')?.reference,
    10_000,
    'the case'
  );
});
afterAll(async () => {
  await cf?.cleanup();
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

describe('reply templates', () => {
  it('agents keep their own, supervisors and admins the shared ones; each case gets them filled in', async () => {
    const ola = cf.as('ola@support.example.com');
    const piotr = cf.as('piotr@support.example.com');
    const shared = await cf.api(
      '/api/templates',
      json({
        name: 'Greeting',
        text: 'Hello {{requester.name}} ({{customer.name}}),\nabout {{case.reference}} "{{case.subject}}":',
        shared: true,
      })
    );
    expect(shared.status).toBe(201);
    // An agent may not share a template...
    const refused = await ola('/api/templates', json({ name: 'Mine for all', text: 'x', shared: true }));
    expect(refused.status).toBe(403);
    // ...but keeps their own, checked for placeholders no case can fill.
    const unknown = await ola('/api/templates', json({ name: 'Typo', text: 'Hi {{customer.nmae}}' }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toBe('unknown placeholders: {{customer.nmae}}');
    const own = await ola(
      '/api/templates',
      json({ name: 'Sign-off', text: 'Best regards,\n{{agent.name}}' })
    );
    expect(own.status).toBe(201);
    const ownId = ((await own.json()) as { id: string }).id;

    const filled = (await (await ola(`/api/cases/${reference.toLowerCase()}/templates`)).json()) as {
      templates: { name: string; shared: boolean; text: string }[];
    };
    expect(filled.templates).toEqual([
      {
        id: expect.any(String),
        name: 'Greeting',
        shared: true,
        text: `Hello Anna Nowak (Acme Sp. z o.o.),\nabout ${reference} "Cannot log in":`,
      },
      { id: ownId, name: 'Sign-off', shared: false, text: 'Best regards,\nola' },
    ]);
    // Another agent sees the shared template, not Ola's; and cannot change or delete either.
    const theirs = (await (await piotr('/api/templates')).json()) as { templates: { name: string }[] };
    expect(theirs.templates.map((t) => t.name)).toEqual(['Greeting']);
    expect((await piotr(`/api/templates/${ownId}/delete`, json({}))).status).toBe(404);
    const sharedId = ((await shared.json()) as { id: string }).id;
    expect((await piotr(`/api/templates/${sharedId}`, json({ text: 'changed' }))).status).toBe(403);
    // The owner changes and deletes their own.
    expect((await ola(`/api/templates/${ownId}`, json({ text: 'Regards, {{agent.name}}' }))).status).toBe(
      200
    );
    expect((await ola(`/api/templates/${ownId}/delete`, json({}))).status).toBe(200);
    expect(((await (await ola('/api/templates')).json()) as { templates: unknown[] }).templates).toHaveLength(
      1
    );
  });
});
