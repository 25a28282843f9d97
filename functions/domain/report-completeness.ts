import type { TriageCategory } from './case';
import { findPhrases, type Language, normalizeText, ownWords } from './mail-text';
import { MALFUNCTION_PHRASES, OUTAGE_PHRASES } from './triage-lexicon';

/**
 * What a bug report should carry (R-IN-5, the source document's a–f): reporter's name; device, OS
 * and version; when it was first noticed; a description with expected vs actual behaviour; the data
 * it happens with; the error category. Pure: read from the mail's own words, in Polish or English.
 */
export const REPORT_FIELDS = [
  'reporter',
  'device',
  'firstNoticed',
  'description',
  'data',
  'category',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export interface ReportInput {
  subject: string;
  text: string;
  /** The From display name, when the mail has one. */
  fromName: string | null;
  attachmentCount: number;
  /** Triage's routing category: billing, approval and on-site requests are not bug reports. */
  category: TriageCategory;
  /** Machine-written mail (`automatedMailReason`) is never a bug report. */
  automated?: string | null;
}

export interface ReportCompleteness {
  /** Whether the mail reports a defect at all; if not, nothing is asked for. */
  bugReport: boolean;
  present: ReportField[];
  missing: ReportField[];
  reasons: string[];
}

/** A defect report: something fails, errors or breaks (an outage is one too). */
const DEFECT_PHRASES = [
  ...OUTAGE_PHRASES,
  ...MALFUNCTION_PHRASES,
  'error*',
  'bug',
  'bugs',
  'fail*',
  'crash*',
  'exception*',
  'broken',
  'wrong',
  'incorrect*',
  'timeout*',
  'time out',
  'times out',
  'http 5*',
  'blad*',
  'bledy',
  'bledn*',
  'usterk*',
  'zawiesza*',
  'wywala*',
  'nie wysyla*',
  'nie mozna',
  'nie mozemy',
  'nie da sie',
  'niepoprawn*',
  'nieprawidlow*',
  'zle',
  'missing',
  'problem*',
  'not received',
  "doesn't arrive",
  'brakuje',
  'nie przychodz*',
  'nie dochodz*',
  'reject*',
  'stuck',
  'delay*',
  'arrive* late',
  'odrzuca*',
  'opozni*',
  'zablokowan*',
  'nie wychodz*',
  'stoi',
];

const FIRST_NAME = /^\p{Lu}\p{Ll}{1,20}$/u;
const PERSON_NAME = /^\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+){1,2}$/u;
const SIGN_OFF =
  /^(regards|best regards|kind regards|best|thanks|thank you|cheers|sincerely|pozdrawiam|z powazaniem|serdecznie pozdrawiam|pozdrowienia|dziekuje|dzieki)[,!.]?$/;

/** Display names of mailboxes, not people: "Globex Operations", "Dział Obsługi". */
const ROLE_WORDS =
  /\b(operations|ops|support|team|finance|billing|admin|administrator|office|info|sales|helpdesk|monitoring|noreply|no-reply|dzial|zespol|biuro|obsluga|ksiegowosc|serwis)\b/;
const isPersonName = (name: string) => PERSON_NAME.test(name) && !ROLE_WORDS.test(normalizeText(name));

/**
 * A person's name: a display name that is not a role mailbox, a name after a sign-off, a name
 * opening the last paragraph (the signature block), or "my name is" / "zgłaszający: …".
 */
function reporterOf(input: ReportInput, own: string): string | null {
  const name = input.fromName?.trim() ?? '';
  if (isPersonName(name)) return `the From name "${name}"`;
  const lines = own.split(/\r?\n/).map((l) => l.trim());
  for (let i = 0; i < lines.length - 1; i++) {
    if (!SIGN_OFF.test(normalizeText(lines[i] ?? ''))) continue;
    const next = lines.slice(i + 1).find((l) => l && l !== '--');
    // After a sign-off a first name alone is a name too ("Cheers,\nOla").
    if (next && (isPersonName(next) || (FIRST_NAME.test(next) && !ROLE_WORDS.test(normalizeText(next)))))
      return `signed "${next}"`;
  }
  const lastParagraph =
    own
      .split(/\n\s*\n/)
      .pop()
      ?.trim()
      .split(/\r?\n/)[0]
      ?.trim() ?? '';
  if (isPersonName(lastParagraph)) return `signed "${lastParagraph}"`;
  const introduced =
    /\b(reporter|reported by|zglaszajacy|zglaszajaca|osoba zglaszajaca):? \p{L}+ \p{L}+/u.exec(
      normalizeText(own)
    );
  if (introduced) return 'names the reporter';
  if (/\b(my name is|nazywam sie|z tej strony)\s+\p{L}+/u.test(normalizeText(own)))
    return 'introduces themself';
  return null;
}

const PLATFORM =
  /\b(windows( \d+| server| xp)?|macos|mac os|os x|linux|ubuntu|debian|centos|red ?hat|rhel|fedora|android|ios|ipados|iphone|ipad|samsung|pixel|chrome|chromium|firefox|safari|edge|opera|php|node(\.js)?|python|java|\.net|sdk|outlook|thunderbird|postfix|exim)\b/;
const VERSION =
  /(\b(version|wersj\p{L}*|ver\.?|v)\s*\d+|\b\d+\.\d+(\.\d+)*\b|\b(windows|android|ios|ubuntu|debian|macos) \d+)/u;
