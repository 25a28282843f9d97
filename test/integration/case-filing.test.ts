import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_STAFF_PASSWORD } from '../support/staff';

/** Labels, case folders and mark-spam through the API (R-BOX-5/7/8), as the console uses them. */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

const caseOf = async (subject: string) =>
  eventually(
    async () => (await cf.services.cases.listCases(20)).find((c) => c.subject === subject),
    10_000,
    `the case "${subject}"`
  );

beforeAll(async () => {
  cf = await startTestCaseflow();
  for (const [email, roles, teams] of [
    ['agent.l1@support.example.com', ['agent'], ['L1']],
    ['agent.billing@support.example.com', ['agent'], ['L2_BILLING']],
    ['lead@support.example.com', ['supervisor'], []],
  ] as const) {
    const res = await cf.api(
      '/api/users',
      json({ email, displayName: email.split('@')[0], roles, teams, password: TEST_STAFF_PASSWORD })
    );
    expect(res.status).toBe(201);
  }
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'Backup job failed twice',
    text: 'The nightly backup failed on Monday and Tuesday.',
  });
  // The demo config's rule "invoices" files this one into folder Invoices with label invoice.
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'Faktura za listopad',
    text: 'Proszę o korektę faktury.',
  });
  await caseOf('Backup job failed twice');
  await caseOf('Faktura za listopad');
});
afterAll(async () => {
  await cf?.cleanup();
});

interface Entry {
  id: string;
  name: string;
  colour?: string;
  count: number;
}
const labels = async (who = cf.api) =>
  ((await (await who('/api/labels')).json()) as { labels: Entry[] }).labels;
const folders = async (who = cf.api) =>
  ((await (await who('/api/case-folders')).json()) as { folders: Entry[] }).folders;
const listed = async (path: string, who = cf.api) =>
  (await (await who(path)).json()) as {
    cases: { reference: string; labels: string[] }[];
    total: number;
    cursor: string | null;
  };
const auditOf = async (caseId: string) =>
  (
    (await (await cf.api(`/api/audit?case=${caseId}`)).json()) as {
      records: { action: string; actor: string; outcome: string }[];
    }
  ).records;

