import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addDays, type capsFor } from '../../functions/deliverability/domain/warmup';
import { deliverabilityRoutes } from '../../functions/deliverability/routes';
import { remediationFollowUps } from '../../functions/deliverability/use-cases/remediation';
import { progressWarmups } from '../../functions/deliverability/use-cases/warmup';
import type { CaseRecord } from '../../functions/domain/case';
import { sendingEvents } from '../../functions/handlers/sending-events';
import type { StaffEnv } from '../../functions/http/staff-access';
import { deliverabilityConfig, deskDeps, TestClock } from '../support/deliverability';
import { readOutbox } from '../support/harness';
import { CAMPAIGN_RULES, CAMPAIGN_STAGES_CSV, EXPECTED, simulateDay } from '../support/warmup-campaign';

/** Parts 1, 2 and 4 through the HTTP API and the handlers, on DynamoDB Local. */
async function desk(clock?: TestClock) {
  const deps = await deskDeps(deliverabilityConfig(), { clock });
  // The desk's routes as the app mounts them: behind staff access, here a signed-in TAM.
  const app = new Hono<StaffEnv>();
  app.use('*', async (c, next) => {
    c.set('actor', { kind: 'service', name: 'tam', roles: ['admin'] });
    await next();
  });
  app.route('/', deliverabilityRoutes(deps));
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await app.request(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': type },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // CSV
    }
    return { status: res.status, json: json as Record<string, unknown> & { error?: string }, text };
  };
  return { deps, call };
}

