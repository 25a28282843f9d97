import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PostalMimeCodec } from '../../functions/adapters/mime';
import { automatedMailReason } from '../../functions/domain/automated-mail';
import { identifySender } from '../../functions/domain/directory';
import { assessReport } from '../../functions/domain/report-completeness';
import { assessSenderTrust } from '../../functions/domain/sender-trust';
import { triage, triageReply } from '../../functions/domain/triage';
import { ALL_PASS, readHeaders, verdictsFromHeaders } from '../../local/ses-stand-in';
import { testConfig } from '../support/harness';

/**
 * The curated corpus (test/fixtures/mail, README there): every fixture parsed with the real codec,
 * its sender identified with the demo configuration, its SES verdicts read from its own headers,
 * then triaged and assessed for completeness as intake does. Prints precision and recall of
 * critical-report and Sev-1 paging detection.
 */

interface Expected {
  severity: 'SEV1' | 'NON_CRITICAL';
  team: string;
  category: string;
  contactStatus: string;
  pages: boolean;
  critical: boolean;
  autoReply: boolean;
  bounce: boolean;
  threadOf: string | null;
  missing: string[];
  language: 'pl' | 'en';
  recipient?: string;
  note?: string;
}

const dir = join(__dirname, '../fixtures/mail');
const expected: Record<string, Expected> = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const config = testConfig();
const codec = new PostalMimeCodec();
const general = config.supportAddresses.find((a) => a.purpose === 'general')!;

async function judge(raw: Buffer, label: Expected) {
  const parsed = await codec.parse(raw);
  const verdicts = verdictsFromHeaders(readHeaders(raw).headers) ?? ALL_PASS;
  const channel = config.supportAddresses.find((a) => a.address === label.recipient) ?? general;
  const from = parsed.from?.address ?? '';
  // The directory's answer checked against the verdicts and look-alike domains, as intake does.
  const identified = identifySender(config, from);
  const sender = { ...identified, status: assessSenderTrust(config, identified, from, verdicts).status };
  const automated = automatedMailReason(parsed.headers, from, parsed.subject);
  const input = {
    automated,
    channel,
    sender,
    verdicts,
    subject: parsed.subject,
    text: parsed.text,
    outageKeywords: config.outageKeywords,
  };
  const decision = triage(input);
  const report = assessReport({
    subject: parsed.subject,
    text: parsed.text,
    fromName: parsed.from?.name ?? null,
    attachmentCount: parsed.attachments.filter((a) => a.disposition !== 'inline').length,
    category: decision.category ?? 'general',
    automated,
  });
  return { parsed, sender, decision, report, input };
}

const read = (file: string) => readFileSync(join(dir, file));
type Outcome = {
  file: string;
  critical: [boolean, boolean];
  sev1: [boolean, boolean];
  pages: [boolean, boolean];
};
const outcomes: Outcome[] = [];

/** True/false positives and negatives of one detection over the judged fixtures. */
function score(pick: (o: Outcome) => [boolean, boolean]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const o of outcomes) {
    const [want, got] = pick(o);
    if (want && got) tp++;
    else if (!want && got) fp++;
    else if (want && !got) fn++;
  }
  return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

