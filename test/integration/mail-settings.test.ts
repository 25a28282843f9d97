import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';

/**
 * Message rules kept by admins (R-BOX-7): listed and saved through the API, in force for the next
 * mail without a restart; the config's rules are in force until the first save.
 */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;

beforeAll(async () => {
  cf = await startTestCaseflow();
});
afterAll(async () => {
  await cf?.cleanup();
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

interface RulesBody {
  rules: { name: string; match: Record<string, unknown>; set: Record<string, unknown> }[];
  version: number;
  source: 'config' | 'table';
  total: number;
  updatedBy: string | null;
}

async function caseOf(subject: string) {
  return eventually(
    async () => (await cf.services.cases.listCases(50)).find((c) => c.subject === subject),
    10_000,
    `the case "${subject}"`
  );
}

describe('message rules administration', () => {
  it('shows the config rules until an admin saves; the next mail follows the saved rules', async () => {
    const first = (await (await cf.api('/api/message-rules')).json()) as RulesBody;
    expect(first).toMatchObject({ source: 'config', version: 0, total: 1, updatedBy: null });
    expect(first.rules[0]?.name).toBe('invoices');

    const vip = {
      name: 'Globex to L2 datacenter',
      match: { senderDomain: 'globex.example', subject: 'backup' },
      set: { team: 'L2_DATACENTER', folder: 'Backups', labels: ['vip'] },
    };
    const saved = await cf.api('/api/message-rules', json({ rules: [vip, ...first.rules], version: 0 }));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      source: 'table',
      version: 1,
      total: 2,
      updatedBy: 'admin@support.example.com',
    });

    await sendMail(cf.smtpPort, {
      from: 'ops@globex.example',
      to: 'support@support.example.com',
      subject: 'Nightly backup question',
      text: 'How long do you keep the nightly backups?',
    });
    const filed = await caseOf('Nightly backup question');
    expect(filed.team).toBe('L2_DATACENTER');
    expect(filed.messageRules).toMatchObject({ folder: 'Backups', labels: ['vip'], teamRule: vip.name });

    // An edit based on the old version is refused with what is there now, not silently lost.
    const stale = await cf.api('/api/message-rules', json({ rules: [], version: 0 }));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'changed-meanwhile', current: { version: 1 } });

    // Removing the rule takes effect for the next mail as well.
    expect((await cf.api('/api/message-rules', json({ rules: first.rules, version: 1 }))).status).toBe(200);
    await sendMail(cf.smtpPort, {
      from: 'ops@globex.example',
      to: 'support@support.example.com',
      subject: 'Another backup question',
      text: 'Can we restore a single file from the backup?',
    });
    const unfiled = await caseOf('Another backup question');
    expect(unfiled.team).not.toBe('L2_DATACENTER');
    expect(unfiled.messageRules).toBeUndefined();
  });

  it('checks rules as the config file is checked, and only admins may change them', async () => {
    const bad = await cf.api(
      '/api/message-rules',
      json({ rules: [{ name: 'x', match: {}, set: { labels: ['a'] } }], version: 0 })
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('a rule needs at least one condition');
    const badTeam = await cf.api(
      '/api/message-rules',
      json({ rules: [{ name: 'x', match: { sender: 'a@b.example' }, set: { team: 'NOPE' } }], version: 0 })
    );
    expect(badTeam.status).toBe(400);
    const regex = await cf.api(
      '/api/message-rules',
      json({ rules: [{ name: 'x', match: { subject: { regex: '(' } }, set: { labels: ['a'] } }], version: 0 })
    );
    expect(regex.status).toBe(400);
    expect((await regex.json()).error).toContain('not a valid regular expression');
    const agent = cf.as('ola@support.example.com');
    expect((await agent('/api/message-rules')).status).toBe(403);
    expect((await agent('/api/message-rules', json({ rules: [], version: 0 }))).status).toBe(403);
    expect((await cf.api('/api/message-rules?x=1')).status).toBe(400);
  });

  it('support addresses: an admin renames one and the next acknowledgement says so; a new one is flagged as not yet received', async () => {
    const first = (await (await cf.api('/api/support-addresses')).json()) as {
      addresses: { address: string; purpose: string; team: string; displayName: string }[];
      version: number;
      source: string;
      notReceived: string[];
    };
    expect(first).toMatchObject({ source: 'config', version: 0, notReceived: [] });
    const addresses = first.addresses.map((a) =>
      a.address === 'billing@support.example.com' ? { ...a, displayName: 'Acme-facing Billing Desk' } : a
    );
    const added = {
      address: 'partners@support.example.com',
      purpose: 'general',
      team: 'L1',
      displayName: 'Partners',
    };
    const saved = await cf.api(
      '/api/support-addresses',
      json({ addresses: [...addresses, added], version: 0 })
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      source: 'table',
      version: 1,
      notReceived: ['partners@support.example.com'],
    });

    await sendMail(cf.smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'billing@support.example.com',
      subject: 'Second copy of an invoice please',
      text: 'Could you send the December invoice again?',
    });
    const ack = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find((m) => m.subject.includes('Second copy of an invoice please')),
      10_000,
      'the acknowledgement'
    );
    expect(ack.headers.from).toContain('Acme-facing Billing Desk');

    const offDomain = await cf.api(
      '/api/support-addresses',
      json({ addresses: [{ ...added, address: 'help@elsewhere.example' }], version: 1 })
    );
    expect(offDomain.status).toBe(400);
    expect((await offDomain.json()).error).toContain('not on the support domain support.example.com');
  });
});
