import { createHash } from 'node:crypto';
import { type AttachmentRef, attachmentKey } from '../domain/attachments';
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
  for (const a of attachments) {
    const sha256 = createHash('sha256').update(a.content).digest('hex');
    const key = attachmentKey(caseId, sha256);
    const mimeType = (a.mimeType || 'application/octet-stream').toLowerCase();
    await deps.attachments.put(key, a.content, mimeType);
    refs.push({
      filename: a.filename,
      mimeType,
      sizeBytes: a.content.byteLength,
      sha256,
      disposition: a.disposition ?? null,
      key,
    });
  }
  return refs;
}