describe('the fixture corpus', () => {
  it('has at least 40 fixtures, one label per file', async () => {
    const { readdirSync } = await import('node:fs');
    // `auto-*` and `dsn-*` are samples of the automated-mail and bounce parsers, tested by their own files.
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml') && !/^(auto|dsn)-/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(72);
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  const fresh = Object.entries(expected).filter(([, e]) => !e.threadOf);
  it.each(fresh)('%s', async (file, label) => {
    const { sender, decision, report } = await judge(read(file), label);
    outcomes.push({
      file,
      critical: [label.critical, decision.reportedCritical],
      sev1: [label.severity === 'SEV1', decision.severity === 'SEV1'],
      pages: [label.pages, decision.pagesOnCall],
    });
    const why = decision.reasons.join('\n');
    expect(
      {
        severity: decision.severity,
        team: decision.team,
        category: decision.category,
        contactStatus: sender.status,
        pages: decision.pagesOnCall,
        critical: decision.reportedCritical,
        language: decision.language,
        missing: report.missing,
      },
      `${why}\n${report.reasons.join('\n')}`
    ).toEqual({
      severity: label.severity,
      team: label.team,
      category: label.category,
      contactStatus: label.contactStatus,
      pages: label.pages,
      critical: label.critical,
      language: label.language,
      missing: label.missing,
    });
  });

  const replies = Object.entries(expected).filter(([, e]) => e.threadOf);
  it.each(replies)('%s joins its thread with the labels of that case', async (file, label) => {
    const thread = expected[label.threadOf!]!;
    const pick = (e: Expected) => ({
      team: e.team,
      category: e.category,
      contactStatus: e.contactStatus,
      language: e.language,
      missing: e.missing,
    });
    expect(pick(label)).toEqual(pick(thread));
    // The case's severity after the reply: raised only when the reply itself reads as Sev-1.
    const first = await judge(read(label.threadOf!), thread);
    const reply = await judge(read(file), label);
    const raised =
      first.decision.severity !== 'SEV1' && !label.bounce
        ? triageReply(reply.input, first.parsed.subject)
        : null;
    const severity = raised?.severity === 'SEV1' ? 'SEV1' : first.decision.severity;
    const pages = raised?.pagesOnCall === true || first.decision.pagesOnCall;
    expect({ severity, pages }, raised?.reasons.join('\n')).toEqual({
      severity: label.severity,
      pages: label.pages,
    });
  });

  it.each(Object.entries(expected))(
    '%s: machine-written exactly when labelled autoReply',
    async (file, label) => {
      const parsed = await codec.parse(read(file));
      const reason = automatedMailReason(parsed.headers, parsed.from?.address ?? '', parsed.subject);
      expect(reason !== null, reason ?? 'not automated').toBe(label.autoReply);
    }
  );

  it('a DMARC failure turns a paging Sev-1 into a non-paging case that says why', async () => {
    const file = '33-gmail-globex-outage-ses-pass-en.eml';
    const raw = read(file);
    const before = await judge(raw, expected[file]!);
    expect(before.decision).toMatchObject({ severity: 'SEV1', pagesOnCall: true });
    const forged = Buffer.from(raw.toString('latin1').replace('dmarc=pass', 'dmarc=fail'), 'latin1');
    const after = await judge(forged, expected[file]!);
    expect(after.decision).toMatchObject({
      severity: 'NON_CRITICAL',
      pagesOnCall: false,
      reportedCritical: true,
      senderAuthenticated: false,
    });
    expect(after.decision.reasons.join(' ')).toContain('DMARC failed for the From domain');
  });

  it('Sev-1 detection over the new-case fixtures: precision and recall both 1.0', () => {
    const fresh = Object.values(expected).filter((e) => !e.threadOf);
    expect(outcomes).toHaveLength(fresh.length);
    const sev1 = score((o) => o.sev1);
    expect(sev1.tp).toBeGreaterThan(0);
    expect(
      { precision: sev1.precision, recall: sev1.recall },
      `false positives: ${outcomes.filter((o) => !o.sev1[0] && o.sev1[1]).map((o) => o.file)}; false negatives: ${outcomes.filter((o) => o.sev1[0] && !o.sev1[1]).map((o) => o.file)}`
    ).toEqual({ precision: 1, recall: 1 });
  });

  afterAll(() => {
    const row = (pick: (o: Outcome) => [boolean, boolean]) => {
      const { tp, fp, fn, precision, recall } = score(pick);
      return {
        true_pos: tp,
        false_pos: fp,
        false_neg: fn,
        precision: precision.toFixed(3),
        recall: recall.toFixed(3),
      };
    };
    console.log(`Sev-1 detection on ${outcomes.length} new-case fixtures of test/fixtures/mail:`);
    console.table({
      'reads as critical (outage report)': row((o) => o.critical),
      'severity SEV1 (critical, proven contact)': row((o) => o.sev1),
      'pages on-call (plan with the callback)': row((o) => o.pages),
    });
  });
});