describe('accounts (R-DLV-1)', () => {
  it('lists config accounts, stores API accounts, refuses bad input and config deletions', async () => {
    const { call } = await desk();
    const list = await call('GET', '/accounts');
    expect((list.json.accounts as { id: string; source: string }[]).map((a) => [a.id, a.source])).toEqual([
      ['acme-mail', 'config'],
      ['globex-mail', 'config'],
    ]);
    const bad = await call('PUT', '/accounts/initech', {
      name: 'Initech',
      tam: { name: 'T', email: 't@x.example' },
      ips: ['300.1.1.1'],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('"300.1.1.1" is not an IPv4 or IPv6 address');
    const unknown = await call('PUT', '/accounts/initech', {
      name: 'Initech',
      customerId: 'nobody',
      tam: { name: 'T', email: 't@x.example' },
    });
    expect(unknown.json.error).toContain('unknown customer "nobody"');
    const ok = await call('PUT', '/accounts/initech', {
      name: 'Initech',
      tam: { name: 'Tess', email: 'Tess@support.example.com' },
      ips: ['192.0.2.55', '2001:DB8::0:1'],
      domains: ['News.Initech.example'],
      streams: [{ name: 'marketing', kind: 'marketing', ips: ['192.0.2.55'] }],
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      source: 'api',
      ips: ['192.0.2.55', '2001:db8::1'],
      domains: ['news.initech.example'],
    });
    const got = await call('GET', '/accounts/initech');
    expect((got.json.timeline as { type: string }[]).map((t) => t.type)).toEqual(['account.updated']);
    expect((await call('DELETE', '/accounts/initech')).status).toBe(204);
    expect((await call('DELETE', '/accounts/globex-mail')).status).toBe(409);
  });
});

describe('warm-up through the API, the ingest endpoint and the daily progression (R-DLV-2)', () => {
  it('runs the 40-day campaign end to end with the same decisions as the pure model', async () => {
    const clock = new TestClock(new Date('2026-03-01T08:00:00Z'));
    const { deps, call } = await desk(clock);
    const ip = '203.0.113.10';
    const created = await call('PUT', `/warmup/${ip}`, {
      accountId: 'globex-mail',
      startDate: '2026-03-01',
      stagesCsv: CAMPAIGN_STAGES_CSV,
      rules: CAMPAIGN_RULES,
      overflowPool: 'shared-warm',
    });
    expect(created.status).toBe(201);
    expect((await call('PUT', `/warmup/${ip}`, { accountId: 'globex-mail' })).status).toBe(409);
    expect((await call('PUT', '/warmup/192.0.2.99', { accountId: 'globex-mail' })).json.error).toMatch(
      /not one of account/
    );
    expect((await call('GET', `/warmup/${ip}/stages.csv`)).text).toBe(`${CAMPAIGN_STAGES_CSV}\n`);

    for (let day = 1; day <= 40; day++) {
      const date = addDays('2026-03-01', day - 1);
      const status = await call('GET', `/warmup/${ip}`);
      const counts = simulateDay(day, status.json.caps as NonNullable<ReturnType<typeof capsFor>>);
      const daily = Object.entries(counts).map(([provider, c]) => ({ day: date, ip, provider, ...c }));
      if (daily.length) expect((await call('POST', '/ingest', { source: 'mta-1', daily })).status).toBe(202);
      // The next morning the scheduled progression decides the day.
      clock.at = new Date(`${addDays(date, 1)}T00:15:00Z`);
      const report = await progressWarmups(deps);
      expect(report.decisions.map((d) => [d.kind, d.fromStage, d.toStage])).toEqual([EXPECTED[day - 1]]);
    }
    // Running it again decides nothing twice.
    expect((await progressWarmups(deps)).decisions).toEqual([]);
    const final = await call('GET', `/warmup/${ip}`);
    expect(final.json).toMatchObject({ status: 'completed', stage: 'done', overflowPool: 'shared-warm' });
    const timeline = await deps.desk.accountTimeline('globex-mail', 100);
    expect(timeline.filter((t) => t.type === 'warmup.decided')).toHaveLength(40);
    const mails = (await readOutbox(deps.outboxDir)).filter((m) => m.subject.startsWith('Warm-up'));
    expect(mails).toHaveLength(40);
    expect(mails[6]?.text).toMatch(/step-back, stage 6 → 4 \(step back\)/);
  });

  it('imports and exports stage tables, refuses bad ones, and plans the migration share per day', async () => {
    const clock = new TestClock(new Date('2026-04-01T09:00:00Z'));
    const { call } = await desk(clock);
    const ip = '203.0.113.7';
    await call('PUT', `/warmup/${ip}`, { accountId: 'globex-mail', startDate: '2026-04-01' });
    const exported = (await call('GET', `/warmup/${ip}/stages.csv`)).text;
    expect(exported.split('\n').slice(0, 3)).toEqual(['stage,daily_volume', '1,200', '2,500']);
    expect(exported).toContain('29,10000000\n30,done');
    const bad = await call('PUT', `/warmup/${ip}/stages`, 'stage,daily_volume\n1,500\n3,1000\n', 'text/csv');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('stage table: line 3: expected stage 2, got "3"');
    const csv = 'stage,daily_volume,gmail\n1,1k,300\n2,2.5k,\n3,5000,2000\n4,done\n';
    const imported = await call('PUT', `/warmup/${ip}/stages`, csv, 'text/csv');
    expect(imported.status).toBe(200);
    expect((await call('GET', `/warmup/${ip}/stages.csv`)).text).toBe(
      'stage,daily_volume,gmail\n1,1000,300\n2,2500,\n3,5000,2000\n4,done,\n'
    );
    expect((await call('GET', `/warmup/${ip}`)).json.caps).toMatchObject({
      volume: 1000,
      providers: { gmail: 300, microsoft: 1000 },
    });
    const migration = await call('GET', '/accounts/globex-mail/migration?days=5');
    expect(migration.json.rows).toEqual([
      { day: '2026-04-01', newIpCapacity: 1000, share: 0.05, remaining: 19_000, basis: 'projected' },
      { day: '2026-04-02', newIpCapacity: 2500, share: 0.125, remaining: 17_500, basis: 'projected' },
      { day: '2026-04-03', newIpCapacity: 5000, share: 0.25, remaining: 15_000, basis: 'projected' },
      { day: '2026-04-04', newIpCapacity: 20_000, share: 1, remaining: 0, basis: 'projected' },
      { day: '2026-04-05', newIpCapacity: 20_000, share: 1, remaining: 0, basis: 'projected' },
    ]);
  });
});

const sesBounce = (messageId: string, ip: string, recipient: string, diagnosticCode: string) => ({
  source: 'aws.ses',
  'detail-type': 'Email Bounced',
  detail: {
    eventType: 'Bounce',
    mail: {
      messageId,
      timestamp: '2026-03-02T09:00:00.000Z',
      destination: [recipient],
      tags: { 'ses:outgoing-ip': [ip], 'ses:configuration-set': ['caseflow-sending'] },
    },
    bounce: {
      bounceType: 'Permanent',
      timestamp: '2026-03-02T09:00:01.000Z',
      bouncedRecipients: [{ emailAddress: recipient, diagnosticCode }],
    },
  },
});

describe('SES sending events and ISP remediation, level 1 (R-DLV-4)', () => {
  it('counts SES events once, recognises a block code and runs the task to a resolution', async () => {
    const clock = new TestClock(new Date('2026-03-02T09:05:00Z'));
    const { deps, call } = await desk(clock);
    const handle = sendingEvents(deps);
    const event = sesBounce(
      'm-1',
      '203.0.113.7',
      'jan@outlook.com',
      "smtp; 550 5.7.1 Unfortunately, messages from [203.0.113.7] weren't sent. (S3150) [BN1NAM02FT]"
    );
    const first = (await handle(event)) as { counted: number; remediationTasks: string[] };
    expect(first.counted).toBe(1);
    expect(first.remediationTasks).toHaveLength(1);
    const again = (await handle(event)) as { counted: number; duplicates: number };
    expect(again).toMatchObject({ counted: 0, duplicates: 1 });
    expect(await deps.desk.getDayCounts('203.0.113.7', '2026-03-02')).toEqual({
      microsoft: { sent: 0, delivered: 0, bounced: 1, complained: 0, deferred: 0 },
    });
    // Mail from an IP of nobody's is not ours.
    expect(await handle(sesBounce('m-2', '192.0.2.200', 'x@gmail.com', '421-4.7.28 ...'))).toMatchObject({
      ignored: 1,
    });

    const taskId = first.remediationTasks[0] as string;
    let task = (await call('GET', `/remediation/${taskId}`)).json;
    expect(task).toMatchObject({
      provider: 'microsoft',
      status: 'open',
      level2: expect.stringMatching(/out of scope/),
    });
    const tamMail = (await readOutbox(deps.outboxDir)).find((m) => m.subject.includes('ISP block'));
    expect(tamMail?.text).toContain('go.microsoft.com/fwlink/?LinkID=614866');
    expect(tamMail?.text).toContain('Level 2 (personalised mediation');

    // Prerequisites first: refused while any is pending; a waiver needs a reason.
    const refused = await call('POST', `/remediation/${taskId}/prepare`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatch(/spf, dkim, dmarc, one-click-unsubscribe, complaint-rate/);
    expect(
      (
        await call('POST', `/remediation/${taskId}/checklist/one-click-unsubscribe`, {
          status: 'waived',
        })
      ).status
    ).toBe(400);
    for (const item of ['spf', 'dkim', 'dmarc', 'complaint-rate'])
      expect(
        (
          await call('POST', `/remediation/${taskId}/checklist/${item}`, {
            status: 'passed',
            note: 'checked',
          })
        ).status
      ).toBe(200);
    await call('POST', `/remediation/${taskId}/checklist/one-click-unsubscribe`, {
      status: 'waived',
      note: 'transactional stream only: no bulk mail',
    });
    const prepared = await call('POST', `/remediation/${taskId}/prepare`, {});
    expect(prepared.status).toBe(200);
    const text = (prepared.json.request as { text: string }).text;
    expect(text).toContain("IPs or CIDRs, separated by ';': 203.0.113.7;");
    expect(text).toContain('the NDRs (bounce messages): S3150');
    expect(text).toContain('Waived by us, with the reason above: one-click-unsubscribe.');

    const submitted = await call('POST', `/remediation/${taskId}/submission`, {
      reference: 'SRX123',
    });
    expect(submitted.json).toMatchObject({ status: 'submitted', followUpAt: '2026-03-04T09:05:00.000Z' });
    clock.at = new Date('2026-03-04T10:00:00Z');
    expect(await remediationFollowUps(deps)).toEqual([taskId]);
    expect(await remediationFollowUps(deps)).toEqual([]);
    expect((await readOutbox(deps.outboxDir)).some((m) => m.subject.includes('Follow up: Outlook.com'))).toBe(
      true
    );

    const answered = await call('POST', `/remediation/${taskId}/answer`, {
      outcome: 'resolved',
      text: 'mitigated',
    });
    expect(answered.json.status).toBe('resolved');
    task = (await call('GET', `/remediation/${taskId}`)).json;
    const c = (await deps.cases.getCaseDetail(task.caseId as string))!;
    expect(c.case.status).toBe('RESOLVED');
    expect(c.timeline.filter((t) => t.type === 'remediation.updated').length).toBeGreaterThanOrEqual(8);
    // The slot is free: the next block with Microsoft opens a new task.
    const next = (await handle(
      sesBounce('m-3', '203.0.113.7', 'ola@hotmail.com', '550 5.7.515 Access denied')
    )) as { remediationTasks: string[] };
    expect(next.remediationTasks).toHaveLength(1);
    expect(next.remediationTasks[0]).not.toBe(taskId);
  });

  it("recognises codes quoted in a customer case (case.opened) for the customer's account", async () => {
    const { deps } = await desk();
    const at = '2026-03-02T10:00:00.000Z';
    const c = {
      id: 'cust-case-1',
      reference: 'CF-990001',
      subject: 'Our mails to Gmail bounce',
      status: 'OPEN',
      customerId: 'acme',
      createdAt: at,
      receivedAt: at,
      deadlines: {},
    } as unknown as CaseRecord;
    await deps.caseTransactions.createKeyedCase({ case: c, timeline: [], key: 'TEST#cust-case-1' });
    await deps.cases.addMessage({
      id: 'm1',
      caseId: c.id,
      direction: 'INBOUND',
      messageId: '<m1@acme.example>',
      from: 'anna.nowak@acme.example',
      to: ['support@support.example.com'],
      subject: c.subject,
      text: 'We get: 421-4.7.28 Gmail has detected an unusual rate of unsolicited mail',
      at,
      kind: 'customer',
    });
    const out = (await sendingEvents(deps)({
      source: 'caseflow',
      'detail-type': 'case.opened',
      detail: { type: 'case.opened', caseId: c.id },
    })) as { remediationTasks: string[] };
    expect(out.remediationTasks).toHaveLength(1);
    const task = await deps.desk.getRemediationTask(out.remediationTasks[0] as string);
    expect(task).toMatchObject({
      accountId: 'acme-mail',
      provider: 'gmail',
      detections: [{ source: 'customer-mail', code: '421-4.7.28' }],
    });
    const detail = await deps.cases.getCaseDetail(c.id);
    expect(detail?.timeline.at(-1)?.summary).toMatch(/bounce codes recognised: 421-4.7.28/);
  });
});