const WHEN = [
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/,
  /\b\d{1,2}:\d{2}\b/,
  /\b(yesterday|today|this morning|last night|tonight|since (monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|this|last|the|\d))\b/,
  /\b(on|last) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/,
  /\b\d+ (minutes?|hours?|days?|weeks?) ago\b/,
  /\b(\d{1,2}(st|nd|rd|th)? )?(january|february|march|april|may|june|july|august|september|october|november|december)( \d{1,2})?\b/,
  /\b(wczoraj|przedwczoraj|dzis|dzisiaj|od rana|rano|w nocy|zeszlej nocy|wieczorem|od poniedzialku|od wtorku|od srody|od czwartku|od piatku|od soboty|od niedzieli|od godziny|od \d)/,
  /\b\d+ (minut|godzin|godziny|dni|dzien|tygodni)\w* temu\b/,
  /\b\d{1,2} (stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrzesnia|pazdziernika|listopada|grudnia)\b/,
  /\bw (poniedzialek|wtorek|srode|czwartek|piatek|sobote|niedziele)\b/,
];
const EXPECTED = [
  'expect*',
  'should',
  'supposed to',
  'used to',
  'instead',
  'actual*',
  'normally',
  'oczekiw*',
  'powinn*',
  'powinien',
  'zamiast',
  'wczesniej dzialal*',
  'normalnie',
  'w rzeczywistosci',
];
const DATA = [
  'attach*',
  'screenshot*',
  'screen shot',
  'logs',
  'log excerpt',
  'log file*',
  'stack trace',
  'traceback',
  'request id',
  'message id',
  'message-id',
  'order id',
  'transaction id',
  'sample data',
  'example payload',
  'payload',
  'curl',
  'zalacz*',
  'zrzut* ekranu',
  'logi',
  'logach',
  'logu',
  'identyfikator*',
  'przykladow* dan*',
  'dane przykladow*',
  'dane wejsciowe',
];
const IDENTIFIER =
  /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|id[:#=] ?\S+)\b/;
const CATEGORY =
  /\b(category|kategori\p{L}*|severity|priority|priorytet\p{L}*|krytyczn\p{L}*|niekrytyczn\p{L}*|critical|non-critical|minor|major|blocker|sev-?\d|p[1-4]|urgent|pilne|pilny|pilna)\b/u;

/** Which R-IN-5 items the mail carries, and which to ask for. */
export function assessReport(input: ReportInput): ReportCompleteness {
  const own = ownWords(input.text);
  const folded = normalizeText(`${input.subject}\n${own}`);
  const defect = findPhrases(folded, DEFECT_PHRASES).find((m) => !m.negated);
  const technical = input.category === 'general' || input.category === 'sysadmin';
  if (input.automated) {
    return { bugReport: false, present: [], missing: [], reasons: [`automated mail (${input.automated})`] };
  }
  if (!defect || !technical) {
    return {
      bugReport: false,
      present: [],
      missing: [],
      reasons: [
        !technical
          ? `a ${input.category} request, not a bug report: nothing to ask for`
          : 'no defect reported (a question or request): nothing to ask for',
      ],
    };
  }
  const found: Partial<Record<ReportField, string>> = {};
  const reporter = reporterOf(input, own);
  if (reporter) found.reporter = reporter;
  const platform = PLATFORM.exec(folded);
  if (platform && VERSION.test(folded)) found.device = `names ${platform[0]} with a version`;
  const when = WHEN.map((p) => p.exec(folded)).find(Boolean);
  if (when) found.firstNoticed = `says when ("${when[0]}")`;
  const expected = findPhrases(folded, EXPECTED).find((m) => !m.negated);
  if (expected) found.description = `expected vs actual ("${expected.phrase.replace(/\*/g, '')}")`;
  const data = findPhrases(folded, DATA)[0];
  const id = IDENTIFIER.exec(folded);
  if (input.attachmentCount > 0) found.data = `${input.attachmentCount} attachment(s)`;
  else if (data) found.data = `mentions "${data.phrase.replace(/\*/g, '')}"`;
  else if (id) found.data = `quotes an identifier`;
  const category = CATEGORY.exec(folded);
  if (category) found.category = `states the category ("${category[0]}")`;

  const present = REPORT_FIELDS.filter((f) => found[f]);
  const missing = REPORT_FIELDS.filter((f) => !found[f]);
  return {
    bugReport: true,
    present,
    missing,
    reasons: [
      `a bug report ("${defect.phrase.replace(/\*/g, '')}")`,
      ...present.map((f) => `${f}: ${found[f]}`),
      ...(missing.length ? [`missing: ${missing.join(', ')}`] : []),
    ],
  };
}

/** How the acknowledgement names each missing item, in the customer's language. */
export const REPORT_FIELD_REQUEST: Record<Language, Record<ReportField, string>> = {
  en: {
    reporter: 'the name of the person reporting the problem',
    device: 'the device, operating system and its version',
    firstNoticed: 'the date and time the problem was first noticed',
    description: 'what you expected to happen and what happened instead',
    data: 'the data it happens with (sample data, IDs, logs or screenshots)',
    category:
      'how critical it is for you (critical: the service is persistently unavailable; otherwise non-critical)',
  },
  pl: {
    reporter: 'imię i nazwisko osoby zgłaszającej',
    device: 'urządzenie, system operacyjny i jego wersję',
    firstNoticed: 'datę i godzinę, kiedy problem zauważono po raz pierwszy',
    description: 'czego Państwo oczekiwali i co stało się zamiast tego',
    data: 'dane, przy których występuje błąd (przykładowe dane, identyfikatory, logi lub zrzuty ekranu)',
    category:
      'kategorię błędu (krytyczny: usługa trwale niedostępna; w pozostałych przypadkach niekrytyczny)',
  },
};
