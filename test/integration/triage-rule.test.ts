import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';

/**
 * Issue 11, points 1–4, from the outside: corpus mail through real SMTP, read back from
 * GET /api/cases/:id and the outbox. Severity is the defect; paging and terms come from the plan;
 * critical cases belong to L1 whatever the address; forwarded or past outages never page; server
 * problems go to L3. The clock starts on a public holiday (Wed 11 Nov 2026, Independence Day).
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const fixtures = join(__dirname, '../fixtures/mail');
const HOLIDAY = new Date('2026-11-11T09:25:00+01:00');

interface CaseDetail {
  id: string;
  reference: string;
  receivedAt: string;
  severity: string;
  team: string;
  category: string;
  sev1?: unknown;
  triage: { reportedCritical: boolean; pagesOnCall: boolean; reasons: string[] };
  sla: { terms: { class: string; guaranteed: boolean }; targets: { kind: string; dueAt: string }[] };
  timeline: { type: string; summary: string; data?: Record<string, unknown> }[];
}

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1, clockStart: HOLIDAY });
});
afterAll(async () => {
  await cf?.cleanup();
});

async function send(file: string, from: string, to = 'support@support.example.com'): Promise<CaseDetail> {
  const transport = createTransport({ host: '127.0.0.1', port: cf.smtpPort, secure: false, ignoreTLS: true });
  const raw = readFileSync(join(fixtures, file));
  const before = new Set((await cf.services.cases.listCases(200)).map((c) => c.id));
  try {
    await transport.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    transport.close();
  }
  const id = await eventually(
    async () => {
      const fresh = (await cf.services.cases.listCases(200)).find((c) => !before.has(c.id));
      return fresh && (fresh.acknowledgement || fresh.acknowledgementWithheld) ? fresh.id : undefined;
    },
    10_000,
    `case of ${file}`
  );
  return (await (await cf.api(`/api/cases/${id}`)).json()) as CaseDetail;
}

const pagesFor = async (reference: string) =>
  (await readOutbox(cf.outboxDir)).filter((m) => m.subject.includes('SEV1') && m.subject.includes(reference));

describe('severity is the defect, paging is the plan (issue 11)', () => {
  it('an earlier Globex case exists for the RCA request to name', async () => {
    const earlier = await send(
      '67-apple-globex-sev1-api-503-en.eml',
      'ops@globex.example',
      'sev1@support.example.com'
    );
    expect(earlier).toMatchObject({ reference: 'CF-1001', severity: 'SEV1' });
  });

  it('1. a STANDARD designated contact reporting that every API call fails on a holiday: critical, handled today, nobody paged', async () => {
    const c = await send('47-outlook-acme-api-500-holiday-pl.eml', 'anna.nowak@acme.example');
    expect(c).toMatchObject({
      severity: 'SEV1',
      team: 'L1',
      triage: { reportedCritical: true, pagesOnCall: false },
    });
    expect(c.sev1).toBeUndefined();
    expect(c.sla.terms).toMatchObject({ class: 'critical', guaranteed: true });
    // STANDARD's critical terms count days off: 4 business hours from 09:25 on the holiday itself.
    const response = c.sla.targets.find((t) => t.kind === 'response');
    expect(Date.parse(response?.dueAt ?? '') - Date.parse(c.receivedAt)).toBe(4 * 3600_000);
    expect(response?.dueAt.slice(0, 10)).toBe('2026-11-11');
    expect(c.triage.reasons.join('\n')).toContain(
      'plan STANDARD has no 24/7 Sev-1 callback: nobody is paged'
    );
    const ack = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find(
          (m) => m.to.includes('anna.nowak@acme.example') && m.subject.includes(c.reference)
        ),
      10_000,
      'acknowledgement'
    );
    expect(ack.text).toContain('Traktujemy zgłoszenie jako krytyczne w ramach planu STANDARD');
    expect(ack.text).toContain('również w dni wolne od pracy');
    expect(await pagesFor(c.reference)).toEqual([]);
  });

  it('1. an authenticated but undesignated employee reporting the same outage: critical reported, no plan guarantees', async () => {
    const c = await send('50-thunderbird-acme-undesignated-outage-en.eml', 'jan.kowalski@acme.example');
    expect(c).toMatchObject({
      severity: 'NON_CRITICAL',
      triage: { reportedCritical: true, pagesOnCall: false },
    });
    expect(c.sla.terms.guaranteed).toBe(false);
  });

  it('2. a Sev-1 written to billing@ belongs to the 24/7 first line, with the reason stored; other billing mail stays', async () => {
    const c = await send(
      '51-outlook-globex-billing-api-timeouts-en.eml',
      'ops@globex.example',
      'billing@support.example.com'
    );
    expect(c).toMatchObject({ severity: 'SEV1', team: 'L1', triage: { pagesOnCall: true } });
    expect(c.triage.reasons.join('\n')).toContain(
      'team L1: a critical case belongs to the 24/7 first line, not to L2_BILLING of billing@support.example.com'
    );
    const billing = await send(
      '54-thunderbird-acme-billing-faktura-pl.eml',
      'anna.nowak@acme.example',
      'billing@support.example.com'
    );
    expect(billing).toMatchObject({ severity: 'NON_CRITICAL', team: 'L2_BILLING' });
  });

  it('3. an RCA request with the outage notes forwarded below never pages, and links the earlier case it names', async () => {
    const c = await send('55-outlook-globex-rca-forwarded-notes-en.eml', 'ops@globex.example');
    expect(c).toMatchObject({
      severity: 'NON_CRITICAL',
      triage: { reportedCritical: false, pagesOnCall: false },
    });
    expect(c.sev1).toBeUndefined();
    expect(c.triage.reasons.join('\n')).toContain('asks about an outage that is over');
    const link = c.timeline.find((t) => t.type === 'case.linked');
    expect(link?.summary).toContain('refers to earlier case CF-1001');
    const forwarded = await send(
      '57-apple-globex-begin-forwarded-en.eml',
      'ops@globex.example',
      'sev1@support.example.com'
    );
    expect(forwarded).toMatchObject({ severity: 'NON_CRITICAL', triage: { pagesOnCall: false } });
    await new Promise((r) => setTimeout(r, 300));
    expect(await pagesFor(c.reference)).toEqual([]);
    expect(await pagesFor(forwarded.reference)).toEqual([]);
  });

  it('4. "VPS vps-krk-03 nie odpowiada od 7:00" goes to L3 system administrators with the reason stored', async () => {
    const c = await send('60-outlook-acme-vps-nie-odpowiada-pl.eml', 'anna.nowak@acme.example');
    expect(c).toMatchObject({ severity: 'NON_CRITICAL', team: 'L3_SYSADMIN', category: 'sysadmin' });
    expect(c.triage.reasons.join('\n')).toContain('a server problem, not R-TRI-1 unavailability');
    expect(c.triage.reasons.join('\n')).toContain('team L3_SYSADMIN by content');
  });
});
