import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox } from '../support/harness';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';
import { sendMail } from '../support/smtp';

/**
 * `npm start` with CASEFLOW_TIME_SCALE=1200 and the clock started on a Tuesday morning: a
 * STANDARD case nobody answers (first response within 4 business hours) — from the outside.
 */
let cf: RunningCaseflow;
let smtpPort: number;
let dataDir: string;

beforeAll(async () => {
  cf = await startNpmStart({
    CASEFLOW_TIME_SCALE: '1200',
    CASEFLOW_CLOCK_START: '2026-12-15T09:00:00+01:00',
  });
  ({ smtpPort, dataDir } = cf);
});

afterAll(async () => {
  await cf?.stop();
});

describe('SLA clock through npm start', () => {
  it('warnings, breach, L1 → L3 hand-over and the customer notice, each once', async () => {
    const messageId = `<sla-e2e-${Date.now()}@acme.example>`;
    await sendMail(smtpPort, {
      from: 'anna.nowak@acme.example',
      to: 'support@support.example.com',
      subject: 'Nobody answers (e2e)',
      text: 'Pytanie o DNS.',
      messageId,
    });
    const reference = await eventually(
      async () => {
        const { cases } = (await (await cf.api('/api/cases')).json()) as {
          cases: { reference: string; subject: string }[];
        };
        return cases.find((c) => c.subject === 'Nobody answers (e2e)')?.reference;
      },
      5000,
      'case'
    );
    const ours = async () =>
      (await readOutbox(join(dataDir, 'outbox'))).filter((m) => m.subject.includes(reference));
    await eventually(
      async () => (await ours()).some((m) => m.inReplyTo === messageId && m.text.includes('has been passed')),
      30_000,
      'hand-over notice'
    );
    await new Promise((r) => setTimeout(r, 1500));
    const mails = await ours();
    const count = (predicate: (m: (typeof mails)[number]) => boolean) => mails.filter(predicate).length;
    expect(count((m) => m.subject.startsWith('[SLA 75%]'))).toBe(1);
    expect(count((m) => m.subject.startsWith('[SLA 90%]'))).toBe(1);
    expect(
      count((m) => m.subject.startsWith('[SLA MISSED]') && m.to.includes('management@support.example.com'))
    ).toBe(1);
    expect(
      count((m) => m.subject.startsWith('[ESCALATED]') && m.to.includes('sysadmins@support.example.com'))
    ).toBe(1);
    expect(count((m) => m.inReplyTo === messageId && m.text.includes('has been passed'))).toBe(1);
    const detail = (await (await cf.api(`/api/cases/${reference}`)).json()) as {
      team: string;
      timeline: { type: string }[];
    };
    expect(detail.team).toBe('L3_SYSADMIN');
    expect(detail.timeline.filter((t) => t.type === 'sla.breached')).toHaveLength(1);
  });
});
