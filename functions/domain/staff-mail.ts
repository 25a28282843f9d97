import type { Config } from '../config/schema';
import { normalizeText } from './triage';

/**
 * Staff working a case by mail (R-BOX-2, R-BOX-6): who counts as staff and what of their mail
 * reaches the customer. Pure: no I/O.
 */

export interface StaffMember {
  email: string;
  name: string | null;
  /** The signature set for this person (R-BOX-6); null: name and support address. */
  signature: string | null;
}

/**
 * Staff are the people the on-call and team configuration names: people, escalation levels,
 * management and team mailboxes. Support addresses themselves never are (that would be a loop).
 */
export function findStaff(config: Config, email: string): StaffMember | null {
  const address = email.toLowerCase();
  if (config.supportAddresses.some((a) => a.address === address)) return null;
  const person = Object.values(config.oncall.people).find((p) => p.email === address);
  if (person) return { email: address, name: person.name, signature: person.signature ?? null };
  const known =
    (config.oncall.escalation ?? []).some((l) => l.email === address) ||
    config.oncall.management.includes(address) ||
    Object.values(config.teams).some((t) => t?.email === address);
  return known ? { email: address, name: null, signature: null } : null;
}

/** The signature under a staff reply: the configured one, else who wrote and the support desk's name. */
export function signatureFor(staff: StaffMember | null, from: string, deskName: string): string {
  if (staff?.signature) return staff.signature.trim();
  return `${staff?.name ?? from}\n${deskName}`;
}

const QUOTE_MARKERS: RegExp[] = [
  /^>/,
  /^-- ?$/, // the writer's own signature: ours is added instead
  /^_{8,}\s*$/, // Outlook's separator above the quoted header block
  /^-{2,}\s*(original message|forwarded message|wiadomosc oryginalna|oryginalna wiadomosc|wiadomosc przekazana)/,
  /^(on|w dniu|dnia)\s.+(wrote|pisze|napisal\(a\)|napisal|napisala):\s*$/,
  /^(from|od):\s.+/, // Outlook's header block ("From: …", "Od: …")
];

/**
 * The new part of a reply: the text above the first quoted line, "On … wrote:" / "W dniu … pisze:"
 * line, Outlook header block or signature delimiter. Gmail wraps a long attribution line, so an
 * "On …" line whose next line ends in "wrote:" counts too.
 */
export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (const [i, line] of lines.entries()) {
    const plain = normalizeText(line.trim());
    const next = normalizeText((lines[i + 1] ?? '').trim());
    const wrapped =
      /^(on|w dniu|dnia)\s/.test(plain) && /(wrote|pisze|napisal\(a\)|napisal|napisala):$/.test(next);
    if (QUOTE_MARKERS.some((m) => m.test(plain)) || wrapped) {
      end = i;
      break;
    }
  }
  return lines.slice(0, end).join('\n').trim();
}
