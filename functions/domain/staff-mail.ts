import type { Config } from '../config/schema';
import { type ForwardedMessage, findForwardedMessage } from './forwarded-mail';
import { type SenderVerdicts, senderAuthenticated } from './sender-auth';
import { normalizeText } from './triage';

/**
 * Staff working a case by mail (R-BOX-2, R-BOX-6, R-SEV1-5): who counts as staff, what of their
 * mail reaches the customer, the `#resolve` command, and how a customer's answer to a proposed
 * resolution reads. Pure: no I/O.
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

/**
 * Why SES does not prove who sent a mail, or null when it does (DMARC not failed, SPF or DKIM
 * passed, no spam or virus verdict): unproven mail never acts as staff, nor confirms a resolution.
 */
export function unprovenSender(verdicts: SenderVerdicts): string | null {
  if (verdicts.virus === 'FAIL') return 'SES found a virus';
  if (verdicts.spam === 'FAIL') return 'SES marked the mail as spam';
  const auth = senderAuthenticated(verdicts);
  return auth.ok ? null : auth.reason;
}

/**
 * A proven staff member forwarding a customer's mail to a support address: the case belongs to the
 * customer who wrote it, not to the forwarder (as help desks do with an agent's forward). Null when
 * the sender is not proven staff, or the mail forwards none from someone outside support.
 */
export function staffForward(
  config: Config,
  sender: string,
  verdicts: SenderVerdicts,
  text: string
): { by: StaffMember; forwarded: ForwardedMessage } | null {
  const by = findStaff(config, sender);
  if (!by || unprovenSender(verdicts)) return null;
  const forwarded = findForwardedMessage(text);
  if (!forwarded) return null;
  const original = forwarded.from.address;
  if (findStaff(config, original) || config.supportAddresses.some((a) => a.address === original)) return null;
  return { by, forwarded };
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

/** A staff mail whose first line is `#resolve` proposes a resolution with the rest of the text. */
export function parseStaffCommand(text: string): { resolve: boolean; text: string } {
  const lines = text.trim().split('\n');
  if (/^#(resolve|resolved|rozwiazane|rozwiaz)\s*$/.test(normalizeText((lines[0] ?? '').trim())))
    return { resolve: true, text: lines.slice(1).join('\n').trim() };
  return { resolve: false, text: text.trim() };
}

export type ConfirmationReading = 'confirmed' | 'rejected' | 'unclear';

/** Signs that the problem is not solved; any one wins over a "yes". */
const NOT_SOLVED: RegExp[] = [
  /^(no|nie)\s*([,.!;:-]|$)/,
  /\b(still|nadal|wciaz|dalej|ciagle)\b.{0,40}\b(not|nie|fails?|broken|down|error|problem|blad|awari)/,
  /\b(still|nadal|wciaz|dalej|ciagle) (happen|occur|wyst|jest)/,
  /\bnie (dziala|dzialaja|zostal[aoy]? (rozwiazan|naprawion)|jest (rozwiazan|naprawion)|rozwiazal|pomoglo|pomogl)/,
  /\b(not|isn't|is not|wasn't|hasn't been|has not been|not yet) (working|fixed|resolved|solved)\b/,
  /\b(doesn't|does not|didn't|did not|don't|do not) (work|help|fix)/,
  /\b(don't|do not|please don't|please do not) close\b/,
  /\bnie (zamykac|zamykajcie|zamykaj)\b/,
  /\bproblem (persists|remains|is still|still)\b/,
  /\b(reopen|otworzcie ponownie)\b/,
  /\b(nie wiem|not sure|don't know|do not know)\b/,
];

/** Signs of agreement, strongest first; one negated by the word or two before it ("nie potwierdzam") disagrees. */
const SOLVED: RegExp[] = [
  /^(yes|yep|yeah|tak|ok|okay|jasne|zgoda)\b/,
  /\b(potwierdzam|confirmed?|zatwierdzam)\b/,
  /\b(you can|you may|please|can be|mozna|mozecie|prosze|moze pan|moze pani) (now )?(close|zamknac|zamykac)/,
  /\b(dziala|dzialaja|works|working( now| again| fine)?|wszystko (ok|w porzadku))\b/,
  /\b(resolved|solved|fixed|rozwiazan[ey]?|rozwiazal|naprawion[ey]?|naprawiliscie)\b/,
];
const NEGATORS = /\b(not|no|nie|never|nigdy|don't|doesn't|isn't|can't|cannot|nie mozna)\s+(\w+\s+)?$/;

/**
 * How a customer's reply to a proposed resolution reads (R-SEV1-5), in Polish or English, from
 * the new part of their mail only. "Tak, działa" and "you can close it" confirm; "nie, nadal nie
 * działa", "not fixed" and "still down" do not; anything else is unclear, which reopens work.
 */
export function readConfirmation(text: string): ConfirmationReading {
  const fresh = normalizeText(stripQuotedHistory(text)).trim().slice(0, 500);
  if (!fresh) return 'unclear';
  if (NOT_SOLVED.some((r) => r.test(fresh))) return 'rejected';
  for (const pattern of SOLVED) {
    const match = pattern.exec(fresh);
    if (match) return NEGATORS.test(fresh.slice(0, match.index)) ? 'rejected' : 'confirmed';
  }
  return 'unclear';
}

/** Added under a proposed resolution: how to confirm, and when the case closes on its own. */
export function resolutionRequest(reference: string, days: number): string {
  return [
    `PL: Jeśli problem został rozwiązany, odpowiedz „tak” lub „potwierdzam”. Jeśli nie, opisz, co nadal nie działa. Bez odpowiedzi w ciągu ${days} dni zamkniemy zgłoszenie ${reference}.`,
    `EN: If this solves the problem, reply "yes" or "confirmed". If not, tell us what still does not work. Without a reply within ${days} days we will close case ${reference}.`,
  ].join('\n');
}

/** The mail that tells the customer the case closed after the proposal went unanswered. */
export function autoClosedNotice(reference: string, days: number): string {
  return [
    `PL: Zgłoszenie ${reference} zostało zamknięte: zaproponowaliśmy rozwiązanie i przez ${days} dni nie otrzymaliśmy odpowiedzi. Jeśli problem wróci, odpowiedz na tę wiadomość, a zgłoszenie zostanie ponownie otwarte.`,
    `EN: Case ${reference} is now closed: we proposed a resolution and heard nothing for ${days} days. If the problem comes back, reply to this message and the case reopens.`,
  ].join('\n\n');
}
