import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifySender } from '../../functions/domain/directory';
import { assessReport, REPORT_FIELDS } from '../../functions/domain/report-completeness';
import type { SenderVerdicts } from '../../functions/domain/sender-auth';
import { triage } from '../../functions/domain/triage';
import { testConfig } from '../support/harness';

const config = testConfig();
const verdict = fc.constantFrom('PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED');
const verdicts: fc.Arbitrary<SenderVerdicts> = fc.record({
  spf: verdict,
  dkim: verdict,
  dmarc: verdict,
  spam: verdict,
  virus: verdict,
});
/** Mail-like text: real triage words, Polish letters, quotes and line breaks among random noise. */
const words = fc.constantFrom(
  'awaria',
  'nie',
  'działa',
  'API',
  'is down',
  'not',
  'urgent',
  'pilne',
  '> quoted',
  '\n',
  '\n-- \n',
  'faktura',
  'VPS',
  'Żółć',
  'On Mon wrote:',
  '503',
  'all',
  'requests',
  'fail'
);
const text = fc
  .array(fc.oneof(words, fc.string({ maxLength: 12 })), { maxLength: 60 })
  .map((w) => w.join(' '));

describe('triage never fails and never pages against its rules (fuzz)', () => {
  it('any subject, body, sender, address and verdicts: a decision with reasons; paging only for an authenticated designated contact on a Sev-1 plan', () => {
    fc.assert(
      fc.property(
        text,
        text,
        fc.constantFrom(
          'ops@globex.example',
          'anna.nowak@acme.example',
          'jan@globex.example',
          'x@else.example'
        ),
        fc.constantFrom(...config.supportAddresses),
        verdicts,
        (subject, body, from, channel, v) => {
          const sender = identifySender(config, from);
          const d = triage({
            channel,
            sender,
            verdicts: v,
            subject,
            text: body,
            outageKeywords: config.outageKeywords,
          });
          expect(d.reasons.length).toBeGreaterThan(0);
          if (d.pagesOnCall) {
            expect(sender.status).toBe('DESIGNATED');
            expect(sender.plan?.sev1Callback).toBeTruthy();
            // Only an aligned DMARC pass proves the From address.
            expect(v.dmarc).toBe('PASS');
            expect(v.spam).not.toBe('FAIL');
            expect(v.virus).not.toBe('FAIL');
          }
          const r = assessReport({
            subject,
            text: body,
            fromName: null,
            attachmentCount: 0,
            category: d.category ?? 'general',
          });
          expect([...r.present, ...r.missing].sort()).toEqual(r.bugReport ? [...REPORT_FIELDS].sort() : []);
        }
      ),
      { numRuns: 500 }
    );
  });

  it('reads a megabyte of pasted log in well under a second', () => {
    const log = `API is down\n${'2026-11-20 10:00:00 ERROR request failed id=abc123 '.repeat(20_000)}`;
    const started = performance.now();
    const d = triage({
      channel: config.supportAddresses[0]!,
      sender: identifySender(config, 'ops@globex.example'),
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      subject: 'Logs',
      text: log,
      outageKeywords: config.outageKeywords,
    });
    expect(d.severity).toBe('SEV1');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
