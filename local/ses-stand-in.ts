import { randomBytes } from 'node:crypto';
import type { SESEvent } from 'aws-lambda';

/**
 * What SES receiving adds to a mail, done locally: verdict headers on the stored MIME and the
 * Lambda-action event. On AWS the verdicts come from SES alone; locally each SES verdict header
 * found at the top of the mail is honoured (mail replayed from an SES bucket carries them), the rest
 * are PASS.
 */

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface Verdicts {
  spam: Verdict;
  virus: Verdict;
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
}

export interface HeaderField {
  name: string;
  value: string;
}

/** SES message ids are opaque lowercase tokens; ours are 40 random hex characters. */
export function newSesMessageId(): string {
  return randomBytes(20).toString('hex');
}

/** The header section of raw MIME as name/value pairs, unfolded, in order. */
export function readHeaders(raw: Buffer): { headers: HeaderField[]; headerBytes: number } {
  let end = raw.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) {
    end = raw.indexOf('\n\n');
    sep = 2;
  }
  const headerBytes = end < 0 ? raw.length : end + sep;
  const text = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const headers: HeaderField[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) {
      const last = headers[headers.length - 1];
      if (last) last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { headers, headerBytes };
}

const VERDICT = /^(PASS|FAIL|GRAY|PROCESSING_FAILED|DISABLED)$/i;

/**
 * Verdicts from SES headers at the top of the mail (replayed SES mail, or a test that sets one):
 * each of `X-SES-Spam-Verdict`, `X-SES-Virus-Verdict` and `Authentication-Results: amazonses.com;`
 * found there is honoured on its own; what is missing is PASS. null when none is there.
 */
export function verdictsFromHeaders(headers: HeaderField[]): Verdicts | null {
  // Only the topmost block counts: headers further down could have been written by anyone.
  const top = headers.slice(0, 12);
  const verdict = (name: string): Verdict | undefined => {
    const value = top.find((h) => h.name.toLowerCase() === name)?.value.trim();
    return value && VERDICT.test(value) ? (value.toUpperCase() as Verdict) : undefined;
  };
  const spam = verdict('x-ses-spam-verdict');
  const virus = verdict('x-ses-virus-verdict');
  const auth = top.find(
    (h) => h.name.toLowerCase() === 'authentication-results' && /^amazonses\.com;/i.test(h.value)
  )?.value;
  if (!spam && !virus && !auth) return null;
  const method = (m: string): Verdict => {
    if (!auth) return 'PASS';
    const value = new RegExp(`\\b${m}=(\\w+)`, 'i').exec(auth)?.[1]?.toUpperCase();
    if (!value) return 'GRAY';
    if (value === 'NONE' || value === 'NEUTRAL') return 'GRAY';
    if (value === 'TEMPERROR' || value === 'PERMERROR') return 'PROCESSING_FAILED';
    return value === 'PASS' ? 'PASS' : value === 'FAIL' ? 'FAIL' : 'GRAY';
  };
  return {
    spam: spam ?? 'PASS',
    virus: virus ?? 'PASS',
    spf: method('spf'),
    dkim: method('dkim'),
    dmarc: method('dmarc'),
  };
}

export const ALL_PASS: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

/** The headers SES prepends to the stored mail. */
export function sesReceiptHeaders(
  v: Verdicts,
  envelopeFrom: string,
  fromDomain: string,
  receivedAt: Date
): string {
  const lower = (s: string) => s.toLowerCase();
  return [
    `Return-Path: <${envelopeFrom}>`,
    `Received: from localhost by caseflow-local-ses with SMTP; ${receivedAt.toUTCString()}`,
    `X-SES-Spam-Verdict: ${v.spam}`,
    `X-SES-Virus-Verdict: ${v.virus}`,
    `Authentication-Results: amazonses.com; spf=${lower(v.spf)} smtp.mailfrom=${envelopeFrom}; dkim=${lower(v.dkim)} header.i=@${fromDomain}; dmarc=${lower(v.dmarc)} header.from=${fromDomain};`,
    '',
  ].join('\r\n');
}

const pick = (headers: HeaderField[], name: string) =>
  headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);

/** The event SES gives a receipt rule's Lambda action (see research/ses-lambda-action-event.json). */
export function sesLambdaEvent(input: {
  messageId: string;
  receivedAt: Date;
  envelopeFrom: string;
  recipients: string[];
  headers: HeaderField[];
  verdicts: Verdicts;
  functionArn: string;
  processingTimeMillis: number;
}): SESEvent {
  const { headers } = input;
  const first = (name: string) => pick(headers, name)[0];
  const timestamp = input.receivedAt.toISOString();
  const status = (s: Verdict) => ({ status: s });
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp,
            source: input.envelopeFrom,
            messageId: input.messageId,
            destination: input.recipients,
            headersTruncated: false,
            headers,
            commonHeaders: {
              returnPath: input.envelopeFrom,
              from: pick(headers, 'from'),
              to: pick(headers, 'to'),
              date: first('date') ?? '',
              messageId: first('message-id') ?? '',
              subject: first('subject'),
            },
          },
          receipt: {
            timestamp,
            processingTimeMillis: input.processingTimeMillis,
            recipients: input.recipients,
            spamVerdict: status(input.verdicts.spam),
            virusVerdict: status(input.verdicts.virus),
            spfVerdict: status(input.verdicts.spf),
            dkimVerdict: status(input.verdicts.dkim),
            dmarcVerdict: status(input.verdicts.dmarc),
            action: { type: 'Lambda', functionArn: input.functionArn, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}
