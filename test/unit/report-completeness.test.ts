import { describe, expect, it } from 'vitest';
import { acknowledgementFor } from '../../functions/domain/acknowledgement';
import type { CaseRecord } from '../../functions/domain/case';
import { assessReport } from '../../functions/domain/report-completeness';
import { newSev1State } from '../../functions/domain/sev1';
import { caseRecord } from '../support/case-record';
import { testConfig } from '../support/harness';

const config = testConfig();
const plan = (name: string) => ({ ...config.plans[name]!, name });
const assess = (subject: string, text: string, fromName: string | null = null, attachmentCount = 0) =>
  assessReport({ subject, text, fromName, attachmentCount, category: 'general' });

describe('bug-report completeness (R-IN-5)', () => {
  it('finds every item of a complete English report', () => {
    const r = assess(
      'Webhook payload missing field',
      [
        'Hello,',
        'Since 2026-11-20 09:40 CET the order.created webhook arrives without the "email" field.',
        'Expected: the payload carries email as documented; actual: the field is absent.',
        'We use the PHP SDK version 3.2.1 on Ubuntu 22.04.',
        'Example request id: 7f3c2a9e-1b2d-4c5e-9f00-aa11bb22cc33. Category: non-critical.',
        '',
        'Best regards,',
        'John Smith',
      ].join('\n')
    );
    expect(r).toMatchObject({ bugReport: true, missing: [] });
  });

  it('lists what a short Polish report lacks', () => {
    const r = assess('Błąd w panelu', 'Dzień dobry, w panelu pojawia się błąd przy zapisie kampanii.');
    expect(r.bugReport).toBe(true);
    expect(r.missing).toEqual(['reporter', 'device', 'firstNoticed', 'description', 'data', 'category']);
  });

  it('counts attachments, From names and Polish dates', () => {
    const r = assess(
      'Błąd importu',
      'Od wczoraj import CSV zwraca błąd zamiast dodać kontakty. Windows 11, Chrome 131.',
      'Jan Kowalski',
      1
    );
    expect(r.present).toEqual(['reporter', 'device', 'firstNoticed', 'description', 'data']);
    expect(r.missing).toEqual(['category']);
  });

  it('asks nothing of questions and billing matters', () => {
    expect(assess('Question', 'How do I rotate my API key?').bugReport).toBe(false);
    expect(
      assessReport({
        subject: 'Invoice error',
        text: 'The invoice has a wrong VAT number.',
        fromName: null,
        attachmentCount: 0,
        category: 'billing',
      })
    ).toMatchObject({ bugReport: false, missing: [] });
  });
});

/** The shared case with the names these acknowledgements quote. */
const caseOf = (patch: Partial<CaseRecord>) =>
  caseRecord({
    reference: 'CF-7',
    customerName: 'Acme Sp. z o.o.',
    requester: { email: 'anna.nowak@acme.example', name: 'Anna Nowak', phone: '+48 600 100 200' },
    originMessageId: null,
    ...patch,
  });

describe('the acknowledgement asks for what is missing, in the customer language (R-IN-5, R-IN-6)', () => {
  it('asks in English', () => {
    const ack = acknowledgementFor(
      caseOf({ language: 'en', report: { present: ['reporter'], missing: ['device', 'data'] } }),
      plan('STANDARD')
    );
    expect(ack.text).toContain(
      'please reply with:\n- the device, operating system and its version\n- the data'
    );
    expect(ack.text).not.toContain('the name of the person');
  });

  it('asks in Polish, and the whole acknowledgement is Polish', () => {
    const ack = acknowledgementFor(
      caseOf({ language: 'pl', report: { present: [], missing: ['firstNoticed', 'category'] } }),
      plan('STANDARD')
    );
    expect(ack.subject).toBe('[CF-7] Problem');
    expect(ack.text).toContain('Dzień dobry');
    expect(ack.text).toContain('założyliśmy zgłoszenie CF-7');
    expect(ack.text).toContain(
      '- datę i godzinę, kiedy problem zauważono po raz pierwszy\n- kategorię błędu'
    );
    expect(ack.text).not.toMatch(/\bplease\b/i);
  });

  it('a Sev-1 acknowledgement confirms the number we will call and asks nothing else', () => {
    const sev1 = newSev1State('2026-11-20T10:00:00.000Z', 15);
    const c = caseOf({
      severity: 'SEV1',
      sev1,
      plan: 'ENTERPRISE',
      customerName: 'Globex S.A.',
      requester: { email: 'ops@globex.example', name: 'Globex Operations', phone: '+48 600 300 400' },
      report: { present: [], missing: ['device'] },
    });
    const en = acknowledgementFor({ ...c, language: 'en' }, plan('ENTERPRISE')).text;
    expect(en).toContain(
      'Recorded for the callback: Globex S.A., Globex Operations, +48 600 300 400, ops@globex.example.'
    );
    expect(en).not.toContain('please reply with:');
    const pl = acknowledgementFor({ ...c, language: 'pl' }, plan('ENTERPRISE')).text;
    expect(pl).toContain('oddzwoni pod numer +48 600 300 400 w ciągu 15 minut');
    const noPhone = acknowledgementFor(
      { ...c, language: 'en', requester: { ...c.requester, phone: null } },
      plan('ENTERPRISE')
    ).text;
    expect(noPhone).toContain('please reply with the number we should call');
  });
});
