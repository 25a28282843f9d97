import type { Plan } from '../config/schema';
import { missingReportLines, sev1ContactLines } from './acknowledgement-details';
import type { CaseRecord } from './case';
import { caseSubject } from './case';

/** The acknowledgement for a customer who wrote in Polish (R-IN-2, R-IN-5, R-IN-6): the same content as the English one. */

const warsaw = new Intl.DateTimeFormat('pl-PL', {
  timeZone: 'Europe/Warsaw',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const when = (iso: string) => warsaw.format(new Date(iso));

function duration(minutes: number, clock: 'wall' | 'business'): string {
  const business = clock === 'business' ? ' roboczych' : '';
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    const unit = h === 1 ? 'godziny' : 'godzin';
    return `${h} ${unit}${business}`;
  }
  return `${minutes} minut${business}`;
}

function whatHappensNext(c: CaseRecord, plan: (Plan & { name: string }) | null): string[] {
  if (c.severity === 'SEV1' && c.sev1 && plan?.sev1Callback) {
    return [
      `Traktujemy zgłoszenie jako krytyczne (Severity 1) w ramach planu ${plan.name}.`,
      `Dyżurny inżynier jest właśnie powiadamiany i oddzwoni${c.requester.phone ? ` pod numer ${c.requester.phone}` : ''} w ciągu ${plan.sev1Callback.callbackMinutes} minut, do ${when(c.sev1.callbackDueAt)}.`,
      ...sev1ContactLines(c, 'pl'),
    ];
  }
  const response = c.sla?.targets.find((t) => t.kind === 'response' && !t.stoppedAt);
  const promise = response ? `Odpowiemy do ${when(response.dueAt)}.` : null;
  if (c.triage.reportedCritical) {
    if (c.contactStatus !== 'DESIGNATED') {
      return [
        'Wiadomość wskazuje na problem krytyczny, ale nie mogliśmy potwierdzić, że jest Pani/Pan wyznaczoną osobą kontaktową planu wsparcia, więc zgłoszenie nie jest objęte gwarancjami planu.',
        'Zgłoszenie jest zapisane i widoczne dla naszego zespołu; poinformowaliśmy też opiekuna konta.',
      ];
    }
    if (plan && !plan.sev1Callback) {
      const target = plan.critical.response ? duration(plan.critical.response.minutes, 'business') : null;
      const daysOff =
        plan.critical.calendar.weekly === '24/7' || plan.critical.calendar.weekly.sat.length > 0;
      return [
        c.severity === 'SEV1'
          ? `Traktujemy zgłoszenie jako krytyczne w ramach planu ${plan.name}. Plan nie obejmuje całodobowego oddzwaniania Sev-1, więc poza godzinami pracy nikt nie jest powiadamiany.`
          : `Wiadomość wskazuje na problem krytyczny. Plan ${plan.name} nie obejmuje całodobowego oddzwaniania Sev-1, więc poza godzinami pracy nikt nie jest powiadamiany.`,
        `W planie ${plan.name} problemy krytyczne ${target ? `otrzymują pierwszą reakcję w ciągu ${target}` : 'nie mają gwarantowanego czasu reakcji'} w godzinach wsparcia (${plan.serviceHours})${daysOff ? ', również w dni wolne od pracy' : ''}.`,
        ...(promise ? [promise] : []),
      ];
    }
    return [
      'Wiadomość wskazuje na problem krytyczny, ale nie mogliśmy potwierdzić, że pochodzi z Państwa organizacji, więc nikt nie został powiadomiony.',
      'Nasz zespół ją przejrzy; w pilnej sprawie prosimy napisać ponownie z zarejestrowanego adresu.',
    ];
  }
  if (c.sla && !c.sla.terms.guaranteed && plan) {
    return [
      'Odpowiemy najszybciej, jak to możliwe, ale to zgłoszenie nie ma gwarantowanego czasu odpowiedzi.',
    ];
  }
  if (promise && response && plan) {
    return [
      `Inżynier odpowie w ciągu ${duration(response.minutes, response.clock)} w ramach planu ${plan.name} (godziny wsparcia: ${plan.serviceHours}).`,
      promise,
    ];
  }
  if (plan) return [`Plan ${plan.name} nie gwarantuje czasu reakcji; odpowiemy najszybciej, jak to możliwe.`];
  return [
    'Odpowiemy najszybciej, jak to możliwe. Ten adres nie jest przypisany do planu wsparcia, więc czas odpowiedzi nie jest gwarantowany.',
  ];
}

export function polishAcknowledgementFor(
  c: CaseRecord,
  plan: (Plan & { name: string }) | null
): { subject: string; text: string } {
  const missing = c.sev1 ? [] : missingReportLines(c, 'pl');
  const text = [
    'Dzień dobry,',
    '',
    `otrzymaliśmy Państwa wiadomość i założyliśmy zgłoszenie ${c.reference}: "${c.subject}".`,
    '',
    ...whatHappensNext(c, plan),
    '',
    ...(missing.length ? [...missing, ''] : []),
    `Prosimy zachować [${c.reference}] w temacie odpowiedzi; odpowiedzi trafią do tego zgłoszenia.`,
    '',
    '-- ',
    'Zespół wsparcia caseflow',
  ].join('\n');
  return { subject: caseSubject(c.reference, c.subject), text };
}
