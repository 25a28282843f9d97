import type { CaseRecord } from './case';
import type { Language } from './mail-text';
import { REPORT_FIELD_REQUEST, REPORT_FIELDS, type ReportField } from './report-completeness';

/** The bug-report items the first mail lacked (R-IN-5), asked for in the customer's language. */
export function missingReportLines(c: CaseRecord, language: Language): string[] {
  const missing = (c.report?.missing ?? []).filter((f): f is ReportField =>
    (REPORT_FIELDS as readonly string[]).includes(f)
  );
  if (missing.length === 0) return [];
  const intro =
    language === 'pl'
      ? 'Aby szybciej zająć się zgłoszeniem, prosimy w odpowiedzi podać:'
      : 'To help us work on this sooner, please reply with:';
  return [intro, ...missing.map((f) => `- ${REPORT_FIELD_REQUEST[language][f]}`)];
}

/**
 * What a Sev-1 report records (R-IN-6): company, contact name, phone, email; the description is the
 * mail itself. The number we will call is confirmed, or asked for when none is on file.
 */
export function sev1ContactLines(c: CaseRecord, language: Language): string[] {
  const { name, phone, email } = c.requester;
  const recorded = [c.customerName, name, phone, email].filter(Boolean).join(', ');
  if (language === 'pl') {
    return [
      `Dane do oddzwonienia: ${recorded}.`,
      phone
        ? 'Jeśli lepszy jest inny numer, prosimy podać go w odpowiedzi.'
        : 'Nie mamy Państwa numeru telefonu: prosimy podać w odpowiedzi numer, pod który mamy zadzwonić.',
    ];
  }
  return [
    `Recorded for the callback: ${recorded}.`,
    phone
      ? 'If that number is not the best one to reach you, reply to this message with the right one.'
      : 'We have no phone number for you on file: please reply with the number we should call.',
  ];
}

/** The customer's notice when their reply raised the case to Sev-1 (R-SEV1-2, R-IN-6), in their language. */
export function raisedToSev1Notice(
  c: CaseRecord,
  sev1: { callbackDueAt: string },
  callbackMinutes: number,
  language: Language,
  format: (iso: string) => string
): { subject: string; text: string } {
  const phone = c.requester.phone ? ` ${language === 'pl' ? 'pod numer' : 'at'} ${c.requester.phone}` : '';
  const text =
    language === 'pl'
      ? [
          'Dzień dobry,',
          '',
          `po Państwa odpowiedzi zgłoszenie ${c.reference} ma teraz priorytet krytyczny (Sev-1).`,
          `Inżynier dyżurny jest właśnie powiadamiany i oddzwoni${phone} w ciągu ${callbackMinutes} minut, do ${format(sev1.callbackDueAt)}.`,
          '',
          ...sev1ContactLines(c, language),
        ]
      : [
          'Hello,',
          '',
          `After your reply, case ${c.reference} is now critical (Sev-1).`,
          `Our on-call engineer is being paged now and will call you back${phone} within ${callbackMinutes} minutes, by ${format(sev1.callbackDueAt)}.`,
          '',
          ...sev1ContactLines(c, language),
        ];
  return { subject: c.subject, text: text.join('\n') };
}
