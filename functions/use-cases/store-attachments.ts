import { createHash } from 'node:crypto';
import { type AttachmentRef, attachmentKey, MAX_LISTED_ATTACHMENTS } from '../domain/attachments';
import type { MessageRecord } from '../domain/case';
import type { AttachmentStore } from '../ports';

/**
 * Stores a message's attachments by case and SHA-256 (R-BOX-4) and returns how the message lists
 * them. The same content twice is one object; storing again is harmless, so a redelivery is too.
 */
export async function storeAttachments(
  deps: { attachments: AttachmentStore },
  caseId: string,
  attachments: readonly {
    filename: string | null;
    mimeType: string;
    disposition?: string | null;
    content: Uint8Array;
  }[]
): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  // A few at a time: S3 PUTs in parallel, never thousands at once.
  for (let start = 0; start < attachments.length; start += 10) {
    const batch = attachments.slice(start, start + 10).map(async (a) => {
      const sha256 = createHash('sha256').update(a.content).digest('hex');
      const key = attachmentKey(caseId, sha256);
      const mimeType = (a.mimeType || 'application/octet-stream').toLowerCase();
      await deps.attachments.put(key, a.content, mimeType);
      return {
        filename: a.filename,
        mimeType,
        sizeBytes: a.content.byteLength,
        sha256,
        disposition: a.disposition ?? null,
        key,
      };
    });
    refs.push(...(await Promise.all(batch)));
  }
  return refs;
}

/**
 * An inbound mail's attachments as its message lists them: the first `MAX_LISTED_ATTACHMENTS`
 * stored, the rest counted (they stay in the raw MIME).
 */
export async function storeInboundAttachments(
  deps: { attachments: AttachmentStore },
  caseId: string,
  attachments: Parameters<typeof storeAttachments>[2]
): Promise<Pick<MessageRecord, 'attachments' | 'attachmentsInRawMailOnly'>> {
  const listed = await storeAttachments(deps, caseId, attachments.slice(0, MAX_LISTED_ATTACHMENTS));
  const rest = attachments.length - listed.length;
  return rest > 0 ? { attachments: listed, attachmentsInRawMailOnly: rest } : { attachments: listed };
}
