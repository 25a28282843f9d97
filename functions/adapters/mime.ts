import { convert, type HtmlToTextOptions } from 'html-to-text';
import PostalMime, { type Address } from 'postal-mime';
import { MAX_THREAD_REFERENCES, type ParsedAddress, type ParsedMail } from '../domain/parsed-mail';
import { storedSubject } from '../domain/stored-text';
import type { MailCodec } from '../ports';

/** MIME in, by postal-mime (out: ./compose-mime.ts): no hand-written MIME. */

function mailboxes(addresses: Address[] | Address | undefined): ParsedAddress[] {
  const list = addresses === undefined ? [] : Array.isArray(addresses) ? addresses : [addresses];
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => ({ address: (m.address ?? '').toLowerCase(), name: m.name || null }));
}

/**
 * Readable text from HTML for triage and staff (never rendered), by html-to-text: no wrapping,
 * links as their text, no images, headings in their own case, paragraphs one line apart, a
 * quoted block as plain lines (quote marking is left to the text's own `>` lines), and a
 * non-breaking space as a space.
 */
const htmlTextOptions: HtmlToTextOptions = {
  wordwrap: false,
  whitespaceCharacters: ' \t\r\n\f\u200b\u00a0',
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'blockquote', format: 'block' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

export function htmlToText(html: string): string {
  return convert(html, htmlTextOptions);
}

/** A single-byte charset as the MIME parser decodes it (WHATWG), back to bytes: char → byte. */
function byteTable(charset: string): Map<string, number> {
  const decoded = new TextDecoder(charset).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return new Map([...decoded].map((char, byte) => [char, byte]));
}
const latin2Bytes = byteTable('iso-8859-2');
/** ISO-8859-1 and unknown labels are read as windows-1252 (postal-mime's fallback). */
const westernBytes = byteTable('windows-1252');
const latin2 = new TextDecoder('iso-8859-2');
const windows1250 = new TextDecoder('windows-1250');
const C1_CONTROLS = /[\u0080-\u009f]/;
const POLISH_LETTERS = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/g;
/** What Polish letters become when their ISO-8859-2 or windows-1250 bytes are read as windows-1252. */
const POLISH_MOJIBAKE = /[±¶¼³¿¦¬¹œŸŒ¥£¡]/g;
/** …inside a word ("koryguj±c±"), where those signs never stand in real text ("±3 mm", "10³"). */
const IN_WORD_MOJIBAKE = /(?<=\p{L})[±¶¼³¿¦¬¹œŸŒ¥£¡]|[±¶¼³¿¦¬¹œŸŒ¥£¡](?=\p{L})/gu;

function toBytes(text: string, table: Map<string, number>): Uint8Array | null {
  const bytes: number[] = [];
  for (const char of text) {
    const byte = table.get(char);
    if (byte === undefined) return null;
    bytes.push(byte);
  }
  return Uint8Array.from(bytes);
}

const polishScore = (text: string) =>
  (text.match(POLISH_LETTERS)?.length ?? 0) - (text.match(POLISH_MOJIBAKE)?.length ?? 0);

/**
 * Polish text read in the wrong single-byte charset, put right:
 * - labelled ISO-8859-2 but written in windows-1250 (older Outlook, some webmail): "ą", "ś", "ź"
 *   come out as "š" and C1 control characters, which never belong in text;
 * - labelled ISO-8859-1 or windows-1252, or with a label the parser does not know (`unknown-8bit`):
 *   "koryguj±c±", "¶rodowisko".
 * With at least two such signs inside words, the text goes back to its bytes and is read as
 * ISO-8859-2 and as windows-1250; a reading is taken only when it is clearly more Polish (at least
 * two more Polish letters than mojibake signs).
 * Any other text is returned as it is.
 */
export function repairMislabelledPolish(text: string): string {
  if (C1_CONTROLS.test(text)) {
    const bytes = toBytes(text, latin2Bytes);
    const repaired = bytes && windows1250.decode(bytes);
    if (repaired && !C1_CONTROLS.test(repaired)) return repaired;
  }
  if ((text.match(IN_WORD_MOJIBAKE)?.length ?? 0) < 2) return text;
  const bytes = toBytes(text, westernBytes);
  if (!bytes) return text;
  const best = [latin2.decode(bytes), windows1250.decode(bytes)]
    .filter((reading) => !C1_CONTROLS.test(reading))
    .sort((a, b) => polishScore(b) - polishScore(a))[0];
  return best && polishScore(best) >= polishScore(text) + 2 ? best : text;
}

/** "<a@x> <b@y>" → ["<a@x>", "<b@y>"] */
export function splitMessageIds(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

export class PostalMimeCodec implements MailCodec {
  async parse(raw: Uint8Array): Promise<ParsedMail> {
    const email = await PostalMime.parse(raw);
    return {
      messageId: splitMessageIds(email.messageId)[0] ?? null,
      inReplyTo: splitMessageIds(email.inReplyTo)[0] ?? null,
      references: splitMessageIds(email.references).slice(-MAX_THREAD_REFERENCES),
      from: mailboxes(email.from)[0] ?? null,
      to: mailboxes(email.to),
      cc: mailboxes(email.cc),
      replyTo: mailboxes(email.replyTo),
      subject: storedSubject((email.subject ?? '').replace(/[\r\n]+/g, ' ')),
      // postal-mime keeps CRLF in text; store LF. HTML-only mail (some phones) gets text from the HTML.
      text: repairMislabelledPolish(email.text ?? htmlToText(email.html ?? '')).replace(/\r\n/g, '\n'),
      html: email.html ?? null,
      date: email.date ?? null,
      headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        mimeType: a.mimeType,
        disposition: a.disposition,
        contentId: a.contentId ?? null,
        content:
          typeof a.content === 'string'
            ? new TextEncoder().encode(a.content)
            : a.content instanceof Uint8Array
              ? a.content
              : new Uint8Array(a.content),
      })),
    };
  }
}