describe('case filing', () => {
  it('the message rules file a new case: it carries the folder and label, and both list it', async () => {
    const invoice = await caseOf('Faktura za listopad');
    expect(invoice.folder).toBe('invoices');
    expect(invoice.labels).toEqual(['invoice']);
    expect((await labels()).find((l) => l.id === 'invoice')).toMatchObject({ name: 'invoice', count: 1 });
    expect((await folders()).map((f) => [f.id, f.count])).toEqual(
      expect.arrayContaining([
        ['invoices', 1],
        ['spam', 0],
      ])
    );
    const inFolder = await listed('/api/case-folders/invoices/cases');
    expect(inFolder.cases.map((c) => c.reference)).toEqual([invoice.reference]);
    expect(inFolder.total).toBe(1);
  });

  it('supervisors and admins keep labels, admins keep folders; agents are refused and bad input is a 400', async () => {
    const agent = cf.as('agent.l1@support.example.com');
    const lead = cf.as('lead@support.example.com');
    expect((await agent('/api/labels', json({ name: 'VIP', colour: 'red' }))).status).toBe(403);
    expect((await lead('/api/labels', json({ name: 'VIP', colour: 'magenta' }))).status).toBe(400);
    expect((await lead('/api/labels', json({ name: 'VIP', colour: 'red', extra: 1 }))).status).toBe(400);
    expect((await lead('/api/labels', json({ name: '   ' }))).status).toBe(400);
    const vip = await lead('/api/labels', json({ name: 'VIP', colour: 'red' }));
    expect(vip.status).toBe(201);
    expect(await vip.json()).toMatchObject({
      id: 'vip',
      name: 'VIP',
      colour: 'red',
      updatedBy: 'lead@support.example.com',
    });
    expect((await lead('/api/labels', json({ name: 'vip' }))).status).toBe(409);
    // Rename and recolour keep the id; the list says so at once (no restart).
    expect((await lead('/api/labels/vip', json({ name: 'Key account', colour: 'purple' }))).status).toBe(200);
    expect((await labels(agent)).find((l) => l.id === 'vip')).toMatchObject({
      name: 'Key account',
      colour: 'purple',
    });
    expect((await lead('/api/labels/vip', json({}))).status).toBe(400);
    expect((await lead('/api/labels/nope', json({ name: 'x' }))).status).toBe(404);

    expect((await lead('/api/case-folders', json({ name: 'Partners' }))).status).toBe(403);
    expect((await cf.api('/api/case-folders', json({ name: 'Zaległe płatności' }))).status).toBe(201);
    expect((await folders(agent)).find((f) => f.id === 'zalegle-platnosci')?.name).toBe('Zaległe płatności');
    expect((await cf.api('/api/case-folders/spam', json({ name: 'Junk' }))).status).toBe(400);
    expect((await cf.api('/api/case-folders/spam/delete', json({}))).status).toBe(400);
    expect((await cf.api('/api/labels?colour=red')).status).toBe(400);

    const refusals = (
      (await (await cf.api('/api/audit?actor=agent.l1@support.example.com')).json()) as {
        records: { action: string; outcome: string }[];
      }
    ).records;
    expect(refusals).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'POST /api/labels', outcome: 'refused' })])
    );
  });

  it('staff label a case and move it to a folder: audited, on the timeline, listed with a total', async () => {
    const c = await caseOf('Backup job failed twice');
    const agent = cf.as('agent.l1@support.example.com');
    const other = cf.as('agent.billing@support.example.com');
    expect((await agent(`/api/cases/${c.reference}/labels`, json({ add: ['no-such-label'] }))).status).toBe(
      400
    );
    expect((await agent(`/api/cases/${c.reference}/labels`, json({}))).status).toBe(400);
    expect((await agent(`/api/cases/${c.reference}/labels`, json({ add: ['vip'], by: 'x' }))).status).toBe(
      400
    );
    // Another team's agent does not see the case.
    expect((await other(`/api/cases/${c.reference}/labels`, json({ add: ['vip'] }))).status).toBe(403);
    const labelled = await agent(
      `/api/cases/${c.reference.toLowerCase()}/labels`,
      json({ add: ['vip', 'invoice'] })
    );
    expect(labelled.status).toBe(200);
    expect(await labelled.json()).toEqual({ labels: ['vip', 'invoice'] });
    expect((await agent(`/api/cases/${c.reference}/labels`, json({ remove: ['invoice'] }))).status).toBe(200);
    const moved = await agent(`/api/cases/${c.reference}/folder`, json({ folder: 'zalegle-platnosci' }));
    expect(moved.status).toBe(200);
    expect((await agent(`/api/cases/${c.reference}/folder`, json({ folder: 'nope' }))).status).toBe(400);
    expect((await agent(`/api/cases/${c.reference}/folder`, json({ folder: 'spam' }))).status).toBe(400);

    const byLabel = await listed('/api/labels/vip/cases', agent);
    expect(byLabel.cases.map((x) => [x.reference, x.labels])).toEqual([[c.reference, ['vip']]]);
    expect(byLabel.total).toBe(1);
    expect((await listed('/api/labels/invoice/cases')).total).toBe(1);
    expect((await listed('/api/case-folders/zalegle-platnosci/cases', agent)).total).toBe(1);
    // The other team's agent is told how many, not which.
    expect((await listed('/api/labels/vip/cases', other)).cases).toEqual([]);
    expect((await agent('/api/labels/vip/cases?sort=x')).status).toBe(400);
    expect((await agent('/api/labels/vip/cases?cursor=garbage')).status).toBe(400);
    expect((await agent('/api/labels/nope/cases')).status).toBe(404);
    // A label on cases is not deleted from under them; an unused one is.
    expect((await cf.api('/api/labels/vip/delete', json({}))).status).toBe(409);

    const detail = (await (await agent(`/api/cases/${c.reference}`)).json()) as {
      labels: string[];
      folder: string;
      timeline: { type: string; summary: string; actor: string }[];
    };
    expect(detail.labels).toEqual(['vip']);
    expect(detail.folder).toBe('zalegle-platnosci');
    expect(detail.timeline.filter((e) => e.type === 'case.labelled' || e.type === 'case.filed')).toEqual([
      expect.objectContaining({
        summary: 'labelled "Key account", "invoice" by agent.l1@support.example.com',
        actor: 'agent.l1@support.example.com',
      }),
      expect.objectContaining({ summary: 'label "invoice" removed by agent.l1@support.example.com' }),
      expect.objectContaining({
        summary: 'moved from the inbox to folder "Zaległe płatności" by agent.l1@support.example.com',
      }),
    ]);
    const records = await auditOf(c.id);
    expect(records.filter((r) => r.outcome === 'ok').map((r) => r.action)).toEqual(
      expect.arrayContaining(['case.label', 'case.label', 'case.file'])
    );
    expect(records.every((r) => r.actor !== 'x')).toBe(true);
  });

  it('mark spam: out of the queue with its clocks stopped, in the spam folder; un-marking restores it', async () => {
    const c = await caseOf('Backup job failed twice');
    const agent = cf.as('agent.l1@support.example.com');
    const inQueue = async () =>
      ((await (await agent('/api/queue?team=L1')).json()) as { cases: { reference: string }[] }).cases.some(
        (x) => x.reference === c.reference
      );
    expect(await inQueue()).toBe(true);
    const marked = await agent(`/api/cases/${c.reference}/spam`, json({}));
    expect(marked.status).toBe(200);
    expect(await marked.json()).toEqual({ folder: 'spam', status: 'RESOLVED' });
    expect((await agent(`/api/cases/${c.reference}/spam`, json({}))).status).toBe(409);
    expect(await inQueue()).toBe(false);
    const spamCase = await cf.services.cases.getCase(c.id);
    expect(spamCase?.sla?.targets.every((t) => t.stoppedAt !== undefined)).toBe(true);
    expect((await listed('/api/case-folders/spam/cases', agent)).cases.map((x) => x.reference)).toEqual([
      c.reference,
    ]);
    expect((await listed('/api/case-folders/zalegle-platnosci/cases', agent)).total).toBe(0);
    // A spam case is not filed elsewhere until un-marked.
    expect((await agent(`/api/cases/${c.reference}/folder`, json({ folder: null }))).status).toBe(400);

    const restored = await agent(`/api/cases/${c.reference}/not-spam`, json({}));
    expect(restored.status).toBe(200);
    expect(await restored.json()).toEqual({ folder: 'zalegle-platnosci', status: 'OPEN' });
    expect((await agent(`/api/cases/${c.reference}/not-spam`, json({}))).status).toBe(409);
    expect(await inQueue()).toBe(true);
    expect((await listed('/api/case-folders/spam/cases')).total).toBe(0);
    const actions = (await auditOf(c.id)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['case.spam', 'case.not-spam']));
  });
});
