import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import type { CaseDetail } from '../../functions/data/case-records/case-record-store';
import type { Mailer } from '../../functions/ports';
import type { OncallView } from '../../functions/use-cases/oncall-roster';
import { eventually, pageLinkOf, readOutbox, startTestCaseflow } from '../support/harness';
import { sendMail } from '../support/smtp';
import { TEST_ADMIN } from '../support/staff';

/**
 * The real sev1-callback ASL with an escalation policy (rotations, per-level ack timeouts, a
 * repeat, management last) at 300×: one clock minute is 200 ms. The first level names a
 * rotation nobody is on yet, so every round starts with "nobody on call → next level at once".
 */
const run = promisify(execFile);
const SCALE = 300;
const MINUTE_MS = 60_000 / SCALE;
const S = (who: string) => `${who}@support.example.com`;

const config = parseConfig(
  {
    ...demoConfig,
    oncall: {
      management: [S('management')],
      people: {
        ala: { name: 'Ala Kowalska', email: S('ala'), sms: '+48600100200' },
        celina: { name: 'Celina Wiśniewska', email: S('celina') },
      },
      rotations: [
        {
          id: 'ops',
          timeZone: 'Europe/Warsaw',
          handoffAt: '09:00',
          every: 'daily',
          start: '2020-01-01',
          members: ['ala'],
        },
        {
          id: 'future',
          timeZone: 'Europe/Warsaw',
          handoffAt: '09:00',
          every: 'weekly',
          start: '2099-01-01',
          members: ['ala'],
        },
      ],
      policy: {
        levels: [
          { name: 'night desk', target: { rotation: 'future' }, ackTimeoutMinutes: 5 },
          { name: 'primary', target: { rotation: 'ops' }, ackTimeoutMinutes: 5 },
          { name: 'secondary', target: { person: 'celina' }, ackTimeoutMinutes: 5 },
        ],
        repeat: 1,
      },
    },
  },
  'policy test'
);

