import { describe, expect, it } from 'vitest';
import { identifySender } from '../../functions/domain/directory';
import { detectLanguage, ownWords } from '../../functions/domain/mail-text';
import type { SenderVerdicts } from '../../functions/domain/sender-auth';
import { readOutage, triage } from '../../functions/domain/triage';
import { testConfig } from '../support/harness';

const config = testConfig();
const pass: SenderVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const channel = (purpose: string) => {
  const found = config.supportAddresses.find((a) => a.purpose === purpose);
  if (!found) throw new Error(purpose);
  return found;
};
const decide = (subject: string, text = '', purpose = 'general', from = 'ops@globex.example') =>
  triage({
    channel: channel(purpose),
    sender: identifySender(config, from),
    verdicts: pass,
    subject,
    text,
    outageKeywords: config.outageKeywords,
  });

describe('outage or not, in Polish and English (R-TRI-1…3, R-TRI-5)', () => {
  it.each([
    ['Awaria: API nie działa', '', true],
    ['Production API down', 'All requests fail with 503 since 09:12.', true],
    ['SMTP niedostępne', 'Od 10:05 żadna wiadomość nie wychodzi.', true],
    ['Serwer SMTP leży', '', true],
    ['Our API is not working', '', true],
    ['Pytanie', 'Cała platforma nie działa od rana.', true],
    ['Everything is down', '', true],
    ['Pytanie o fakturę', 'To nie jest awaria, tylko pytanie o fakturę.', false],
    ['Drobny błąd', 'Nie jest to pilne, ale eksport CSV nie działa.', false],
    ['Question', 'There is no outage, the dashboard is just slow.', false],
    ['Export issue', 'Not urgent: the CSV export button is not working.', false],
    ['Status', "The API isn't down, but some calls are slow.", false],
    ['Slow API', 'Some requests are unavailable from time to time.', false],
    ['Timeouts', 'Czasami API nie odpowiada, kilka zapytań na godzinę.', false],
    ['Report page', 'The export button in the panel is not working.', false],
    ['Pilne!', 'Prosimy o pilną zmianę adresu na fakturze.', false],
    ['Help', 'All our API calls return 503 since 10:00.', true],
    ['Wysyłka', 'Żadna wiadomość nie wychodzi, każde połączenie SMTP kończy się błędem.', true],
    ['Pomocy', 'Nic nie działa.', true],
    ['Errors', 'Not all requests fail, only a few with 500.', false],
    ['Invoice', 'All invoices show the wrong VAT rate.', false],
    ['Pilne', 'Od rana nie działa nam API.', true],
    ['Wysyłka', 'Nie możemy wysłać żadnych maili, każda próba kończy się błędem 451.', true],
    ['SMTP', 'SMTP: connection refused from all our servers.', true],
    ['Pytanie', 'Czy była wczoraj awaria API?', false],
    ['Question', 'Was there an outage last night?', false],
    ['List', 'I cannot see all emails in the list view.', false],
    // A customer's own server down is an L3 server problem, not R-TRI-1 unavailability (issue 11).
    ['Serwer leży', '', false],
    ['VPS vps-krk-03 nie odpowiada od 7:00', 'Sklep na nim nie działa, API i SMTP działają.', false],
    [
      'Dedicated server not booting',
      'Our dedicated server db-2 is not booting after a kernel update.',
      false,
    ],
    // Past, resolved or asked about afterwards: only current words report an outage (issue 11).
    ['RCA', "Please send an RCA for last night's API outage. It is over, API stable since 03:10.", false],
    ['Raport z awarii', 'Prosimy o raport z awarii API z 17.11 i przyczynę.', false],
    ['API down again', 'The API is down again, same as the outage we still await the RCA for.', true],
  ])('%s / %s → outage %s', (subject, text, outage) => {
    expect(readOutage(subject, text, config.outageKeywords).outage).toBe(outage);
    expect(decide(subject, text).reportedCritical).toBe(outage);
  });

  it('explains a negated outage in its reasons', () => {
    const d = decide('To nie jest awaria', 'Chcemy tylko zapytać o limity API.');
    expect(d.severity).toBe('NON_CRITICAL');
    expect(d.reasons.join(' ')).toContain('not an outage');
  });

  it('a calm mail to the hotline does not read as critical; a plain one does', () => {
    expect(decide('Question', 'Not urgent, just a question about limits.', 'sev1').reportedCritical).toBe(
      false
    );
    expect(decide('Help', '', 'sev1').reportedCritical).toBe(true);
  });

  it('judges a reply by its own words, not by the mail it quotes', () => {
    const reply =
      'Thanks, all good now.\n\nOn Mon, 16 Nov 2026 at 10:00, Ops <ops@globex.example> wrote:\n> API is down';
    expect(ownWords(reply)).toBe('Thanks, all good now.');
    expect(readOutage('Re: [CF-1] API is down', reply, []).outage).toBe(true); // the subject still says it
    expect(readOutage('Re: [CF-1] question', reply, []).outage).toBe(false);
    const wrapped =
      'Works now.\n\nOn Mon, 16 Nov 2026 at 10:00, Globex Operations <\nops@globex.example> wrote:\n\nAPI is down';
    expect(ownWords(wrapped)).toBe('Works now.');
  });
});

