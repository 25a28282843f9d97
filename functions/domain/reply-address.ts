import type { SupportAddress } from '../config/schema';

/**
 * Signed reply addresses (DESIGN threading): every mail we send on a case carries a Reply-To of
 * `<local>+cf-<n>.<token>@<domain>` on the support address the case came in through, and staff
 * get a note address `<local>+cf-<n>.<note token>.note@<domain>`. Each token is a truncated HMAC of
 * the reference and the address's kind, so a reply finds its case even when a client drops
 * In-Reply-To and References, a guessed address (another case number) does not verify, and the
 * reply address tells nothing about the note address.
 *
 * The token is lower-case hex: mail systems may change the case of a local part.
 */

export type AddressKind = 'reply' | 'note';

export interface ReplyTag {
  /** The case reference, e.g. CF-1042. */
  reference: string;
  token: string;
  kind: AddressKind;
}

/** 80 bits: unguessable, and short enough to keep the local part under 64 octets. */
export const TOKEN_HEX_LENGTH = 20;

/**
 * The exact bytes that are signed for a case's reply or note address. Each kind has its own token:
 * the customer knows the reply address, and must not be able to derive the staff note address.
 */
export function replyAddressMessage(reference: string, kind: AddressKind): string {
  return kind === 'reply'
    ? `caseflow-reply-address:v1:${reference.toUpperCase()}`
    : `caseflow-note-address:v1:${reference.toUpperCase()}`;
}

/** The token from a signer's base64url HMAC. */
export function tokenOf(signature: string): string {
  return Buffer.from(signature, 'base64url').toString('hex').slice(0, TOKEN_HEX_LENGTH);
}

/** The address itself: the support address's local part, plus the signed tag. */
export function formatReplyAddress(
  supportAddress: string,
  reference: string,
  token: string,
  kind: AddressKind
): string {
  const at = supportAddress.lastIndexOf('@');
  const local = supportAddress.slice(0, at);
  const domain = supportAddress.slice(at + 1);
  return `${local}+${reference.toLowerCase()}.${token}${kind === 'note' ? '.note' : ''}@${domain}`.toLowerCase();
}

/**
 * A recipient on a configured support address, plain or plus-addressed: the address it belongs
 * to and the tag after `+` (empty when plain). Null for any other recipient.
 */
export function matchSupportAddress(
  addresses: readonly SupportAddress[],
  recipient: string
): { channel: SupportAddress; tag: string } | null {
  const address = recipient.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  const base = plus < 0 ? local : local.slice(0, plus);
  const channel = addresses.find((a) => a.address === `${base}@${domain}`);
  return channel ? { channel, tag: plus < 0 ? '' : local.slice(plus + 1) } : null;
}

/** Reads `cf-1042.<token>` or `cf-1042.<token>.note`; null for any other tag. */
export function parseReplyTag(tag: string): ReplyTag | null {
  const match = /^cf-(\d{1,9})\.([0-9a-f]+)(\.note)?$/.exec(tag.toLowerCase());
  if (!match?.[1] || !match[2] || match[2].length !== TOKEN_HEX_LENGTH) return null;
  return { reference: `CF-${match[1]}`, token: match[2], kind: match[3] ? 'note' : 'reply' };
}
