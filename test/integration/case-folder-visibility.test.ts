import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Visible case folders (R-BOX-5/6): an admin chooses which case folders an agent sees; the agent's
 * folder list leaves the others out, listing one is refused (and audited), and so is filing into
 * one. An agent given none sees every folder; supervisors and admins always do.
 */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;
let reference: string;
const AGENT = 'folder.agent@support.example.com';
const post = (path: string, body: unknown, who = cf.api) =>
  who(path, { method: 'POST', body: JSON.stringify(body) });
const folderIds = async (who: typeof cf.api) =>
  ((await (await who('/api/case-folders')).json()) as { folders: { id: string }[] }).folders.map((f) => f.id);

beforeAll(async () => {
  cf = await startTestCaseflow();
  expect((await post('/api/case-folders', { name: 'Partners' })).status).toBe(201);
  expect((await post('/api/case-folders', { name: 'Legal' })).status).toBe(201);
  await sendMail(cf.smtpPort, {
    from: 'anna.nowak@acme.example',
    to: 'support@support.example.com',
    subject: 'Contract renewal terms',
    text: 'Please send the renewal terms.',
  });
  reference = await eventually(
    async () =>
      (await cf.services.cases.listCases(20)).find((c) => c.subject === 'Contract renewal terms')?.reference,
    10_000,
    'the case'
  );
  expect((await post(`/api/cases/${reference}/folder`, { folder: 'legal' })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await cf?.cleanup();
});

describe('visible case folders', () => {
  it('an agent sees, lists and files into only the case folders an admin gave them', async () => {
    const agent = cf.as(AGENT);
    const me = (await (await agent('/api/me')).json()) as { id: string; caseFolders?: string[] | null };
    // Given none: every folder, as before visible folders existed.
    expect(await folderIds(agent)).toEqual(expect.arrayContaining(['invoices', 'legal', 'partners', 'spam']));

    expect((await post(`/api/users/${me.id}`, { caseFolders: ['partners', 'nope'] })).status).toBe(400);
    const changed = await post(`/api/users/${me.id}`, { caseFolders: ['partners'] });
    expect(changed.status).toBe(200);
    // A change sets what it names only: the agent keeps every team they had.
    expect(await changed.json()).toMatchObject({
      caseFolders: ['partners'],
      teams: expect.arrayContaining(['L1']),
    });
    expect(((await (await agent('/api/me')).json()) as { caseFolders: string[] }).caseFolders).toEqual([
      'partners',
    ]);

    expect(await folderIds(agent)).toEqual(['partners']);
    expect((await agent('/api/case-folders/partners/cases')).status).toBe(200);
    const refused = await agent('/api/case-folders/legal/cases');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/case folder legal/);
    expect((await post(`/api/cases/${reference}/folder`, { folder: 'invoices' }, agent)).status).toBe(403);
    const filed = await post(`/api/cases/${reference}/folder`, { folder: 'partners' }, agent);
    expect(await filed.text()).toContain('"folder":"partners"');
    expect(filed.status).toBe(200);
    const audit = (
      (await (await cf.api(`/api/audit?actor=${AGENT}`)).json()) as {
        records: { action: string; outcome: string; detail?: string }[];
      }
    ).records;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'folder.read', outcome: 'refused' }),
        expect.objectContaining({ action: 'case.file', outcome: 'refused' }),
      ])
    );

    // The admin sees every folder whatever; null gives the agent every folder again.
    expect(await folderIds(cf.api)).toEqual(
      expect.arrayContaining(['invoices', 'legal', 'partners', 'spam'])
    );
    expect((await post(`/api/users/${me.id}`, { caseFolders: null })).status).toBe(200);
    expect(await folderIds(agent)).toEqual(expect.arrayContaining(['invoices', 'legal', 'partners', 'spam']));
    expect((await post(`/api/users/${me.id}`, { caseFolders: [] })).status).toBe(200);
    expect(await folderIds(agent)).toEqual([]);
  });
});