type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: SCALE, config });
  // A first Sev-1 loads the intake and workflow code (a second of cold start is minutes of clock
  // at 300×); the tests then time warm paths. Resolved once paged, so its chain ends.
  const { case: warm } = await openSev1('warm-up');
  await eventually(async () => (await pagesOf(warm.reference)).length > 0, 10_000, 'warm-up page');
  await cf.as(S('ala'))(`/api/cases/${warm.id}/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({}),
  });
}, 30_000);
afterAll(async () => {
  await cf?.cleanup();
});

async function openSev1(tag: string): Promise<CaseDetail> {
  await sendMail(cf.smtpPort, {
    from: 'ops@globex.example',
    to: 'sev1@support.example.com',
    subject: `Outage ${tag}`,
    text: 'All API calls fail.',
    messageId: `<${tag}-${Date.now()}@globex.example>`,
  });
  return eventually(
    async () => {
      const found = (await cf.services.cases.listCases(200)).find((c) => c.subject === `Outage ${tag}`);
      return found ? cf.services.cases.getCaseDetail(found.id) : undefined;
    },
    5000,
    `case ${tag}`
  );
}

const pagesOf = async (reference: string) =>
  (await readOutbox(cf.outboxDir)).filter(
    (m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes(reference)
  );
const timeline = async (caseId: string) => (await cf.services.cases.getCaseDetail(caseId))?.timeline ?? [];

describe('sev1-callback with an escalation policy, executed locally', () => {
  it('no ack at any level, with a repeat: nobody-on-call skipped at once, each level once per round, management last', async () => {
    const { case: c } = await openSev1('policy-noack');
    const breach = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find(
          (m) => m.subject.startsWith('[SLA BREACH]') && m.subject.includes(c.reference)
        ),
      25 * MINUTE_MS,
      'breach'
    );
    await eventually(
      async () => (await pagesOf(c.reference)).some((m) => m.to.includes(S('management'))),
      40 * MINUTE_MS,
      'management page'
    );
    expect(breach.to).toEqual([S('management')]);
    await new Promise((r) => setTimeout(r, 3 * MINUTE_MS));
    expect((await pagesOf(c.reference)).map((m) => m.to[0])).toEqual([
      S('ala'),
      S('celina'),
      S('ala'),
      S('celina'),
      S('management'),
    ]);
    const entries = await timeline(c.id);
    const skipped = entries.filter((t) => t.type === 'page.skipped');
    expect(skipped.map((t) => t.summary)).toEqual([
      'nobody on call for night desk (nobody is on call in rotation future); paging primary at once',
      'nobody on call for night desk (repeat 1) (nobody is on call in rotation future); paging primary (repeat 1) at once',
    ]);
    const minutes = (name: string) =>
      entries
        .filter((t) => t.type === 'page.sent' && t.summary.startsWith(`paged ${name} `))
        .map((t) => (Date.parse(t.at) - Date.parse(c.receivedAt)) / 60_000);
    // Offsets: night desk 0 (skipped → primary at once, not at 5), secondary 10, night desk again
    // 15 (skipped → primary (repeat 1) at once, not at 20), secondary (repeat 1) 25, management 30.
    // At 300× a cold start is a minute or two of clock time, hence the margins.
    expect(minutes('primary')[0]).toBeLessThan(4);
    expect(minutes('secondary')[0]).toBeGreaterThanOrEqual(10);
    expect(minutes('primary (repeat 1)')[0]).toBeGreaterThanOrEqual(15);
    expect(minutes('primary (repeat 1)')[0]).toBeLessThan(18);
    expect(minutes('secondary (repeat 1)')[0]).toBeGreaterThanOrEqual(25);
    expect(minutes('management')[0]).toBeGreaterThanOrEqual(30);
    const page = entries.find((t) => t.type === 'page.sent');
    expect(page?.summary).toBe(`paged primary ${S('ala')} (Ala Kowalska via rotation ops) by email and sms`);
  });

  it.each([
    ['primary', S('ala'), 0],
    ['secondary', S('celina'), 1],
    ['primary (repeat 1)', S('ala'), 2],
    ['management', S('management'), 4],
  ])('ack at level %s stops the chain there', async (level, to, index) => {
    const { case: c } = await openSev1(`policy-ack-${index}`);
    const page = await eventually(
      async () => (await pagesOf(c.reference))[index],
      45 * MINUTE_MS,
      `${level} page`
    );
    expect(page.to).toEqual([to]);
    expect(page.text).toContain(`You are:  ${level} (level`);
    const link = pageLinkOf(page);
    const acked = await fetch(new URL(link.pathname + link.search, cf.httpUrl), { method: 'POST' });
    expect(acked.status).toBe(200);
    await new Promise((r) => setTimeout(r, 12 * MINUTE_MS));
    // Escalation stopped at this level (re-pages for an overdue callback are another matter).
    expect((await pagesOf(c.reference)).filter((m) => !m.text.includes('CALLBACK OVERDUE'))).toHaveLength(
      index + 1
    );
    const detail = await cf.services.cases.getCaseDetail(c.id);
    expect(detail?.case.sev1?.acknowledgedBy).toBe(to);
  });

  it('failing email channel: SMS still pages; with no channel at all the next level is paged at once', async () => {
    const real: Mailer = cf.services.mailer;
    cf.services.mailer = {
      send: async (mail) => {
        if (mail.subject.startsWith('[SEV1 PAGE]') && mail.subject.includes('policy-channels'))
          throw new Error('SES throttled');
        return real.send(mail);
      },
    };
    try {
      const { case: c } = await openSev1('policy-channels');
      const sms = async () =>
        Promise.all(
          (await readdir(cf.outboxDir))
            .filter((f) => f.endsWith('.sms.json'))
            .map(
              async (f) =>
                JSON.parse(await readFile(join(cf.outboxDir, f), 'utf8')) as { to: string; text: string }
            )
        );
      const text = await eventually(
        async () => (await sms()).find((m) => m.text.includes(c.reference)),
        5000,
        'SMS page'
      );
      expect(text.to).toBe('+48600100200');
      expect(text.text).toContain('/pages/');
      // Ala's email failed but her SMS went out: the page counts as sent, and the chain goes on in time.
      // Celina has no SMS: email fails twice, nobody reached, so the next level (night desk, nobody
      // on call → primary again) is paged at once rather than 5 minutes later.
      const entries = await eventually(
        async () => {
          const t = await timeline(c.id);
          return t.filter((e) => e.type === 'page.channel-failed').length >= 2 ? t : undefined;
        },
        20 * MINUTE_MS,
        'second channel failure'
      );
      const failures = entries.filter((e) => e.type === 'page.channel-failed').map((e) => e.summary);
      expect(failures[0]).toBe(`paging ${S('ala')}: email: SES throttled`);
      expect(failures[1]).toBe(
        `paging ${S('celina')}: email: SES throttled; email (second try): SES throttled; no channel reached them, escalation goes on`
      );
      // The failed channels by name too, for the page screen's chain.
      expect(
        entries.filter((e) => e.type === 'page.channel-failed').map((e) => e.data?.failedChannels)
      ).toEqual(['email', 'email,email (second try)']);
      const sent = entries.filter((e) => e.type === 'page.sent').map((e) => e.summary);
      expect(sent[0]).toContain('by sms');
      await eventually(
        async () =>
          (await timeline(c.id)).some(
            (e) => e.type === 'page.sent' && e.summary.startsWith('paged primary (repeat 1)')
          ),
        5 * MINUTE_MS,
        'primary paged again at once'
      );
      const repeat = (await timeline(c.id)).find(
        (e) => e.type === 'page.sent' && e.summary.startsWith('paged primary (repeat 1)')
      );
      // Celina was due at 10; primary (repeat 1) would be due at 20 — it came at once after her failure.
      expect((Date.parse(repeat!.at) - Date.parse(c.receivedAt)) / 60_000).toBeLessThan(15);
    } finally {
      cf.services.mailer = real;
    }
  });

  it('duplicate SES delivery: the same Sev-1 delivered twice at once makes one case and one page chain', async () => {
    const mail = {
      from: 'ops@globex.example',
      to: 'sev1@support.example.com',
      subject: 'Outage policy-duplicate',
      text: 'All API calls fail.',
      messageId: `<policy-duplicate-${Date.now()}@globex.example>`,
    };
    await Promise.all([sendMail(cf.smtpPort, mail), sendMail(cf.smtpPort, mail)]);
    const c = await eventually(
      async () => (await cf.services.cases.listCases(200)).find((x) => x.subject === mail.subject),
      5000,
      'case'
    );
    await eventually(
      async () => (await pagesOf(c.reference)).some((m) => m.to.includes(S('celina'))),
      20 * MINUTE_MS,
      'secondary page'
    );
    await new Promise((r) => setTimeout(r, MINUTE_MS));
    expect((await cf.services.cases.listCases(200)).filter((x) => x.subject === mail.subject)).toHaveLength(
      1
    );
    expect((await pagesOf(c.reference)).map((m) => m.to[0])).toEqual([S('ala'), S('celina')]);
    const acks = (await readOutbox(cf.outboxDir)).filter((m) => m.inReplyTo === mail.messageId);
    expect(acks).toHaveLength(1);
  });

  it('a roster override made through the API (or the CLI) pages the stand-in at once, without a restart', async () => {
    const api = (path: string, init?: RequestInit) => cf.api(path, init);
    // The admin makes these: a supervisor's or admin's change ("from" is the window's start here).
    const post = (path: string, body: Record<string, unknown>) =>
      cf.api(path, { method: 'POST', body: JSON.stringify(body) });
    const now = cf.services.clock.now().getTime();
    const window = {
      rotation: 'ops',
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 3 * 3_600_000).toISOString(),
    };
    const refused = await post('/api/oncall/overrides', { ...window, person: 'zenon' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('no person zenon under oncall.people');
    // An agent may not change the roster; a supervisor or admin may.
    const byAgent = await cf.as(S('lead'))('/api/oncall/overrides', {
      method: 'POST',
      body: JSON.stringify({ ...window, person: 'celina' }),
    });
    expect(byAgent.status).toBe(403);
    // The CLI stores it through the running instance's API, signed in as the admin.
    const cli = { env: { ...process.env, CASEFLOW_DATA_DIR: cf.dataDir } };
    await run(
      process.execPath,
      [
        'bin/caseflow.mjs',
        'login',
        '--api',
        cf.httpUrl,
        '--email',
        TEST_ADMIN.email,
        '--password',
        TEST_ADMIN.password,
      ],
      cli
    );
    const { stdout } = await run(
      process.execPath,
      [
        'bin/caseflow.mjs',
        'oncall',
        'override',
        '--api',
        cf.httpUrl,
        '--rotation',
        'ops',
        '--person',
        'celina',
        '--from',
        window.from,
        '--to',
        window.to,
        '--reason',
        'Ala at the dentist',
      ],
      cli
    );
    const id = /^override (\S+):/.exec(stdout)?.[1];
    expect(stdout).toContain('(in effect now)');
    const view = (await (await api('/api/oncall')).json()) as OncallView;
    expect(view.rotations).toContainEqual(
      expect.objectContaining({ id: 'ops', person: 'celina', via: 'override' })
    );
    const { case: c } = await openSev1('policy-override');
    const [first] = await eventually(
      async () => {
        const pages = await pagesOf(c.reference);
        return pages.length ? pages : undefined;
      },
      10 * MINUTE_MS,
      'first page'
    );
    expect(first?.to).toEqual([S('celina')]);
    expect(first?.text).toContain('You are:  primary (level');
    expect((await post(`/api/oncall/overrides/${id}/cancel`, {})).status).toBe(200);
    expect(((await (await api('/api/oncall')).json()) as OncallView).rotations).toContainEqual(
      expect.objectContaining({ id: 'ops', person: 'ala', via: 'rotation' })
    );
    // Cancelling again says it was done, by whom; an id that never existed is still a 404.
    const again = await post(`/api/oncall/overrides/${id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already cancelled', cancelledBy: expect.any(String) });
    expect((await post('/api/oncall/overrides/no-such-override/cancel', {})).status).toBe(404);
    const listed = (await (await api('/api/oncall/overrides')).json()) as { overrides: { id: string }[] };
    expect(listed.overrides.map((o) => o.id)).not.toContain(id);
  });
});
