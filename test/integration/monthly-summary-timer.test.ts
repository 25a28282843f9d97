import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';

/**
 * The local runtime runs the monthly summary when its clock passes 07:00 Warsaw, as the deployed
 * schedule does: started at 06:50 on 1 December 2026 (a Tuesday, the first working day) at 60×,
 * the clock passes 07:00 ten real seconds later (start-up takes a few of them).
 */
let cf: Awaited<ReturnType<typeof startTestCaseflow>>;

beforeAll(async () => {
  cf = await startTestCaseflow({ clockStart: new Date('2026-12-01T05:50:00Z'), timeScale: 60 });
});
afterAll(async () => {
  await cf?.cleanup();
});

describe('the monthly summary on the local timer', () => {
  it('sends November’s summary to each customer once, on the first working day', async () => {
    const summaries = async () =>
      (await readOutbox(cf.outboxDir)).filter((m) =>
        m.subject.startsWith('Service report for November 2026')
      );
    // The timer looks at the clock every real second; the clock reaches 07:00 about 10 s after start,
    // and the run then reads the month's reports: 20 s leaves room on a busy machine.
    const sent = await eventually(
      async () => ((await summaries()).length >= 2 ? summaries() : undefined),
      20_000
    );
    // The demo customers have no TAM: their designated contacts.
    expect(sent.flatMap((m) => m.to).sort()).toEqual(['anna.nowak@acme.example', 'ops@globex.example']);
    expect(sent.every((m) => m.headers['auto-submitted'] === 'auto-generated')).toBe(true);
    // Two more seconds (two more looks at the clock, two clock minutes): nothing more is sent.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await summaries()).toHaveLength(2);
  }, 40_000);
});