describe('team by category (R-TRI-4)', () => {
  it.each([
    ['Double charge', 'We were charged twice for November, please refund.', 'billing', 'L2_BILLING'],
    ['Faktura', 'Prosimy o korektę faktury za październik.', 'billing', 'L2_BILLING'],
    ['Bramka płatności', 'Płatności kartą są odrzucane przez bramkę płatniczą.', 'billing', 'L2_BILLING'],
    ['Credit', 'We ask for a service credit for the outage last week.', 'management', 'MANAGEMENT'],
    ['Rekompensata', 'Prosimy o rekompensatę za przestój 12.11 na fakturze.', 'management', 'MANAGEMENT'],
    [
      'Disk',
      'Please replace the failed disk in rack B4, remote hands needed.',
      'datacenter',
      'L2_DATACENTER',
    ],
    ['Serwerownia', 'Potrzebna wymiana zasilacza w serwerowni.', 'datacenter', 'L2_DATACENTER'],
    ['Firewall', 'Please open port 8443 on the firewall of our VPS.', 'sysadmin', 'L3_SYSADMIN'],
    [
      'Serwer dedykowany',
      'Prosimy o niestandardową konfigurację serwera dedykowanego.',
      'sysadmin',
      'L3_SYSADMIN',
    ],
    ['Question', 'How do I rotate my API key?', 'general', 'L1'],
    [
      'Rabat',
      'Czy możemy dostać rabat na przyszły rok? Potrzebna akceptacja zarządu.',
      'management',
      'MANAGEMENT',
    ],
    ['Reboot', 'Please do a hard reboot of our server via IPMI.', 'datacenter', 'L2_DATACENTER'],
    ['nginx', 'Prosimy o konfigurację nginx na naszym serwerze.', 'sysadmin', 'L3_SYSADMIN'],
  ])('%s → %s / %s on the general address', (subject, text, category, team) => {
    expect(decide(subject, text)).toMatchObject({ category, team });
  });

  it('a dedicated address keeps its team whatever the content says', () => {
    const d = decide('Firewall', 'Please open port 8443 on our VPS firewall.', 'billing');
    expect(d).toMatchObject({ team: 'L2_BILLING', category: 'sysadmin' });
    expect(d.reasons.join(' ')).toContain('the address decides');
  });

  it('a critical report stays with the 24/7 first line whatever its category', () => {
    expect(decide('VPS down', 'Our VPS is down, all requests fail.')).toMatchObject({
      severity: 'SEV1',
      team: 'L1',
      category: 'sysadmin',
    });
  });
});

describe('language', () => {
  it.each([
    ['Awaria', 'Dzień dobry, od rana nie działa wysyłka. Pozdrawiam', 'pl'],
    ['Pytanie o fakture', 'Dzien dobry, prosze o informacje, czy faktura jest juz wystawiona.', 'pl'],
    ['API down', 'Hello, since this morning the API is down. Regards', 'en'],
    ['Hi', '', 'en'],
    ['Awaria', '', 'pl'],
    ['Pytanie', 'Prosimy o fakturę.', 'pl'],
  ])('%s → %s', (subject, text, language) => {
    expect(detectLanguage(subject, text).language).toBe(language);
    expect(decide(subject, text).language).toBe(language);
  });
});
