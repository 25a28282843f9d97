import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, readOutbox, startTestCaseflow } from '../support/harness';

/**
 * Corpus mail through real SMTP into the local runtime, read back from GET /api/cases/:id and the
 * outbox: language, category, missing report items, a Polish acknowledgement, and a reply that
 * raises its case to Sev-1 (R-IN-5, R-TRI-2, R-TRI-5).
 */
type Caseflow = Awaited<ReturnType<typeof startTestCaseflow>>;
let cf: Caseflow;
const fixtures = join(__dirname, '../fixtures/mail');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8'));

beforeAll(async () => {
  cf = await startTestCaseflow({ timeScale: 1 });
});
afterAll(async () => {
  await cf?.cleanup();
});

/** Sends a fixture's bytes as they are (8-bit ISO-8859-2 and all) over SMTP. */
async function sendFixture(file: string, from: string, to = 'support@support.example.com') {
  const transport = createTransport({ host: '127.0.0.1', port: cf.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from, to: [to] }, raw: readFileSync(join(fixtures, file)) });
  } finally {
    transport.close();
  }
}

async function caseBySubject(subject: string) {
  const id = await eventually(
    async () => (await cf.services.cases.listCases(100)).find((c) => c.subject === subject)?.id,
    10_000,
    `case "${subject}"`
  );
  const response = await cf.api(`/api/cases/${id}`);
  return (await response.json()) as Record<string, unknown> & {
    timeline: { summary: string; type: string }[];
  };
}

describe('intake stores what triage and the completeness check found', () => {
  it('every new-case fixture of the corpus, through SMTP, reads back from the API with its labels', async () => {
    const { PostalMimeCodec } = await import('../../functions/adapters/mime');
    const codec = new PostalMimeCodec();
    const fresh = Object.entries(expected as Record<string, Record<string, unknown>>).filter(
      ([, e]) => !e.threadOf && !e.autoReply
    );
    for (const [file, label] of fresh) {
      const parsed = await codec.parse(readFileSync(join(fixtures, file)));
      await sendFixture(file, parsed.from!.address, (label.recipient as string) ?? undefined);
      if (label.held) {
        // SES's spam (or virus) verdict: held in its folder, never a case (docs/mail-storage.md).
        await eventually(
          async () => {
            const res = await cf.api(`/api/folders/${label.held}`);
            return JSON.stringify(await res.json()).includes(parsed.subject.trim());
          },
          10_000,
          `${file} in the ${label.held} folder`
        );
        expect(
          (await cf.services.cases.listCases(200)).some((c) => c.subject === parsed.subject.trim())
        ).toBe(false);
        continue;
      }
      const c = await caseBySubject(parsed.subject.trim());
      expect(
        {
          severity: c.severity,
          team: c.team,
          category: c.category,
          contactStatus: c.contactStatus,
          language: c.language,
          missing: (c.report as { missing: string[] }).missing,
          paged: Boolean(c.sev1),
        },
        file
      ).toEqual({
        severity: label.severity,
        team: label.team,
        category: label.category,
        contactStatus: label.contactStatus,
        language: label.language,
        missing: label.missing,
        paged: label.pages,
      });
    }
  }, 120_000);

  it('a Polish report missing most items: language, category, missing items and a Polish acknowledgement', async () => {
    const file = '13-outlook-acme-incomplete-pl.eml';
    await sendFixture(file, 'anna.nowak@acme.example');
    const c = await caseBySubject('Błąd przy zapisie szablonu');
    expect(c).toMatchObject({
      severity: 'NON_CRITICAL',
      team: 'L1',
      category: 'general',
      language: 'pl',
      contactStatus: 'DESIGNATED',
      report: { present: ['reporter'], missing: expected[file].missing },
    });
    const ack = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find((m) => m.subject.includes('Błąd przy zapisie szablonu')),
      10_000,
      'acknowledgement'
    );
    expect(ack.text).toContain('Dzień dobry');
    expect(ack.text).toContain('- urządzenie, system operacyjny i jego wersję');
    expect(ack.text).toContain('- kategorię błędu');
  });

  it('a billing mail on the general address goes to L2 billing and asks for nothing', async () => {
    const file = '16-gmail-globex-double-charge-en.eml';
    await sendFixture(file, 'ops@globex.example');
    const c = await caseBySubject('Charged twice for November');
    expect(c).toMatchObject({
      team: 'L2_BILLING',
      category: 'billing',
      language: 'en',
      report: { present: [], missing: [] },
    });
  });

  it('a designated contact replying that the API is now down raises the case to Sev-1 and pages', async () => {
    await sendFixture('07-outlook-globex-not-urgent-en.eml', 'ops@globex.example');
    const before = await caseBySubject('CSV export button not working');
    expect(before).toMatchObject({ severity: 'NON_CRITICAL', category: 'general' });
    await sendFixture('43-outlook-globex-reply-raises-sev1-en.eml', 'ops@globex.example');
    const raised = await eventually(
      async () => {
        const c = await caseBySubject('CSV export button not working');
        return c.severity === 'SEV1' ? c : undefined;
      },
      10_000,
      'raised to Sev-1'
    );
    expect(raised).toMatchObject({ severity: 'SEV1', team: 'L1', sev1: { attempt: 1 } });
    // Served under the plan's critical terms from now on.
    expect(raised.sla).toMatchObject({ terms: { plan: 'ENTERPRISE', class: 'critical', guaranteed: true } });
    expect(raised.timeline.map((t) => t.summary).join('\n')).toContain('raised to SEV1 by the customer');
    await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).some(
          (m) => m.subject.startsWith('[SEV1 PAGE]') && m.subject.includes('CSV export button')
        ),
      10_000,
      'page'
    );
    expect(await cf.services.paging.listOpenSev1Cases()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: raised.id })])
    );
    // The customer is told in their thread that a call is coming, and to which number.
    const notice = await eventually(
      async () =>
        (await readOutbox(cf.outboxDir)).find(
          (m) => m.to.includes('ops@globex.example') && m.text.includes('is now critical (Sev-1)')
        ),
      10_000,
      'raised-to-Sev-1 notice'
    );
    expect(notice.subject).toContain(String(raised.reference));
    expect(notice.text).toContain('will call you back at +48 600 300 400 within 15 minutes');
    expect(notice.headers['auto-submitted']).toBe('auto-replied');
  });
});
