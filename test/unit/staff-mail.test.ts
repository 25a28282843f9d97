import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { parseConfig } from '../../functions/config/load';
import {
  findStaff,
  parseStaffCommand,
  readConfirmation,
  signatureFor,
  stripQuotedHistory,
  unprovenSender,
} from '../../functions/domain/staff-mail';

const config = parseConfig(
  {
    ...demoConfig,
    oncall: {
      ...demoConfig.oncall,
      people: {
        ...demoConfig.oncall.people,
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

describe('proof of the sender', () => {
  const pass = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
  it('SES must prove the sender: an aligned DMARC pass, no spam or virus', () => {
    expect(unprovenSender(pass)).toBeNull();
    expect(unprovenSender({ ...pass, spf: 'FAIL' })).toBeNull();
    expect(unprovenSender({ ...pass, dmarc: 'FAIL' })).toMatch(/DMARC failed/);
    // The attacker's own SPF passes, but the From domain publishes no DMARC: nothing is proven.
    expect(unprovenSender({ ...pass, dmarc: 'GRAY' })).toMatch(/DMARC did not pass/);
    expect(unprovenSender({ ...pass, spf: 'GRAY', dkim: 'FAIL', dmarc: 'GRAY' })).toMatch(/not proven/);
    expect(unprovenSender({ ...pass, spam: 'FAIL' })).toMatch(/spam/);
    expect(unprovenSender({ ...pass, virus: 'FAIL' })).toMatch(/virus/);
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

describe('#resolve', () => {
  it('a first line #resolve proposes the rest as the resolution', () => {
    expect(parseStaffCommand('#resolve\nWe replaced the disk.')).toEqual({
      resolve: true,
      text: 'We replaced the disk.',
    });
    expect(parseStaffCommand('  #Resolve  \n\nDone')).toEqual({ resolve: true, text: 'Done' });
    expect(parseStaffCommand('We will #resolve it tomorrow')).toEqual({
      resolve: false,
      text: 'We will #resolve it tomorrow',
    });
  });
});

describe("reading the customer's answer to a proposed resolution", () => {
  it.each([
    'Tak, działa. Dziękuję!',
    'tak',
    'Potwierdzam, można zamknąć.',
    'Yes, thanks',
    'Confirmed.',
    'You can close it.',
    'No problem, you can close the ticket.',
    'Wszystko w porządku, dziękujemy',
    'Tak, nie ma już problemu',
    'It works now, thank you',
  ])('"%s" confirms', (text) => {
    expect(readConfirmation(text)).toBe('confirmed');
  });

  it.each([
    'Nie, nadal nie działa',
    'nie.',
    'No, it is still down',
    'Niestety dalej nie działa',
    'It does not work',
    'Not fixed yet',
    'Yes, but it still fails every hour',
    'Nie potwierdzam',
    'Please do not close, the problem persists',
    'Problem nadal występuje',
    'Nie wiem czy działa',
  ])('"%s" does not confirm', (text) => {
    expect(readConfirmation(text)).toBe('rejected');
  });

  it.each(['Thanks, I will check on Monday', 'What about the other server?', ''])(
    '"%s" is unclear (work goes on)',
    (text) => {
      expect(readConfirmation(text)).toBe('unclear');
    }
  );

  it('reads only the new part: a "yes" in the quoted proposal does not count', () => {
    expect(readConfirmation('Still broken.\n\nOn Mon, Support wrote:\n> reply "yes" or "confirmed"')).toBe(
      'rejected'
    );
    expect(readConfirmation('\nW dniu 1.12.2026 Support pisze:\n> odpowiedz „tak”')).toBe('unclear');
  });
});
