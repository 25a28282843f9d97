import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostalMimeCodec } from '../../functions/adapters/mime';
import { classifyAutomatedMail } from '../../functions/domain/automated-mail';

const FIXTURES = join(import.meta.dirname, '../fixtures/mail');
const own = ['support@support.example.com', 'sev1@support.example.com'];
const codec = new PostalMimeCodec();

async function classifyFixture(file: string, envelopeFrom?: string) {
  const parsed = await codec.parse(await readFile(join(FIXTURES, file)));
  const from = parsed.from?.address ?? '';
  return classifyAutomatedMail({
    headers: parsed.headers,
    from,
    envelopeFrom: envelopeFrom ?? from,
    ownAddresses: own,
  });
}

const person = (headers: Record<string, string>, from = 'anna@acme.example', envelopeFrom = from) =>
  classifyAutomatedMail({
    headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
    from,
    envelopeFrom,
    ownAddresses: own,
  });

describe('automated mail (RFC 3834)', () => {
  it.each([
    ['auto-ooo-outlook.eml', 'auto-submitted'],
    ['auto-vacation-gmail.eml', 'auto-submitted'],
    ['auto-x-autoreply.eml', 'auto-responder'],
    ['auto-precedence-bulk.eml', 'bulk'],
    ['auto-mailing-list.eml', 'mailing-list'],
    ['auto-noreply-sender.eml', 'system-sender'],
    ['auto-read-receipt.eml', 'report'],
    ['dsn-postfix-rfc3464.eml', 'auto-submitted'],
    ['dsn-exchange-headers-only.eml', 'report'],
  ])('%s is automated (%s)', async (file, kind) => {
    expect(await classifyFixture(file)).toMatchObject({ kind });
  });

  it('a person writing, even with Auto-Submitted: no, is not automated', async () => {
    expect(await classifyFixture('auto-human-auto-submitted-no.eml')).toBeNull();
    expect(person({ subject: 'Hello' })).toBeNull();
    expect(person({ 'auto-submitted': 'No ; comment' })).toBeNull();
  });

  it('reads Auto-Submitted keywords and parameters', () => {
    expect(person({ 'auto-submitted': 'auto-generated' })?.reason).toBe('Auto-Submitted: auto-generated');
    expect(person({ 'auto-submitted': 'auto-replied; owner-email="a@b"' })?.kind).toBe('auto-submitted');
    expect(person({ 'auto-submitted': 'auto-notified' })?.kind).toBe('auto-submitted');
  });

  it.each([['bulk'], ['junk'], ['list'], ['BULK']])('Precedence: %s is bulk mail', (value) => {
    expect(person({ precedence: value })?.kind).toBe('bulk');
  });

  it('Precedence: first-class is a person', () => {
    expect(person({ precedence: 'first-class' })).toBeNull();
  });

  it.each([
    'MAILER-DAEMON@mx.example',
    'postmaster@acme.example',
    'no-reply@vendor.example',
    'noreply@vendor.example',
    'do-not-reply@vendor.example',
    'donotreply@vendor.example',
    'no_reply+alerts@vendor.example',
  ])('%s is a system sender', (from) => {
    expect(person({}, from)?.kind).toBe('system-sender');
  });

  it('the null envelope sender marks a delivery report', () => {
    expect(person({}, 'anna@acme.example', '')?.kind).toBe('null-sender');
    expect(person({}, 'anna@acme.example', '<>')?.kind).toBe('null-sender');
  });

  it('our own support addresses, in From or the envelope, are our own mail coming back', () => {
    expect(person({}, 'SUPPORT@support.example.com')?.kind).toBe('own-address');
    expect(person({}, 'anna@acme.example', 'sev1@support.example.com')?.kind).toBe('own-address');
  });

  it('a postmaster only in the envelope of a normal mail still counts', () => {
    expect(person({}, 'anna@acme.example', 'postmaster@acme.example')?.kind).toBe('system-sender');
  });
});
