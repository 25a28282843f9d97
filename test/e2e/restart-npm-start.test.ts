import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox } from '../support/harness';
import { type RunningCaseflow, startNpmStart } from '../support/npm-start';
import { sendMail } from '../support/smtp';
import { signIn, TEST_ADMIN } from '../support/staff';

/**
 * Issue 5 acceptance: `npm start` (CASEFLOW_TIME_SCALE=60) is killed (SIGKILL, process group) in
 * the middle of a Sev-1 escalation and started again on the same data dir. The watchdog re-arms
 * the lost workflow at start-up; the remaining pages go out once each, not before their time;
 * management is told when a deadline passed unseen; the healthy-timer metric is written.
 */
const SCALE = 60;
const MINUTE_MS = 60_000 / SCALE;
let dataDir: string;
let running: RunningCaseflow | undefined;

afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

interface Detail {
  reference: string;
  receivedAt: string;
  timeline: { type: string; summary: string; at: string }[];
}

describe('npm start killed mid-escalation', () => {
  it('loses no clock: re-armed at restart, remaining pages once at the right times, management told', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseflow-restart-'));
    const env = { CASEFLOW_TIME_SCALE: String(SCALE) };
    running = await startNpmStart(env, { dataDir });
    const outbox = () => readOutbox(join(dataDir, 'outbox'));
    await sendMail(running.smtpPort, {
      from: 'ops@globex.example',
      to: 'sev1@support.example.com',
      subject: 'Outage before a crash',
      text: 'All API calls fail.',
    });
    const id = await eventually(
      async () => {
        const body = (await (await running!.api('/api/cases')).json()) as {
          cases: { id: string; subject: string }[];
        };
        return body.cases.find((c) => c.subject === 'Outage before a crash')?.id;
      },
      5000,
      'case'
    );
    await eventually(
      async () => (await outbox()).some((m) => m.subject.startsWith('[SEV1 PAGE]')),
      5000,
      'primary'
    );
    await new Promise((r) => setTimeout(r, MINUTE_MS)); // one clock minute into the escalation
    const tokenBefore = await signIn(running.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const port = new URL(running.http).port;
    await running.kill();

    running = await startNpmStart({ ...env, CASEFLOW_HTTP_PORT: port }, { dataDir });
    // The issuer's signing key outlives the process: a token from before the crash still works.
    expect(
      (await fetch(`${running.http}/api/me`, { headers: { authorization: `Bearer ${tokenBefore}` } })).status
    ).toBe(200);
    const detail = async () => (await (await running!.api(`/api/cases/${id}`)).json()) as Detail;
    await eventually(
      async () =>
        (await detail()).timeline.some(
          (t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback')
        ),
      30_000,
      'breach after restart'
    );
    await new Promise((r) => setTimeout(r, 2 * MINUTE_MS));
    const d = await detail();
    const pages = (await outbox()).filter(
      (m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes(d.reference)
    );
    expect(pages.map((p) => p.to[0])).toEqual([
      'oncall-primary@support.example.com',
      'oncall-secondary@support.example.com',
      'support-lead@support.example.com',
    ]);
    const offsets = d.timeline
      .filter((t) => t.type === 'page.sent')
      .map((t) => (Date.parse(t.at) - Date.parse(d.receivedAt)) / 60_000);
    expect(offsets[1]).toBeGreaterThanOrEqual(5);
    expect(offsets[2]).toBeGreaterThanOrEqual(10);
    expect(offsets[2]).toBeLessThan(13);
    expect(d.timeline.filter((t) => t.type === 'workflow.rearmed')).toHaveLength(1);
    expect(
      d.timeline.filter((t) => t.type === 'sla.breached' && t.summary.startsWith('Sev-1 callback'))
    ).toHaveLength(1);
    // Management is mailed only when the lost timer was late: the restart came after the
    // secondary's page (5 clock minutes) fell due while nothing watched it.
    const rearmedAt = d.timeline.find((t) => t.type === 'workflow.rearmed')?.at ?? '';
    const late = (Date.parse(rearmedAt) - Date.parse(d.receivedAt)) / 60_000 >= 5;
    const watchdogMail = (await outbox()).find((m) => m.subject.startsWith('[WATCHDOG]'));
    if (late) {
      expect(watchdogMail?.to).toEqual(['management@support.example.com']);
      expect(watchdogMail?.text).toContain(`Sev-1 callback workflows re-armed: 1 (${d.reference})`);
      expect(watchdogMail?.text).toContain(`${d.reference}: a page due at level 2 passed unseen`);
    } else expect(watchdogMail).toBeUndefined();
    const metrics = (await readFile(join(dataDir, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { HealthyTimers: number; RearmedTimers: number });
    expect(metrics.some((m) => m.RearmedTimers >= 1)).toBe(true);
    expect(metrics.every((m) => typeof m.HealthyTimers === 'number')).toBe(true);
    console.log(
      `restart: pages at ${offsets.map((o) => o.toFixed(1)).join(', ')} clock minutes after receipt`
    );
  }, 90_000);
});
