import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import { findStaff, signatureFor, stripQuotedHistory } from '../../functions/domain/staff-mail';

const config = parseConfig(
  {
    ...demoConfig,
    oncall: {
      ...demoConfig.oncall,
      people: {
        piotr: {
          name: 'Piotr Zieliński',
          email: 'Piotr@support.example.com',
          signature: 'Piotr Zieliński\nL1 support engineer',
        },
      },
    },
  },
  'test'
);

describe('who is staff', () => {
  it('people, escalation levels, management and team mailboxes; never a support address or a customer', () => {
    expect(findStaff(config, 'piotr@support.example.com')).toEqual({
      email: 'piotr@support.example.com',
      name: 'Piotr Zieliński',
      signature: 'Piotr Zieliński\nL1 support engineer',
    });
    expect(findStaff(config, 'ONCALL-PRIMARY@support.example.com')?.email).toBe(
      'oncall-primary@support.example.com'
    );
    expect(findStaff(config, 'management@support.example.com')).not.toBeNull();
    const team = Object.values(config.teams)[0];
    expect(team && findStaff(config, team.email)).not.toBeNull();
    expect(findStaff(config, 'support@support.example.com')).toBeNull();
    expect(findStaff(config, 'anna.nowak@acme.example')).toBeNull();
  });

  it('signs with the configured signature, else name (or address) and the desk', () => {
    const piotr = findStaff(config, 'piotr@support.example.com');
    expect(signatureFor(piotr, 'piotr@support.example.com', 'Acme Support')).toBe(
      'Piotr Zieliński\nL1 support engineer'
    );
    const primary = findStaff(config, 'oncall-primary@support.example.com');
    expect(signatureFor(primary, 'oncall-primary@support.example.com', 'Support')).toBe(
      'oncall-primary@support.example.com\nSupport'
    );
  });
});

describe('quoted history', () => {
  it.each([
    ['Gmail', 'Restart done.\n\nOn Mon, 14 Dec 2026 at 10:00, Anna <anna@acme.example> wrote:\n> it is down'],
    [
      'Gmail, wrapped',
      'Restart done.\n\nOn Mon, 14 Dec 2026 at 10:00, Anna Nowak <\nanna.nowak@acme.example> wrote:\n> x',
    ],
    ['Thunderbird pl', 'Restart done.\n\nW dniu 14.12.2026 o 10:00, Anna Nowak pisze:\n> nie działa'],
    [
      'Outlook pl',
      'Restart done.\n\n________________________________\nOd: Anna Nowak <anna@acme.example>\nWysłane: poniedziałek',
    ],
    ['Outlook en', 'Restart done.\n\n-----Original Message-----\nFrom: Anna\nSent: Monday'],
    ['plain quote', 'Restart done.\n> quoted'],
    ['own signature', 'Restart done.\n-- \nJan\n+48 600'],
  ])('%s: only the new text is kept', (_client, text) => {
    expect(stripQuotedHistory(text)).toBe('Restart done.');
  });

  it('keeps everything when nothing is quoted, and CRLF mail reads the same', () => {
    expect(stripQuotedHistory('Line one\r\nLine two\r\n')).toBe('Line one\nLine two');
  });
});
