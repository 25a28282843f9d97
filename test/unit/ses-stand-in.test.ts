import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inboundMailFromSes, SesEventSchema } from '../../functions/adapters/aws/ses-receipt-event';
import {
  ALL_PASS,
  readHeaders,
  sesLambdaEvent,
  sesReceiptHeaders,
  verdictsFromHeaders,
} from '../../local/ses-stand-in';

const awsSample = JSON.parse(
  readFileSync(new URL('../fixtures/ses-lambda-action-event.json', import.meta.url), 'utf8')
);

describe('the SES event (local stand-in and intake agree with AWS)', () => {
  it('intake accepts the event AWS documents', () => {
    const { Records } = SesEventSchema.parse(awsSample);
    const mail = inboundMailFromSes(Records[0]!, 'inbound/');
    expect(mail).toMatchObject({
      rawKey: `inbound/${awsSample.Records[0].ses.mail.messageId}`,
      recipients: ['recipient@example.com'],
    });
    expect(mail.verdicts).toEqual({ spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' });
  });

  it('the stand-in builds an event of the same shape', () => {
    const raw = Buffer.from(
      'From: A <a@x.example>\r\nTo: s@support.example.com\r\nSubject: Hi\r\nMessage-ID: <1@x>\r\n\r\nbody'
    );
    const event = sesLambdaEvent({
      messageId: 'abc123',
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      envelopeFrom: 'a@x.example',
      recipients: ['s@support.example.com'],
      headers: readHeaders(raw).headers,
      verdicts: ALL_PASS,
      functionArn: 'arn:aws:lambda:local:0:function:f',
      processingTimeMillis: 1,
    });
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(event.Records[0]!.ses.mail)).toEqual(keys(awsSample.Records[0].ses.mail));
    expect(keys(event.Records[0]!.ses.receipt)).toEqual(keys(awsSample.Records[0].ses.receipt));
    expect(SesEventSchema.parse(event).Records[0]?.ses.mail.messageId).toBe('abc123');
  });

  it('reads verdicts only from SES headers at the top of a mail', () => {
    const top = sesReceiptHeaders({ ...ALL_PASS, dmarc: 'FAIL' }, 'a@x.example', 'x.example', new Date());
    const replayed = Buffer.from(`${top}From: a@x.example\r\nSubject: s\r\n\r\nbody`);
    expect(verdictsFromHeaders(readHeaders(replayed).headers)).toMatchObject({ dmarc: 'FAIL', spf: 'PASS' });
    const buried = Buffer.from(`From: a@x.example\r\n${'X-Filler: 1\r\n'.repeat(20)}${top}\r\nbody`);
    expect(verdictsFromHeaders(readHeaders(buried).headers)).toBeNull();
    expect(verdictsFromHeaders(readHeaders(Buffer.from('From: a@x\r\n\r\nbody')).headers)).toBeNull();
  });

  it('honours each SES verdict header found at the top on its own; the missing ones are PASS', () => {
    const lone = Buffer.from('X-SES-Spam-Verdict: FAIL\r\nFrom: a@x.example\r\nSubject: s\r\n\r\nbody');
    expect(verdictsFromHeaders(readHeaders(lone).headers)).toEqual({ ...ALL_PASS, spam: 'FAIL' });
    const virus = Buffer.from('X-SES-Virus-Verdict: fail\r\nFrom: a@x.example\r\n\r\nbody');
    expect(verdictsFromHeaders(readHeaders(virus).headers)).toEqual({ ...ALL_PASS, virus: 'FAIL' });
    const auth = Buffer.from(
      'Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=a@x.example; dkim=pass header.i=@x.example; dmarc=fail header.from=x.example;\r\nFrom: a@x.example\r\n\r\nbody'
    );
    expect(verdictsFromHeaders(readHeaders(auth).headers)).toEqual({
      ...ALL_PASS,
      spf: 'FAIL',
      dmarc: 'FAIL',
    });
  });

  it('unfolds folded headers', () => {
    const { headers } = readHeaders(Buffer.from('Subject: one\r\n two\r\nTo: x\r\n\r\n'));
    expect(headers).toEqual([
      { name: 'Subject', value: 'one two' },
      { name: 'To', value: 'x' },
    ]);
  });
});
