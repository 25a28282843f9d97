import { domainToUnicode } from 'node:url';
import type { Config, Customer } from '../config/schema';
import { type ContactStatus, domainOf, type SenderIdentity } from './directory';
import { type SenderVerdicts, senderAuthenticated } from './sender-auth';

/**
 * Whether a mail may act as the contact it claims to be (R-IN-4). The directory says who the From
 * address is; this says whether to believe it: SES's SPF/DKIM/DMARC verdicts, and whether the
 * domain only looks like a customer's (acrne.example, acme.com, аcme.example in Cyrillic).
 * A flagged mail never pages and never gets the plan's guarantees; the case says why.
 */

export type TrustFlag = 'UNVERIFIED_CONTACT' | 'LOOKALIKE_DOMAIN' | 'NOT_AUTHENTICATED';

export interface Lookalike {
  /** The customer whose domain the sender's imitates. */
  customerId: string;
  customerName: string;
  /** The customer's real domain and the sender's. */
  domain: string;
  senderDomain: string;
  why: string;
}

export interface SenderTrust {
  /** The contact status the case carries: the directory's, or LOOKALIKE. */
  status: ContactStatus;
  flags: TrustFlag[];
  /** Every reason behind the flags, for people to read. */
  reasons: string[];
  lookalike: Lookalike | null;
  /** The customer whose account manager or team is told about this mail (null: nobody). */
  notifyCustomerId: string | null;
}

/** Second-level public suffixes common among our customers: the registrable label sits left of them. */
const TWO_LEVEL_SUFFIXES = new Set([
  'com.pl',
  'net.pl',
  'org.pl',
  'edu.pl',
  'gov.pl',
  'waw.pl',
  'co.uk',
  'org.uk',
  'ac.uk',
  'com.au',
  'co.jp',
  'co.nz',
  'com.br',
  'co.za',
  'com.de',
]);

/** "mail.acme.com.pl" → { label: "acme", suffix: "com.pl" } */
export function registrableLabel(domain: string): { label: string; suffix: string } {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const lastTwo = labels.slice(-2).join('.');
  const suffixLength = labels.length > 2 && TWO_LEVEL_SUFFIXES.has(lastTwo) ? 2 : 1;
  const label = labels[labels.length - suffixLength - 1] ?? labels[0] ?? '';
  return { label, suffix: labels.slice(-suffixLength).join('.') };
}

/** Letters that render like Latin ones (Cyrillic and Greek), folded to the Latin letter. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ο: 'o',
  α: 'a',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  ι: 'i',
  κ: 'k',
  ε: 'e',
};

/**
 * What a label looks like on screen: homoglyphs and accents folded, then the look-alike digit and
 * letter runs (rn→m, vv→w, cl→d, 0→o, 1/i/|→l, 5→s) collapsed, hyphens dropped.
 */
export function visualSkeleton(label: string): string {
  const folded = [...(domainToUnicode(label.toLowerCase()) || label.toLowerCase())]
    .map((ch) => HOMOGLYPHS[ch] ?? ch)
    .join('')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l');
  return folded
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/cl/g, 'd')
    .replace(/0/g, 'o')
    .replace(/[1i|!]/g, 'l')
    .replace(/5/g, 's')
    .replace(/-/g, '');
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Edits a label may differ by and still count as a lookalike: 2 for labels of 6+ characters, 1 for
 * 4–5 (acme vs home is two edits and no imitation), none below (only a visual twin counts).
 */
function allowedEdits(length: number): number {
  if (length >= 6) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** The customer domain the sender's domain imitates, if any (the customers' own domains never are). */
export function findLookalike(senderDomain: string, customers: readonly Customer[]): Lookalike | null {
  const domain = senderDomain.toLowerCase();
  const own = (d: string) => domain === d || domain.endsWith(`.${d}`);
  if (customers.some((c) => c.domains.some(own))) return null;
  const sender = registrableLabel(domain);
  const senderSkeleton = visualSkeleton(sender.label);
  const unicode = domainToUnicode(domain);
  for (const customer of customers) {
    for (const real of customer.domains) {
      const target = registrableLabel(real);
      const found = (why: string): Lookalike => ({
        customerId: customer.id,
        customerName: customer.name,
        domain: real,
        senderDomain: domain,
        why: `${domain} looks like ${customer.name}'s domain ${real}: ${why}`,
      });
      if (domain.startsWith(`${real}.`)) return found(`the real domain is only a prefix of ${domain}`);
      if (sender.label === target.label)
        return found(`the same name under another suffix (.${sender.suffix})`);
      if (senderSkeleton === visualSkeleton(target.label)) {
        const how =
          /[^ -~]/.test(unicode) || /^xn--/.test(sender.label)
            ? 'look-alike characters (IDN)'
            : 'look-alike letters or digits';
        return found(how);
      }
      if (target.label.length >= 4 && sender.label.split('-').includes(target.label))
        return found(`the name ${target.label} with a hyphenated addition`);
      const edits = editDistance(sender.label, target.label, 2);
      if (edits <= allowedEdits(target.label.length))
        return found(`${edits} letter${edits === 1 ? '' : 's'} away from ${target.label}`);
    }
  }
  return null;
}

/** Trust in the sender of one mail: the directory's answer checked against verdicts and look-alikes. */
export function assessSenderTrust(
  config: Pick<Config, 'customers'>,
  sender: SenderIdentity,
  fromAddress: string,
  verdicts: SenderVerdicts
): SenderTrust {
  const flags: TrustFlag[] = [];
  const reasons: string[] = [];
  let status = sender.status;
  let notifyCustomerId: string | null = sender.customer?.id ?? null;
  const lookalike = sender.customer ? null : findLookalike(domainOf(fromAddress), config.customers);
  if (lookalike) {
    status = 'LOOKALIKE';
    flags.push('LOOKALIKE_DOMAIN');
    reasons.push(`${lookalike.why}: treated as a stranger, never as ${lookalike.customerName}`);
    notifyCustomerId = lookalike.customerId;
  }
  if (sender.status === 'UNVERIFIED') {
    flags.push('UNVERIFIED_CONTACT');
    reasons.push(
      `${fromAddress} is not a designated contact of ${sender.customer?.name}: no plan guarantees`
    );
  }
  const auth = senderAuthenticated(verdicts);
  if (sender.customer && !auth.ok) {
    flags.push('NOT_AUTHENTICATED');
    reasons.push(
      `${auth.reason}: the mail cannot act as ${fromAddress}; it never pages and has no guarantees`
    );
  }
  if (!sender.customer && !lookalike) notifyCustomerId = null;
  return { status, flags, reasons, lookalike, notifyCustomerId: flags.length ? notifyCustomerId : null };
}
