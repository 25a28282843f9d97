/**
 * Reading the words of a customer mail, in Polish and English (R-TRI-5): folding, the writer's own
 * words (quoted replies and signatures cut off), clauses, negation and language. Pure.
 */

export type Language = 'pl' | 'en';

/** Lower case, Polish diacritics folded, whitespace collapsed: "Awaria – nie działa" → "awaria – nie dziala". */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ');
}

/** Lines where a client starts quoting or forwarding an earlier mail (Outlook, Gmail, Apple Mail, Thunderbird; pl/en). */
const QUOTE_INTRO = [
  /^-{2,}\s*(original message|wiadomosc oryginalna|oryginalna wiadomosc|forwarded message|wiadomosc przekazana( dalej)?|przekazana wiadomosc)\s*-{2,}/,
  /^(on|w dniu|dnia)\b.{0,200}\b(wrote|napisal|napisala|napisal\(a\)|pisze):?$/,
  /^(from|od|sent|wyslano):\s.+/,
  /^_{10,}$/,
  /^(begin forwarded message|poczatek przekaz\w* wiadomosci)\s*:/,
];

/**
 * What the writer wrote in this mail: quoted lines (`>`), the quoted earlier message after a
 * "On … wrote:" / "W dniu … pisze:" / "-----Original Message-----" line, and the signature after
 * "-- " are cut, so a reply is not judged by the mail it quotes (nor by our own acknowledgement).
 */
export function ownWords(text: string): string {
  const kept: string[] = [];
  const lines = text.slice(0, MAX_READ).split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line === '-- ' || line === '--') break;
    const folded = normalizeText(line).trim();
    if (QUOTE_INTRO.some((p) => p.test(folded))) break;
    // Gmail wraps a long "On …, Name <address> wrote:" over two lines.
    const wrapped = `${folded} ${normalizeText(lines[i + 1] ?? '').trim()}`;
    if (/^(on|w dniu|dnia)\b/.test(folded) && QUOTE_INTRO[1]?.test(wrapped)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** How much of a body is read: enough for any human report, bounded for pasted logs and hostile mail. */
export const MAX_READ = 20_000;

/** Clauses: negation never reaches across a sentence, a comma or a "but". */
export function clausesOf(folded: string): string[] {
  return folded
    .split(/[.!?;:,\n()]+|\s[-–—]\s|\b(?:but|however|although|ale|jednak|lecz|natomiast|tylko ze)\b/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Words that deny what follows them within a few words: "to nie jest awaria", "no outage", "isn't down". */
const NEGATORS = new Set([
  'no',
  'not',
  "isn't",
  'isnt',
  "aren't",
  'arent',
  "wasn't",
  "weren't",
  "doesn't",
  "don't",
  "didn't",
  'never',
  'without',
  'nothing',
  'nie',
  'bez',
  'brak',
  'zadnej',
  'zadnego',
  'zadnych',
  'zadna',
  'ani',
]);
/** How many words before a phrase a negator still denies it ("nie jest to pilne": three). */
const NEGATION_REACH = 3;

export interface PhraseMatch {
  phrase: string;
  negated: boolean;
  /** The clause it was found in, for the reasons people read. */
  clause: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a word-bounded pattern over folded text; `*` leaves a word's ending open ("awari*"). */
const patterns = new Map<string, RegExp>();

export function phrasePattern(phrase: string): RegExp {
  const cached = patterns.get(phrase);
  if (cached) return cached;
  const body = normalizeText(phrase)
    .trim()
    .split('*')
    .map((part) => escapeRegExp(part).replace(/ /g, '\\s+'))
    .join('\\p{L}*');
  const pattern = new RegExp(`(?<![\\p{L}\\d])${body}(?![\\p{L}\\d])`, 'u');
  patterns.set(phrase, pattern);
  return pattern;
}

/** Every phrase found in the text, each marked negated when a negator precedes it in its clause. */
export function findPhrases(folded: string, phrases: readonly string[]): PhraseMatch[] {
  const found: PhraseMatch[] = [];
  let clauses: string[] | undefined;
  for (const phrase of phrases) {
    const pattern = phrasePattern(phrase);
    if (!pattern.test(folded)) continue;
    clauses ??= clausesOf(folded);
    for (const clause of clauses) {
      const m = pattern.exec(clause);
      if (!m) continue;
      const before = clause.slice(0, m.index).split(' ').filter(Boolean).slice(-NEGATION_REACH);
      found.push({ phrase, negated: before.some((w) => NEGATORS.has(w)), clause });
    }
  }
  return found;
}

const POLISH_WORDS = new Set(
  'w z na nie sie jest ze do od po dla czy jak ale juz oraz przez jestesmy mamy nam nasz nasze naszej prosze prosimy pozdrawiam dzien dobry witam dziekuje dziekujemy bardzo ktory ktora ktore tak tylko gdy kiedy wiec bo jednak takze rowniez byc bylo byl zostal awaria awarii dziala dzialaja blad bledu bledem pytanie faktura faktury zgloszenie serwer wysylka wysylki uslugi usluga konto klient klienta niedostepne niedostepny pilne pilny panelu odp temat wiadomosc'.split(
    ' '
  )
);
const ENGLISH_WORDS = new Set(
  'the and is are was were to of in on for with we our us you your it this that not have has please thanks thank regards hello hi dear since from when what which be been can cannot would should could'.split(
    ' '
  )
);

/**
 * The mail's language: Polish diacritics and common Polish words against common English words.
 * Polish wins a tie only when the text has Polish letters; English is the fallback.
 */
export function detectLanguage(subject: string, text: string): { language: Language; reason: string } {
  const sample = `${subject}\n${ownWords(text) || text.slice(0, MAX_READ)}`.slice(0, 4000);
  const diacritics = (sample.match(/[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/g) ?? []).length;
  let pl = 0;
  let en = 0;
  for (const word of normalizeText(sample).split(/[^\p{L}']+/u)) {
    if (POLISH_WORDS.has(word)) pl++;
    if (ENGLISH_WORDS.has(word)) en++;
  }
  const polishScore = pl + Math.min(diacritics, 10) / 2;
  if (polishScore > en || (polishScore === en && diacritics > 0)) {
    return {
      language: 'pl',
      reason: `Polish (${pl} Polish words, ${diacritics} Polish letters, ${en} English words)`,
    };
  }
  return { language: 'en', reason: `English (${en} English words, ${pl} Polish words)` };
}
