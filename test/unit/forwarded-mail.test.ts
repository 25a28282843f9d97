import { describe, expect, it } from 'vitest';
import {
  findForwardedMessage,
  forwardedSubject,
  parseForwardedFrom,
} from '../../functions/domain/forwarded-mail';

const body = 'Hi, our API keys stopped working this morning.\nAnna';

describe('a forwarded message in the text of a mail', () => {
  it.each([
    [
      'Gmail (en)',
      `FYI, she wrote to me directly.\n\n---------- Forwarded message ---------\nFrom: Anna Nowak <anna.nowak@acme.example>\nDate: Sun, 22 Nov 2026 at 10:00\nSubject: API keys not working\nTo: Jan <jan@support.example.com>\n\n${body}\n`,
    ],
    [
      'Gmail (pl)',
      `FYI, she wrote to me directly.\n\n---------- Wiadomość przekazana ---------\nOd: Anna Nowak <anna.nowak@acme.example>\nDate: niedz., 22 lis 2026 o 10:00\nSubject: API keys not working\nTo: Jan <jan@support.example.com>\n\n${body}`,
    ],
    [
      'Outlook desktop',
      `FYI, she wrote to me directly.\n\n-----Original Message-----\nFrom: Anna Nowak [mailto:anna.nowak@acme.example]\nSent: Sunday, November 22, 2026 10:00 AM\nTo: Jan\nSubject: API keys not working\n\n${body}`,
    ],
    [
      'Outlook 365 (pl)',
      `FYI, she wrote to me directly.\n\n________________________________\nOd: Anna Nowak <anna.nowak@acme.example>\nWysłano: niedziela, 22 listopada 2026 10:00\nDo: Jan <jan@support.example.com>\nTemat: API keys not working\n\n${body}`,
    ],
    [
      'Apple Mail',
      `FYI, she wrote to me directly.\n\nBegin forwarded message:\n\nFrom: "Anna Nowak" <anna.nowak@acme.example>\nSubject: API keys not working\nDate: 22 November 2026 at 10:00:00 CET\nTo: jan@support.example.com\n\n${body}`,
    ],
    [
      'Thunderbird (pl)',
      `FYI, she wrote to me directly.\n\n-------- Przekazana wiadomość --------\nTemat: \tAPI keys not working\nData: \tSun, 22 Nov 2026 10:00:00 +0100\nOd: \tAnna Nowak <anna.nowak@acme.example>\nDo: \tjan@support.example.com\n\n${body}`,
    ],
    [
      'HTML-only Gmail, as text',
      `FYI, she wrote to me directly.\n\n---------- Forwarded message ---------\n*From:* Anna Nowak <anna.nowak@acme.example>\n*Date:* Sun, 22 Nov 2026\n*Subject:* API keys not working\n*To:* jan@support.example.com\n\n${body}`,
    ],
  ])('%s', (_client, text) => {
    const found = findForwardedMessage(text);
    expect(found).toMatchObject({
      from: { address: 'anna.nowak@acme.example', name: 'Anna Nowak' },
      subject: 'API keys not working',
      text: body,
      note: 'FYI, she wrote to me directly.',
    });
    expect(found?.date).toBeTruthy();
  });

  it('a message/rfc822 part, as the MIME parser inlines it', () => {
    const text =
      'Please see below.\n\n\n-------------------------------\nFrom:    billing@vendor.example\nSubject: Invoice 123\n-------------------------------\n\nAmount due 100 PLN\n';
    expect(findForwardedMessage(text)).toMatchObject({
      from: { address: 'billing@vendor.example', name: null },
      subject: 'Invoice 123',
      text: 'Amount due 100 PLN',
      note: 'Please see below.',
    });
  });

  it('finds nothing in a mail that forwards nothing, or whose block names no sender', () => {
    expect(findForwardedMessage('Hello,\n\n-- \nJan\nSupport')).toBeNull();
    expect(findForwardedMessage('Results:\n------------\nmean: 4\nmax: 9\n')).toBeNull();
    expect(
      findForwardedMessage('---------- Forwarded message ---------\nSubject: x\nTo: y\n\nbody')
    ).toBeNull();
  });

  it('reads the sender forms clients write', () => {
    expect(parseForwardedFrom('ANNA@ACME.EXAMPLE')).toEqual({ address: 'anna@acme.example', name: null });
    expect(parseForwardedFrom('Nowak, Anna <anna@acme.example>')).toEqual({
      address: 'anna@acme.example',
      name: 'Nowak, Anna',
    });
    expect(parseForwardedFrom('Jan')).toBeNull();
  });

  it('keeps the forwarded subject, else strips the forward prefixes', () => {
    const found = findForwardedMessage(
      '-----Original Message-----\nFrom: a@acme.example\nSent: today\n\ntext'
    )!;
    expect(forwardedSubject(found, 'Fwd: FW: PD: Awaria')).toBe('Awaria');
    expect(forwardedSubject({ ...found, subject: 'Original' }, 'Fwd: Other')).toBe('Original');
  });
});
