/**
 * Whether a mail was written by a machine (RFC 3834 and common practice): auto-replies, lists and
 * bulk mail, no-reply and mailer-daemon senders, delivery-status notifications. Triage never reads
 * such a mail as a critical report and never pages for it (an out-of-office quoting "API down" in
 * its subject is not an outage report). Pure: headers as the codec hands them over.
 */

const MACHINE_SENDER =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply-[\w.-]+|bounces?)(\+[^@]*)?@/i;
const AUTO_SUBJECT =
  /^\s*(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|autoodpowied[zź]|odpowied[zź] automatyczna|undeliverable|undelivered mail|delivery status notification|mail delivery failed|niedostarczon|nie mo[zż]na dostarczy[cć])\b/i;

export function automatedMailReason(
  headers: readonly { key: string; value: string }[],
  fromAddress: string,
  subject = ''
): string | null {
  const header = (name: string) => headers.find((h) => h.key === name)?.value.trim() ?? null;
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (header('x-autoreply') || header('x-autorespond')) return 'X-Autoreply/X-Autorespond header';
  const precedence = header('precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (header('list-id')) return 'List-Id header (a mailing list)';
  if (/report-type="?delivery-status/i.test(header('content-type') ?? ''))
    return 'a delivery-status notification';
  if (MACHINE_SENDER.test(fromAddress)) return `sent by ${fromAddress.split('@')[0]}`;
  if (AUTO_SUBJECT.test(subject)) return 'an automatic reply (by its subject)';
  return null;
}
