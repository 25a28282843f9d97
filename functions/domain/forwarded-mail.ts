/**
 * A customer's mail that someone forwarded: the forwarded block's sender, subject, date and text,
 * and what the forwarder wrote above it. Covers the forms the mail clients our customers and staff
 * use write, in English and Polish: Gmail, Outlook (desktop and 365), Apple Mail, Thunderbird, and
 * a message/rfc822 part as the MIME parser inlines it. Pure: no I/O.
 *
 * (email-forward-parser is the usual library for this, but it needs the native re2 module, which a
 * Lambda bundle and an offline install cannot build.)
 */

export interface ForwardedMessage {
  from: { name: string | null; address: string };
  subject: string | null;
  date: string | null;
  /** The forwarded message's own text. */
  text: string;
  /** What the forwarder wrote above the forwarded message (may be empty). */
  note: string;
}

/** A line that opens a forwarded (or quoted original) message. */
const SEPARATORS: readonly RegExp[] = [
  // Gmail, Thunderbird, Outlook: "---------- Forwarded message ---------", "-----Original Message-----"
  /^-{2,}\s*(forwarded message|original message|wiadomo(ść|sc) (przekazana|oryginalna)|(przekazana|oryginalna) wiadomo(ść|sc))\s*-{2,}$/i,
  // Apple Mail
  /^(begin forwarded message|pocz(ą|a)tek przekazanej wiadomo(ś|s)ci)\s*:$/i,
  // Outlook 365 (a rule above the header block) and a message/rfc822 part inlined by the parser
  /^(_{10,}|-{10,})$/,
];

const HEADER =
  /^\*?(from|od|subject|temat|date|data|sent|wysłano|wysłana|to|do|cc|dw|reply-to|odpowiedz do)\s*:\*?\s*(.*)$/i;
const FIELD: Record<string, 'from' | 'subject' | 'date' | 'other'> = {
  from: 'from',
  od: 'from',
  subject: 'subject',
  temat: 'subject',
  date: 'date',
  data: 'date',
  sent: 'date',
  wysłano: 'date',
  wysłana: 'date',
};

const ADDRESS = /[^\s<>"'[\]():;,]+@[^\s<>"'[\]():;,]+\.[a-z]{2,}/i;

/** `Name <a@b>`, `"Name" <a@b>`, `Name [mailto:a@b]`, `a@b`: the address and any name. */
export function parseForwardedFrom(value: string): ForwardedMessage['from'] | null {
  const address = ADDRESS.exec(value)?.[0]?.toLowerCase();
  if (!address) return null;
  const name = value
    .replace(/<[^>]*>|\[mailto:[^\]]*\]|\([^)]*@[^)]*\)/gi, '')
    .replace(ADDRESS, '')
    .replace(/["*]/g, '')
    .trim();
  return { address, name: name || null };
}

/** The first forwarded message in `text`, or null when the text forwards none (with a sender). */
export function findForwardedMessage(text: string): ForwardedMessage | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!SEPARATORS.some((s) => s.test(line))) continue;
    const block = readHeaderBlock(lines, i + 1);
    if (!block) continue;
    return {
      ...block.fields,
      text: lines.slice(block.end).join('\n').trim(),
      note: lines.slice(0, i).join('\n').trim(),
    };
  }
  return null;
}

/** Header lines after a separator, up to the first blank line after them; needs a sender. */
function readHeaderBlock(
  lines: readonly string[],
  start: number
): { fields: Pick<ForwardedMessage, 'from' | 'subject' | 'date'>; end: number } | null {
  let i = start;
  while (i < lines.length && !lines[i]?.trim()) i++;
  let from: ForwardedMessage['from'] | null = null;
  let subject: string | null = null;
  let date: string | null = null;
  let headers = 0;
  for (; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const header = HEADER.exec(line);
    if (!header) break;
    headers++;
    const field = FIELD[(header[1] ?? '').toLowerCase()] ?? 'other';
    const value = (header[2] ?? '').trim();
    if (field === 'from') from ??= parseForwardedFrom(value);
    else if (field === 'subject') subject ??= value || null;
    else if (field === 'date') date ??= value || null;
  }
  if (!from || headers < 2) return null;
  // The parser's inlined message/rfc822 closes its header block with another rule.
  if (/^(-{10,}|_{10,})$/.test((lines[i] ?? '').trim())) i++;
  return { fields: { from, subject, date }, end: i };
}

/** The forwarded subject, else the forwarder's without its Fwd:/FW:/PD: prefixes. */
export function forwardedSubject(forwarded: ForwardedMessage, subject: string): string {
  if (forwarded.subject) return forwarded.subject;
  return subject.replace(/^\s*((fwd?|fw|pd|prz|przekaż|tr|wg)\s*:\s*)+/i, '').trim() || subject;
}
