import { timingSafeEqual } from 'node:crypto';
import type { CaseRecord } from '../domain/case';
import {
  type AddressKind,
  formatReplyAddress,
  matchSupportAddress,
  parseReplyTag,
  replyAddressMessage,
  tokenOf,
} from '../domain/reply-address';
import type { Services } from './deps';

type Deps = Pick<Services, 'config' | 'cases' | 'signer' | 'log'>;

/**
 * A new case's reply and note addresses, signed once when it opens and stored on it, so sending
 * a mail never needs the key. The page-link signer does it (KMS HMAC on AWS, the local key file
 * locally): one key, never in an environment variable or a log.
 */
export async function signedAddresses(
  deps: Pick<Services, 'signer'>,
  supportAddress: string,
  reference: string
): Promise<{ replyAddress: string; noteAddress: string }> {
  const [reply, note] = await Promise.all([
    deps.signer.sign(replyAddressMessage(reference, 'reply')),
    deps.signer.sign(replyAddressMessage(reference, 'note')),
  ]);
  return {
    replyAddress: formatReplyAddress(supportAddress, reference, tokenOf(reply), 'reply'),
    noteAddress: formatReplyAddress(supportAddress, reference, tokenOf(note), 'note'),
  };
}

export interface AddressedCase {
  case: CaseRecord;
  kind: AddressKind;
  /** The recipient it was found by. */
  address: string;
}

/**
 * The case a mail was sent to by its signed reply or note address, if a recipient is one and its
 * signature holds. A tag that does not verify is ignored (the mail goes on as if sent to the plain
 * support address) and logged without the address.
 */
export async function findAddressedCase(
  deps: Deps,
  recipients: readonly string[]
): Promise<AddressedCase | undefined> {
  for (const recipient of recipients) {
    const tag = matchSupportAddress(deps.config.supportAddresses, recipient)?.tag;
    const parsed = tag ? parseReplyTag(tag) : null;
    if (!parsed) continue;
    const expected = Buffer.from(
      tokenOf(await deps.signer.sign(replyAddressMessage(parsed.reference, parsed.kind)))
    );
    const given = Buffer.from(parsed.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      deps.log.warn('reply address with a bad signature ignored', { reference: parsed.reference });
      continue;
    }
    const caseId = await deps.cases.findCaseIdByReference(parsed.reference);
    const c = caseId ? await deps.cases.getCase(caseId) : undefined;
    if (c) return { case: c, kind: parsed.kind, address: recipient.toLowerCase() };
  }
  return undefined;
}
