/**
 * Automatically sent mail (RFC 3834): out-of-office replies, bounces, lists, robots and our own
 * mail coming back. Such mail is kept on its case but never acknowledged (an acknowledgement to a
 * robot is how two help desks end up mailing each other for ever) and never pages anyone.
 */

export type AutomatedKind =
  | 'auto-submitted'
  | 'auto-responder'
  | 'bulk'
  | 'mailing-list'
  | 'report'
  | 'system-sender'
  | 'null-sender'
  | 'own-address';

export interface AutomatedVerdict {
  kind: AutomatedKind;
  /** One line for people, naming the header or address that gave it away. */
  reason: string;
}

export interface AutomatedMailInput {
  /** Every header, names lower-cased. */
  headers: readonly { key: string; value: string }[];
  /** The From address, lower case ('' when the mail has none). */
  from: string;
  /** The envelope sender (MAIL FROM); '' for the null sender <>. */
  envelopeFrom: string;
  /** Our own support addresses: mail from them is our own mail coming back. */
  ownAddresses: readonly string[];
}

/** Local parts robots send from (compared without '-', '_' and '.'). */
const SYSTEM_LOCAL_PARTS = new Set([
  'mailerdaemon',
  'postmaster',
  'noreply',
  'donotreply',
  'dontreply',
  'noreplies',
  'nobody',
  'bounce',
  'bounces',
]);

const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply', 'auto-reply']);

function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  // "no-reply+tag@…" is still no-reply.
  return local.replace(/\+.*$/, '').replace(/[-_.]/g, '');
}

function isSystemAddress(address: string): boolean {
  return address !== '' && SYSTEM_LOCAL_PARTS.has(localPart(address));
}

/** The first keyword of a structured header value: "auto-replied; owner=x" → "auto-replied". */
function keyword(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** Why this mail was sent by a machine, or null when a person wrote it. */
export function classifyAutomatedMail(input: AutomatedMailInput): AutomatedVerdict | null {
  const header = (name: string) => input.headers.find((h) => h.key === name)?.value;
  const envelope = input.envelopeFrom.trim().replace(/^<|>$/g, '').toLowerCase();
  const from = input.from.toLowerCase();
  const own = new Set(input.ownAddresses.map((a) => a.toLowerCase()));

  if (envelope === '')
    return { kind: 'null-sender', reason: 'empty envelope sender (MAIL FROM:<>): a delivery report' };
  for (const address of [from, envelope])
    if (own.has(address))
      return { kind: 'own-address', reason: `sent from our own support address ${address}` };

  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && keyword(autoSubmitted) !== 'no')
    return { kind: 'auto-submitted', reason: `Auto-Submitted: ${keyword(autoSubmitted) || '(empty)'}` };
  for (const name of ['x-autoreply', 'x-autorespond'])
    if (header(name) !== undefined) return { kind: 'auto-responder', reason: `${name} header present` };
  const precedence = header('precedence');
  if (precedence !== undefined && AUTO_PRECEDENCE.has(keyword(precedence)))
    return { kind: 'bulk', reason: `Precedence: ${keyword(precedence)}` };
  for (const name of ['list-id', 'list-unsubscribe'])
    if (header(name) !== undefined) return { kind: 'mailing-list', reason: `${name} header present` };
  const contentType = header('content-type');
  if (contentType !== undefined && keyword(contentType) === 'multipart/report')
    return { kind: 'report', reason: 'a multipart/report (delivery or read report)' };
  for (const address of [from, envelope])
    if (isSystemAddress(address))
      return { kind: 'system-sender', reason: `sent from the system address ${address}` };
  return null;
}

const AUTO_SUBJECT =
  /^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|autoodpowied[zź]|odpowied[zź] automatyczna|undeliverable|undelivered mail|delivery status notification|mail delivery failed|niedostarczon|nie mo[zż]na dostarczy[cć])\b/i;

/**
 * For triage: why a mail reads as machine-written — its headers or sender (as above), or an
 * auto-reply subject — or null. Such a mail never reads as a critical report (an out-of-office
 * quoting "API down" in its subject is not an outage report).
 */
export function automatedMailReason(
  headers: readonly { key: string; value: string }[],
  fromAddress: string,
  subject = ''
): string | null {
  const verdict = classifyAutomatedMail({
    headers,
    from: fromAddress,
    // The envelope is judged at intake (screen-inbound-mail); here only what the mail itself says.
    envelopeFrom: fromAddress || 'unknown',
    ownAddresses: [],
  });
  if (verdict) return verdict.reason;
  if (AUTO_SUBJECT.test(subject)) return 'an automatic reply (by its subject)';
  return null;
}
