import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { eventually, readOutbox } from '../support/harness';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';
import { sendMail } from '../support/smtp';

/**
 * Issue 5 acceptance, from the outside: `npm start` with CASEFLOW_TIME_SCALE=60 and a config of
 * 20 ENTERPRISE customers (CASEFLOW_CONFIG). 200 Sev-1 mails within one minute make one incident
 * and one page chain; every mail is acknowledged in its own thread; every customer's callback is
 * timed on its own (each case breaches at its own 15 minutes when nobody calls back).
 */
const SCALE = 60;
const CUSTOMERS = 20;
const MAILS = 200;

let cf: RunningCaseflow;
let configDir: string;

beforeAll(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'caseflow-storm-config-'));
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: `tenant-${i}`,
    name: `Tenant ${i}`,
    domains: [`tenant${i}.example`],
    plan: 'ENTERPRISE',
    contacts: [{ email: `ops@tenant${i}.example`, name: `Ops ${i}`, phone: `+48 600 000 ${100 + i}` }],
  }));
  const file = join(configDir, 'storm.json');
  await writeFile(
    file,
    JSON.stringify({
      ...demoConfig,
      customers,
      oncall: { ...demoConfig.oncall, storm: { windowMinutes: 10 } },
    })
  );
  cf = await startNpmStart({ CASEFLOW_TIME_SCALE: String(SCALE), CASEFLOW_CONFIG: file });
}, 60_000);

afterAll(async () => {
  await cf?.stop();
  await rm(configDir, { recursive: true, force: true });
});

interface Detail {
  id: string;
  reference: string;
  receivedAt: string;
  incident?: { id: string; leaderCaseId: string };
  deadlines: { callbackDueAt?: string };
  timeline: { type: string; summary: string; at: string }[];
}

describe('storm correlation under npm start', () => {
  it('200 Sev-1 mails from 20 customers within a minute: one incident, one page chain, 200 acknowledgements, each callback tracked', async () => {
    const started = Date.now();
    const mails = Array.from({ length: MAILS }, (_, n) => ({
      from: `ops@tenant${n % CUSTOMERS}.example`,
      messageId: `<storm-${n}-${started}@tenant${n % CUSTOMERS}.example>`,
      subject: `Outage report ${n}: API is down`,
    }));
    // 10 SMTP clients at a time.
    for (let i = 0; i < MAILS; i += 10) {
      await Promise.all(
        mails.slice(i, i + 10).map((m) =>
          sendMail(cf.smtpPort, {
            from: m.from,
            to: 'sev1@support.example.com',
            subject: m.subject,
            text: 'All requests fail since a minute ago: the API is down.',
            messageId: m.messageId,
          })
        )
      );
    }
    const sendMs = Date.now() - started;
    expect(sendMs).toBeLessThan(60_000); // "within one minute" of wall-clock time
    const list = await eventually(
      async () => {
        const body = (await (await cf.api(`/api/cases?limit=200`)).json()) as {
          cases: { id: string; subject: string }[];
        };
        const storm = body.cases.filter((c) => c.subject.startsWith('Outage report '));
        return storm.length === MAILS ? storm : undefined;
      },
      60_000,
      '200 cases'
    );
    const details = await Promise.all(
      list.map(async (c) => (await (await cf.api(`/api/cases/${c.id}`)).json()) as Detail)
    );
    // One incident.
    expect(new Set(details.map((d) => d.incident?.id)).size).toBe(1);
    const leader = details.find((d) => d.incident?.leaderCaseId === d.id)!;
    expect(details.filter((d) => d.timeline.some((t) => t.type === 'incident.opened'))).toHaveLength(1);
    // 200 acknowledgements, each in its own thread, to its own sender.
    const outbox = await eventually(
      async () => {
        const all = await readOutbox(cf.outboxDir);
        return mails.every((m) => all.some((o) => o.inReplyTo === m.messageId)) ? all : undefined;
      },
      60_000,
      '200 acknowledgements'
    );
    for (const m of mails) {
      // Everything in this thread (the acknowledgement, later the tier notice) goes to its own sender.
      const thread = outbox.filter((o) => o.inReplyTo === m.messageId);
      expect(thread.length).toBeGreaterThanOrEqual(1);
      expect([...new Set(thread.flatMap((o) => o.to))]).toEqual([m.from]);
    }
    // Each customer's own callback is tracked: every case breaches at its own 15 minutes.
    const breached = await eventually(
      async () => {
        const now = await Promise.all(
          list.map(async (c) => (await (await cf.api(`/api/cases/${c.id}`)).json()) as Detail)
        );
        return now.every((d) =>
          d.timeline.some((t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback'))
        )
          ? now
          : undefined;
      },
      90_000,
      'every callback breached on its own case'
    );
    // Exactly one acknowledgement per case.
    expect(breached.map((d) => d.timeline.filter((t) => t.type === 'ack.sent').length)).toEqual(
      breached.map(() => 1)
    );
    for (const d of breached) {
      const breach = d.timeline.find(
        (t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback')
      )!;
      expect(Date.parse(breach.at)).toBeGreaterThanOrEqual(Date.parse(d.deadlines.callbackDueAt!));
    }
    // One page chain: only the leader's case was paged, each level once.
    const pages = (await readOutbox(cf.outboxDir)).filter((m) => m.subject.startsWith('[SEV1 PAGE]'));
    expect(pages.every((p) => p.subject.includes(leader.reference))).toBe(true);
    expect(pages.map((p) => p.to[0])).toEqual([
      'oncall-primary@support.example.com',
      'oncall-secondary@support.example.com',
      'support-lead@support.example.com',
    ]);
    console.log(
      `storm: ${MAILS} mails sent in ${sendMs} ms; all acknowledged and breached by ${Date.now() - started} ms`
    );
  }, 240_000);
});
