/**
 * Words for case search (R-BOX-14): text folded the same way when a case is indexed and when staff
 * type a query, so "faktura" finds "fakturą" and "lodz" finds "Łódź". No stemming: a query word
 * matches every indexed word it begins ("faktur" finds "faktura", "fakturze", "faktury"), which is
 * what typing as you go needs and covers most Polish inflection without a stemmer's surprises.
 */

/** Words shorter than this are not indexed (single letters, "w", "i", "a"). */
export const MIN_WORD_LENGTH = 2;
/** Words are cut here: a base64 blob or a long URL is not one word anyone types. */
export const MAX_WORD_LENGTH = 40;
/** The index is keyed by a word's first letters; a query word this long reads one key. */
export const WORD_KEY_LENGTH = 3;

/** Frequent Polish and English words that say nothing about a case. */
const STOP_WORDS = new Set([
  // Polish (folded)
  'ale',
  'bo',
  'by',
  'co',
  'do',
  'ja',
  'jak',
  'jest',
  'juz',
  'ma',
  'mam',
  'na',
  'nie',
  'od',
  'po',
  'oraz',
  'sie',
  'ta',
  'tak',
  'ten',
  'to',
  'tym',
  'we',
  'za',
  'ze',
  // English
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'for',
  'from',
  'in',
  'is',
  'it',
  'of',
  'on',
  'or',
  'the',
  'this',
  'to',
  'was',
  'we',
  'with',
]);

/** Lowercase, diacritics dropped (NFD without combining marks), ł → l (it has no decomposition). */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss');
}

/** The folded words of a text, in order, with repeats (split on anything not a letter or digit). */
export function foldedWords(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/** The distinct words of a text worth indexing: no stop words, none shorter than MIN_WORD_LENGTH. */
export function indexWords(text: string): string[] {
  return [...new Set(foldedWords(text).filter((w) => w.length >= MIN_WORD_LENGTH && !STOP_WORDS.has(w)))];
}

/**
 * The words of a query: folded like indexed text. Stop words are dropped unless the query is
 * nothing else (then they are matched as typed); the last word of a query may be half typed and is
 * matched as a prefix, as is every other word (see the module comment).
 */
export function queryWords(query: string): string[] {
  const words = [...new Set(foldedWords(query).filter((w) => w.length >= MIN_WORD_LENGTH))];
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return meaningful.length ? meaningful : words;
}

/** The index key a word is filed under: its first WORD_KEY_LENGTH letters (all of a shorter word). */
export const wordKey = (word: string): string => word.slice(0, WORD_KEY_LENGTH);

/** Does an indexed word answer a query word? Short query words must match whole; longer ones begin it. */
export const wordMatches = (indexed: string, query: string): boolean =>
  query.length < WORD_KEY_LENGTH ? indexed === query : indexed.startsWith(query);

/** What a case is searchable by, per field (each a set of folded words). */
export interface SearchFields {
  /** Everything searchable by `q`: subject, message text, customer, sender. */
  words: string[];
  /** The customer's id and name (`customer=`). */
  customer: string[];
  /** Who wrote to the case (`sender=`): address and display name. */
  sender: string[];
}

/** A case's searchable words grouped by index key: one index entry per key and case. */
export type SearchEntries = Map<string, SearchFields>;

/**
 * The index entries for texts of one case: subject and message texts, the customer and the
 * sender of a message. Every customer and sender word is also a `words` word, so `q` finds them.
 */
export function searchEntries(input: {
  texts: string[];
  customer?: (string | null | undefined)[];
  sender?: (string | null | undefined)[];
}): SearchEntries {
  const entries: SearchEntries = new Map();
  const add = (field: keyof SearchFields, words: string[]) => {
    for (const word of words) {
      const key = wordKey(word);
      let entry = entries.get(key);
      if (!entry) {
        entry = { words: [], customer: [], sender: [] };
        entries.set(key, entry);
      }
      if (!entry[field].includes(word)) entry[field].push(word);
      if (field !== 'words' && !entry.words.includes(word)) entry.words.push(word);
    }
  };
  const wordsOf = (values: (string | null | undefined)[] = []) =>
    indexWords(values.filter((v): v is string => !!v).join('\n'));
  add('words', indexWords(input.texts.join('\n')));
  add('customer', wordsOf(input.customer));
  add('sender', wordsOf(input.sender));
  return entries;
}

/** "CF-1001", "cf 1001", "cf1001": a case reference typed in the search box, normalised; else null. */
export function referenceQuery(query: string): string | null {
  const match = /^\s*cf[\s-]?(\d{1,9})\s*$/i.exec(query);
  return match ? `CF-${match[1]}` : null;
}
